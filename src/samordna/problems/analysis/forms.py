"""Plain forms for the cause analysis, one section (tool) at a time, without JavaScript.

Lists are textareas with one item per line; the cause tree marks sub-causes with a
dash per level; chains and hypotheses get a few blank rows to add to (emptying a row
removes it). The forms only parse input into the tools' JSON; the rules (shapes,
personal data) live in analysis_services/analysis_shapes, whose errors come back on the
form as a whole.
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from samordna.problems.analysis.selectors import (
    BONE_LABELS,
    CORNER_LABELS,
    LEVEL_LABELS,
    STATUS_LABELS,
)
from samordna.problems.analysis.shapes import ShapeError, lines_to_tree, tree_to_lines
from samordna.problems.models import CauseAnalysis

LINES = forms.Textarea(attrs={"rows": 4})
SHORT = forms.Textarea(attrs={"rows": 2})
ONE_PER_LINE = _("En per rad.")


def _split(text: str) -> list[str]:
    return [line.strip() for line in text.splitlines() if line.strip()]


class SectionForm(forms.Form):
    """A section: `initial_from` reads the analysis, `changes` gives the service's input."""

    title: Promise = _("Avsnitt")

    def __init__(self, *args: Any, analysis: CauseAnalysis, **kwargs: Any) -> None:
        kwargs.setdefault("initial", self.initial_from(analysis))
        super().__init__(*args, **kwargs)
        self.analysis = analysis

    @classmethod
    def initial_from(cls, analysis: CauseAnalysis) -> dict[str, Any]:
        return {}

    def changes(self) -> dict[str, Any]:
        raise NotImplementedError


class TriangleForm(SectionForm):
    title = _("Problemanalystriangeln")

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for key, (label, controller) in CORNER_LABELS.items():
            self.fields[f"{key}_text"] = forms.CharField(label=label, required=False, widget=SHORT)
            self.fields[f"{key}_controller"] = forms.CharField(
                label=controller, required=False, widget=SHORT
            )

    @classmethod
    def initial_from(cls, analysis: CauseAnalysis) -> dict[str, Any]:
        initial = {}
        for key in CORNER_LABELS:
            corner = analysis.triangle.get(key) or {}
            initial[f"{key}_text"] = corner.get("text", "")
            initial[f"{key}_controller"] = corner.get("controller", "")
        return initial

    def changes(self) -> dict[str, Any]:
        data = self.cleaned_data
        triangle = {
            key: {"text": data[f"{key}_text"], "controller": data[f"{key}_controller"]}
            for key in CORNER_LABELS
        }
        empty = not any(c["text"].strip() or c["controller"].strip() for c in triangle.values())
        return {"triangle": {} if empty else triangle}


class FishboneForm(SectionForm):
    title = _("Fiskbensdiagrammet")

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for key, label in BONE_LABELS.items():
            self.fields[key] = forms.CharField(
                label=label, required=False, widget=LINES, help_text=ONE_PER_LINE
            )

    @classmethod
    def initial_from(cls, analysis: CauseAnalysis) -> dict[str, Any]:
        return {key: "\n".join(analysis.fishbone.get(key, [])) for key in BONE_LABELS}

    def changes(self) -> dict[str, Any]:
        bones = {key: _split(self.cleaned_data[key]) for key in BONE_LABELS}
        return {"fishbone": bones if any(bones.values()) else {}}


class RowsForm(SectionForm):
    """A section of repeated rows: the existing ones and `blank` empty ones to add."""

    blank = 2

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        existing = len(self.rows_of(self.analysis))
        self.row_numbers = list(range(1, existing + self.blank + 1))
        for n in self.row_numbers:
            self.add_row(n)

    @classmethod
    def rows_of(cls, analysis: CauseAnalysis) -> list[dict[str, Any]]:
        raise NotImplementedError

    def add_row(self, n: int) -> None:
        raise NotImplementedError

    def rows(self) -> list[list[forms.BoundField]]:
        """The bound fields of each row, for the template."""
        return [
            [self[name] for name in self.fields if name.startswith(f"row{n}_")]
            for n in self.row_numbers
        ]


class ChainsForm(RowsForm):
    title = _("Händelsekedjor")

    @classmethod
    def rows_of(cls, analysis: CauseAnalysis) -> list[dict[str, Any]]:
        return list(analysis.event_chains)

    def add_row(self, n: int) -> None:
        self.fields[f"row{n}_title"] = forms.CharField(
            label=_("Kedja %(n)d: rubrik") % {"n": n}, required=False
        )
        self.fields[f"row{n}_links"] = forms.CharField(
            label=_("Kedja %(n)d: led i ordning") % {"n": n},
            required=False,
            widget=LINES,
            help_text=_("Ett led per rad, t.ex. behov av moped, anskaffning, trimning."),
        )

    @classmethod
    def initial_from(cls, analysis: CauseAnalysis) -> dict[str, Any]:
        initial = {}
        for n, chain in enumerate(analysis.event_chains, start=1):
            initial[f"row{n}_title"] = chain["title"]
            initial[f"row{n}_links"] = "\n".join(chain["links"])
        return initial

    def changes(self) -> dict[str, Any]:
        chains = []
        for n in self.row_numbers:
            title, links = self.cleaned_data[f"row{n}_title"], self.cleaned_data[f"row{n}_links"]
            if title.strip() or links.strip():
                chains.append({"title": title, "links": _split(links)})
        return {"event_chains": chains}


class TreeForm(SectionForm):
    title = _("Orsaksträdet")

    tree = forms.CharField(
        label=_("Orsaker och underorsaker"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 10}),
        help_text=_(
            "En orsak per rad. Skriv ett bindestreck (-) före en underorsak, två (--) före "
            "en underorsak till den, och så vidare."
        ),
    )

    @classmethod
    def initial_from(cls, analysis: CauseAnalysis) -> dict[str, Any]:
        return {"tree": tree_to_lines(analysis.cause_tree)}

    def clean_tree(self) -> list[Any]:
        try:
            return lines_to_tree(self.cleaned_data["tree"])
        except ShapeError as error:
            raise forms.ValidationError(error.messages) from error

    def changes(self) -> dict[str, Any]:
        return {"cause_tree": self.cleaned_data["tree"]}


class FactorsForm(SectionForm):
    title = _("Risk- och skyddsfaktorer")

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for level, label in LEVEL_LABELS.items():
            self.fields[f"{level}_risk"] = forms.CharField(
                label=_("%(level)s: riskfaktorer") % {"level": label},
                required=False,
                widget=LINES,
                help_text=ONE_PER_LINE,
            )
            self.fields[f"{level}_protective"] = forms.CharField(
                label=_("%(level)s: skyddsfaktorer") % {"level": label},
                required=False,
                widget=LINES,
                help_text=ONE_PER_LINE,
            )

    @classmethod
    def initial_from(cls, analysis: CauseAnalysis) -> dict[str, Any]:
        initial: dict[str, list[str]] = {}
        for factor in analysis.factors:
            initial.setdefault(f"{factor['level']}_{factor['kind']}", []).append(factor["text"])
        return {name: "\n".join(texts) for name, texts in initial.items()}

    def levels(self) -> list[tuple[Any, list[forms.BoundField]]]:
        return [
            (label, [self[f"{level}_risk"], self[f"{level}_protective"]])
            for level, label in LEVEL_LABELS.items()
        ]

    def changes(self) -> dict[str, Any]:
        factors = [
            {"level": level, "kind": kind, "text": text}
            for level in LEVEL_LABELS
            for kind in ("risk", "protective")
            for text in _split(self.cleaned_data[f"{level}_{kind}"])
        ]
        return {"factors": factors}


class HypothesesForm(RowsForm):
    title = _("Hypoteser")
    blank = 1

    @classmethod
    def rows_of(cls, analysis: CauseAnalysis) -> list[dict[str, Any]]:
        return list(analysis.hypotheses)

    def add_row(self, n: int) -> None:
        self.fields[f"row{n}_text"] = forms.CharField(
            label=_("Hypotes %(n)d") % {"n": n}, required=False, widget=SHORT
        )
        self.fields[f"row{n}_for"] = forms.CharField(
            label=_("Det som talar för"), required=False, widget=SHORT
        )
        self.fields[f"row{n}_against"] = forms.CharField(
            label=_("Det som talar emot"), required=False, widget=SHORT
        )
        self.fields[f"row{n}_status"] = forms.ChoiceField(
            label=_("Läge"),
            choices=list(STATUS_LABELS.items()),
            initial="open",
            required=False,
        )

    @classmethod
    def initial_from(cls, analysis: CauseAnalysis) -> dict[str, Any]:
        initial = {}
        for n, item in enumerate(analysis.hypotheses, start=1):
            for key in ("text", "for", "against", "status"):
                initial[f"row{n}_{key}"] = item[key]
        return initial

    def changes(self) -> dict[str, Any]:
        hypotheses = []
        for n in self.row_numbers:
            row = {k: self.cleaned_data[f"row{n}_{k}"] for k in ("text", "for", "against")}
            if any(value.strip() for value in row.values()):
                hypotheses.append({**row, "status": self.cleaned_data[f"row{n}_status"] or "open"})
        return {"hypotheses": hypotheses}


class SummaryForm(SectionForm):
    title = _("Sammanfattning och källor")

    summary = forms.CharField(
        label=_("Sammanfattning"), required=False, widget=forms.Textarea(attrs={"rows": 5})
    )
    sources = forms.CharField(
        label=_("Källor"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_("Vilka underlag analysen bygger på, och deras begränsningar."),
    )

    @classmethod
    def initial_from(cls, analysis: CauseAnalysis) -> dict[str, Any]:
        return {"summary": analysis.summary, "sources": analysis.sources}

    def changes(self) -> dict[str, Any]:
        return {"summary": self.cleaned_data["summary"], "sources": self.cleaned_data["sources"]}


# The URL's section name -> its form (in the order the workspace shows them).
SECTIONS: dict[str, type[SectionForm]] = {
    "triangel": TriangleForm,
    "fiskben": FishboneForm,
    "kedjor": ChainsForm,
    "trad": TreeForm,
    "faktorer": FactorsForm,
    "hypoteser": HypothesesForm,
    "sammanfattning": SummaryForm,
}


class CauseForm(forms.Form):
    text = forms.CharField(
        label=_("Ny orsak"),
        widget=SHORT,
        error_messages={"required": _("Skriv orsaken.")},
        help_text=_("Får nästa lediga nummer. Numren ändras aldrig."),
    )
    level = forms.ChoiceField(
        label=_("Nivå (valfritt)"),
        required=False,
        choices=[("", _("Ingen särskild")), *LEVEL_LABELS.items()],
    )

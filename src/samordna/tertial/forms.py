"""The tertial analysis page's forms: its texts, and selecting a problem."""

from __future__ import annotations

from typing import Any, cast

from django import forms
from django.utils.translation import gettext_lazy as _

from samordna.problems.models import Problem, ProblemStatus
from samordna.tertial.models import TertialAnalysis


class TertialTextForm(forms.Form):
    conclusions = forms.CharField(
        label=_("Slutsatser"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text=_("Vad visar tertialen? Vad ska analysgruppen och styrgruppen göra?"),
    )
    sources_used = forms.CharField(
        label=_("Källor som använts"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("Till exempel egna iakttagelser, polisens händelser, trygghetsmätningen."),
    )
    sources_left_out = forms.CharField(
        label=_("Källor som inte använts, och varför"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("Till exempel underlag som saknades, kom för sent eller inte går att lita på."),
    )


class SelectionForm(forms.Form):
    problem = forms.ModelChoiceField(
        label=_("Problem"),
        queryset=Problem.objects.none(),
        error_messages={"required": _("Välj ett problem.")},
    )
    justification = forms.CharField(
        label=_("Motivering"),
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Varför ska just det här problemet orsaksanalyseras? Hänvisa till siffrorna."),
        error_messages={"required": _("Motivera varför problemet ska orsaksanalyseras.")},
    )

    def __init__(self, *args: Any, analysis: TertialAnalysis, user: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = cast(forms.ModelChoiceField, self.fields["problem"])  # type: ignore[type-arg]
        field.queryset = (
            Problem.objects.restrict(user)
            .filter(municipality_id=analysis.municipality_id)
            .exclude(status=ProblemStatus.CLOSED)
            .exclude(selections__analysis=analysis)
            .order_by("priority", "title", "id")
        )

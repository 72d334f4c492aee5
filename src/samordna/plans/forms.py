"""Forms of the action plan, the agreement and its citizen promises.

They only parse input; the rules live in the services (plans.py, agreements.py), whose
errors are put back on the field they name.
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.utils.translation import gettext_lazy as _

from samordna.core.models import Municipality, Organisation
from samordna.interventions.models import Intervention, Rag
from samordna.plans.agreements import AgreementInput, CommitmentInput, PromiseInput
from samordna.plans.models import Agreement, Commitment
from samordna.plans.services import PlanInput, RowInput, plan_pictures

DATE_WIDGET = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
DATE_ERRORS = {"invalid": _("Ange datum som ÅÅÅÅ-MM-DD.")}


def add_service_errors(form: forms.Form, error: ValidationError) -> None:
    """Each service error on its field; anything else on the form as a whole."""
    if not hasattr(error, "error_dict"):
        for message in error.messages:
            form.add_error(None, message)
        return
    for name, messages in error.message_dict.items():
        target = name if name in form.fields else None
        for message in messages:
            form.add_error(target, message)


def error_links(form: forms.Form) -> list[dict[str, str]]:
    """The form's errors as links to their fields, for an error summary."""
    items = []
    for name, errors in form.errors.items():
        if name == NON_FIELD_ERRORS or name not in form.fields:
            items += [{"href": "#main", "text": str(e)} for e in errors]
            continue
        field = form[name]
        multiple = isinstance(field.field.widget, forms.RadioSelect | forms.CheckboxSelectMultiple)
        target = field.auto_id + ("_0" if multiple else "")
        items += [{"href": f"#{target}", "text": f"{field.label} – {e}"} for e in errors]
    return items


class PictureChoiceField(forms.ModelChoiceField):  # type: ignore[type-arg]
    def label_from_instance(self, obj: Any) -> str:
        return f"{obj.get_kind_display()} {obj.period_key}, version {obj.version}"


class PlanForm(forms.Form):
    title = forms.CharField(label=_("Rubrik"), max_length=200)
    period_key = forms.CharField(
        label=_("Period"), max_length=8, help_text=_("Till exempel 2026 eller 2026-T3.")
    )
    picture = PictureChoiceField(
        label=_("Lägesbild"),
        queryset=None,
        help_text=_("En fastställd lägesbild för året eller ett tertial."),
        error_messages={
            "required": _("Välj en fastställd lägesbild för året eller ett tertial."),
            "invalid_choice": _(
                "Åtgärdsplanen bygger på en fastställd lägesbild för ett år eller ett tertial."
            ),
        },
    )
    mapping = forms.CharField(
        label=_("1. Kartläggning av brottsligheten: omfattning och konsekvenser"),
        widget=forms.Textarea(attrs={"rows": 10}),
        required=False,
        help_text=_("Lämnas tomt för ett utkast ur lägesbildens siffror, som du sedan redigerar."),
    )
    other_information = forms.CharField(
        label=_("2. Annan relevant information"),
        widget=forms.Textarea(attrs={"rows": 6}),
        required=False,
    )
    analysis = forms.CharField(
        label=_("3. Analys"), widget=forms.Textarea(attrs={"rows": 8}), required=False
    )

    def __init__(self, *args: Any, municipality: Municipality, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["picture"].queryset = plan_pictures(municipality)  # type: ignore[attr-defined]

    def to_input(self, mapping: str | None = None) -> PlanInput:
        data = self.cleaned_data
        return PlanInput(
            title=data["title"],
            period_key=data["period_key"],
            picture=data["picture"],
            mapping=mapping if mapping is not None else data["mapping"],
            other_information=data["other_information"],
            analysis=data["analysis"],
        )


class CauseChoiceField(forms.ModelChoiceField):  # type: ignore[type-arg]
    def label_from_instance(self, obj: Any) -> str:
        return f"{obj.number}. {obj.text[:80]} ({obj.analysis.problem.title[:40]})"


class RowForm(forms.Form):
    order = forms.IntegerField(label=_("Ordning"), min_value=1, max_value=999, required=False)
    cause = CauseChoiceField(label=_("Numrerad orsak (valfritt)"), queryset=None, required=False)
    cause_text = forms.CharField(label=_("Orsak"), widget=forms.Textarea(attrs={"rows": 2}))
    intervention = forms.ModelChoiceField(
        label=_("Insats (valfritt)"), queryset=Intervention.objects.none(), required=False
    )
    measure = forms.CharField(label=_("Åtgärd"), widget=forms.Textarea(attrs={"rows": 2}))
    operational_goal = forms.CharField(
        label=_("Operativt mål"), widget=forms.Textarea(attrs={"rows": 2})
    )
    when = forms.CharField(label=_("När"), max_length=200)
    who = forms.CharField(
        label=_("Vem (kontakt)"),
        max_length=200,
        help_text=_("En organisation eller funktion."),
    )
    follow_up = forms.ChoiceField(
        label=_("Uppföljning"),
        choices=[("", _("Som insatsen (eller ingen)")), *Rag.choices],
        required=False,
    )

    def __init__(self, *args: Any, municipality: Municipality, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        from samordna.problems.models import Cause

        fields: dict[str, Any] = self.fields
        fields["cause"].queryset = (
            Cause.objects.filter(municipality=municipality, is_active=True)
            .select_related("analysis__problem")
            .order_by("analysis__problem__title", "number")
        )
        fields["intervention"].queryset = Intervention.objects.filter(
            municipality=municipality
        ).order_by("title")

    def to_input(self) -> RowInput:
        data = self.cleaned_data
        return RowInput(
            order=data["order"],
            cause=data["cause"],
            cause_text=data["cause_text"],
            intervention=data["intervention"],
            measure=data["measure"],
            operational_goal=data["operational_goal"],
            when=data["when"],
            who=data["who"],
            follow_up=data["follow_up"],
        )


class DecideForm(forms.Form):
    body = forms.CharField(label=_("Beslutande organ"), max_length=200, initial="Kommunstyrelsen")
    decided_on = forms.DateField(
        label=_("Beslutsdatum"), widget=DATE_WIDGET, error_messages=DATE_ERRORS
    )
    reference = forms.CharField(label=_("Diarienummer"), max_length=100, required=False)
    reason = forms.CharField(
        label=_("Skäl till revideringen"), widget=forms.Textarea(attrs={"rows": 3}), required=False
    )


class ReviseForm(forms.Form):
    reason = forms.CharField(
        label=_("Skäl till revideringen"),
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": _("Skriv varför planen revideras.")},
    )


# --- the agreement and its promises ------------------------------------------------------


class ProblemChoiceField(forms.ModelMultipleChoiceField):  # type: ignore[type-arg]
    def label_from_instance(self, obj: Any) -> str:
        return str(obj.title)


def parse_signatories(text: str) -> list[dict[str, str]]:
    """One signatory a line: "Roll, Organisation" (split at the first comma)."""
    found = []
    for line in text.splitlines():
        if not line.strip():
            continue
        role, _sep, organisation = line.partition(",")
        found.append({"role": role.strip(), "organisation": organisation.strip()})
    return found


def signatories_text(signatories: list[dict[str, str]]) -> str:
    return "\n".join(f"{s.get('role', '')}, {s.get('organisation', '')}" for s in signatories)


class AgreementForm(forms.Form):
    title = forms.CharField(label=_("Rubrik"), max_length=200)
    police_area = forms.CharField(label=_("Lokalpolisområde"), max_length=200)
    starts_on = forms.DateField(
        label=_("Gäller från"), widget=DATE_WIDGET, error_messages=DATE_ERRORS
    )
    ends_on = forms.DateField(
        label=_("Gäller till"), widget=DATE_WIDGET, error_messages=DATE_ERRORS
    )
    focus_problems = ProblemChoiceField(
        label=_("Fokusproblem (problembilder)"),
        queryset=None,
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
    focus_text = forms.CharField(
        label=_("Fokusproblem (text)"), widget=forms.Textarea(attrs={"rows": 3}), required=False
    )
    probable_causes = forms.CharField(
        label=_("Troliga orsaker"), widget=forms.Textarea(attrs={"rows": 3}), required=False
    )
    goals = forms.CharField(
        label=_("Mätbara mål"), widget=forms.Textarea(attrs={"rows": 3}), required=False
    )
    documentation = forms.CharField(
        label=_("Dokumentation"), widget=forms.Textarea(attrs={"rows": 2}), required=False
    )
    follow_up = forms.CharField(
        label=_("Uppföljning"), widget=forms.Textarea(attrs={"rows": 2}), required=False
    )
    signatories = forms.CharField(
        label=_("Undertecknare"),
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
        help_text=_(
            "En per rad: roll, organisation – till exempel ”Kommundirektör, Örebro kommun”. "
            "Aldrig personers namn."
        ),
    )
    status = forms.ChoiceField(label=_("Status"), choices=Agreement.Status.choices)
    signed_on = forms.DateField(
        label=_("Undertecknad"), widget=DATE_WIDGET, required=False, error_messages=DATE_ERRORS
    )

    def __init__(self, *args: Any, municipality: Municipality, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        from samordna.problems.models import Problem

        self.fields["focus_problems"].queryset = Problem.objects.filter(  # type: ignore[attr-defined]
            municipality=municipality
        ).order_by("title")

    def to_input(self) -> AgreementInput:
        data = self.cleaned_data
        return AgreementInput(
            title=data["title"],
            police_area=data["police_area"],
            starts_on=data["starts_on"],
            ends_on=data["ends_on"],
            focus_problems=list(data["focus_problems"]),
            focus_text=data["focus_text"],
            probable_causes=data["probable_causes"],
            goals=data["goals"],
            documentation=data["documentation"],
            follow_up=data["follow_up"],
            signatories=parse_signatories(data["signatories"]),
            status=data["status"],
            signed_on=data["signed_on"],
        )


class PromiseForm(forms.Form):
    year = forms.IntegerField(label=_("År"), min_value=2000, max_value=2100)
    title = forms.CharField(label=_("Rubrik"), max_length=200)
    slug = forms.SlugField(
        label=_("Adress"),
        max_length=80,
        required=False,
        help_text=_("Sidans adress på den offentliga sidan; lämnas tom för en ur rubriken."),
    )
    public_summary = forms.CharField(
        label=_("Text till allmänheten"), widget=forms.Textarea(attrs={"rows": 5}), required=False
    )
    is_published = forms.BooleanField(label=_("Publicera på den offentliga sidan"), required=False)

    def to_input(self) -> PromiseInput:
        data = self.cleaned_data
        return PromiseInput(
            year=data["year"],
            title=data["title"],
            slug=data["slug"],
            public_summary=data["public_summary"],
            is_published=data["is_published"],
        )


class CommitmentForm(forms.Form):
    organisation = forms.ModelChoiceField(label=_("Part"), queryset=Organisation.objects.none())
    text = forms.CharField(label=_("Åtagande"), widget=forms.Textarea(attrs={"rows": 3}))
    status = forms.ChoiceField(label=_("Status"), choices=Commitment.Status.choices)
    public_status = forms.CharField(
        label=_("Status till allmänheten"),
        max_length=300,
        required=False,
        help_text=_("Visas på den offentliga sidan. Inga namn, inga interna anteckningar."),
    )
    interventions = forms.ModelMultipleChoiceField(
        label=_("Insatser"),
        queryset=Intervention.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
    order = forms.IntegerField(label=_("Ordning"), min_value=1, max_value=999, required=False)

    def __init__(self, *args: Any, municipality: Municipality, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        fields: dict[str, Any] = self.fields
        fields["organisation"].queryset = Organisation.objects.filter(
            municipality=municipality, is_active=True
        ).order_by("name")
        fields["interventions"].queryset = Intervention.objects.filter(
            municipality=municipality
        ).order_by("title")

    def to_input(self) -> CommitmentInput:
        data = self.cleaned_data
        return CommitmentInput(
            organisation=data["organisation"],
            text=data["text"],
            status=data["status"],
            public_status=data["public_status"],
            interventions=list(data["interventions"]),
            order=data["order"],
        )

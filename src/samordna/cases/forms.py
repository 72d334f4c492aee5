"""Forms for the TSI pages. Labels and errors in Swedish; no business rules here."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from samordna.cases.models import CaseMeeting, Consent, Domain, Factor, Guardian, SupportAction
from samordna.core.models import Organisation


class ReasonForm(forms.Form):
    why = forms.CharField(
        label=_("Skäl"),
        max_length=200,
        help_text=_("Varför behöver du uppgifterna nu? Skriv inga namn, t.ex. ”ärendemöte v. 47”."),
    )


class ConsentForm(forms.Form):
    guardian = forms.ModelChoiceField(label=_("Vårdnadshavare"), queryset=Guardian.objects.none())
    organisations = forms.ModelMultipleChoiceField(
        label=_("Organisationer som får ta del"),
        queryset=Organisation.objects.none(),
        widget=forms.CheckboxSelectMultiple,
    )
    kinds = forms.MultipleChoiceField(
        label=_("Vilka uppgifter"),
        choices=Consent.Kind.choices,
        widget=forms.CheckboxSelectMultiple,
    )
    purpose = forms.CharField(label=_("Syfte"), widget=forms.Textarea(attrs={"rows": 3}))
    valid_from = forms.DateField(
        label=_("Gäller från"), widget=forms.DateInput(attrs={"type": "date"})
    )
    valid_to = forms.DateField(
        label=_("Gäller till"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    child_view = forms.CharField(
        label=_("Barnets inställning"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    def __init__(self, *args: Any, guardians: Any, organisations: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["guardian"].queryset = guardians  # type: ignore[attr-defined]
        # By name: choosing the wrong parent by a number is too easy.
        self.fields["guardian"].label_from_instance = guardian_label  # type: ignore[attr-defined]
        self.fields["organisations"].queryset = organisations  # type: ignore[attr-defined]


def guardian_label(guardian: Guardian) -> str:
    name = guardian.name or str(_("Vårdnadshavare utan namn"))
    if not guardian.consent_required:
        return str(_("%(name)s (saknar vårdnad, samtycker inte)") % {"name": name})
    return name


class BounceForm(forms.Form):
    answer = forms.ChoiceField(
        label=_("Svar"), choices=[("accept", _("Vi tar ansvaret")), ("bounce", _("Inte vårt"))]
    )
    reason = forms.CharField(
        label=_("Skäl (om det inte är ert)"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_(
            "Skälet visas för ärendets team. Lyfts frågan till ledningsgruppen ser den "
            "bara vilka organisationer som lämnat tillbaka frågan och när."
        ),
    )


def error_summary(form: forms.Form) -> list[dict[str, str]]:
    """The errors as links to their fields, for the summary at the top of the form."""
    items: list[dict[str, str]] = []
    for name, errors in form.errors.items():
        href = f"#{form[name].auto_id}" if name in form.fields else "#main"
        items.extend({"href": href, "text": str(error)} for error in errors)
    return items


class FactorForm(forms.Form):
    kind = forms.ChoiceField(label=_("Typ"), choices=Factor.Kind.choices)
    domain = forms.ChoiceField(label=_("Område"), choices=Domain.choices)
    rating = forms.TypedChoiceField(
        label=_("Styrka"), coerce=int, choices=[(1, _("Svag")), (2, _("Måttlig")), (3, _("Stark"))]
    )
    note = forms.CharField(
        label=_("Anteckning"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )


class GoalForm(forms.Form):
    text = forms.CharField(label=_("Mål"), widget=forms.Textarea(attrs={"rows": 2}))
    due = forms.DateField(
        label=_("Följs upp"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )


class ActionForm(forms.Form):
    kind = forms.ChoiceField(label=_("Insats"), choices=SupportAction.Kind.choices)
    owner = forms.ModelChoiceField(
        label=_("Ansvarig organisation"), queryset=Organisation.objects.none()
    )
    starts_on = forms.DateField(label=_("Från"), widget=forms.DateInput(attrs={"type": "date"}))
    ends_on = forms.DateField(
        label=_("Till"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    description = forms.CharField(
        label=_("Beskrivning"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )

    def __init__(self, *args: Any, organisations: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["owner"].queryset = organisations  # type: ignore[attr-defined]


class MeetingForm(forms.Form):
    kind = forms.ChoiceField(label=_("Typ av möte"), choices=CaseMeeting.Kind.choices)
    held_on = forms.DateField(label=_("Datum"), widget=forms.DateInput(attrs={"type": "date"}))


class MinutesForm(forms.Form):
    minutes = forms.CharField(
        label=_("Minnesanteckningar"),
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text=_("Bara ärendets team ser anteckningarna."),
    )

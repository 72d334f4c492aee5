"""Forms for the coordinator's work: open, close, hold and erase a case; guardians, team,
needs and their owners; disclosures and other legal bases; the leadership's decisions."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from samordna.cases.models import CLOSE_REASONS, Domain, Escalation
from samordna.core.models import Organisation


class CaseOpenForm(forms.Form):
    name = forms.CharField(label=_("Barnets namn"), max_length=200)
    personal_number = forms.CharField(
        label=_("Personnummer"),
        max_length=20,
        required=False,
        help_text=_("ÅÅÅÅMMDD-NNNN. Kontrollsiffran kontrolleras."),
    )
    # The plausible range depends on the programme's ages: the service checks it.
    birth_year = forms.IntegerField(label=_("Födelseår"))
    school_unit = forms.CharField(label=_("Skola eller enhet"), max_length=200, required=False)


class GuardianForm(forms.Form):
    name = forms.CharField(label=_("Vårdnadshavarens namn"), max_length=200)
    contact = forms.CharField(label=_("Kontaktuppgifter"), max_length=300, required=False)
    has_custody = forms.BooleanField(label=_("Har vårdnaden"), required=False, initial=True)


class TeamForm(forms.Form):
    member = forms.ChoiceField(label=_("Person och organisation"))

    def __init__(self, *args: Any, members: list[tuple[str, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["member"].choices = members  # type: ignore[attr-defined]


class NeedForm(forms.Form):
    domain = forms.ChoiceField(label=_("Område"), choices=Domain.choices)
    description = forms.CharField(label=_("Behov"), widget=forms.Textarea(attrs={"rows": 2}))
    owner = forms.ModelChoiceField(
        label=_("Föreslagen ägare"),
        queryset=Organisation.objects.none(),
        required=False,
    )

    def __init__(self, *args: Any, organisations: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["owner"].queryset = organisations  # type: ignore[attr-defined]


class ProposeForm(forms.Form):
    owner = forms.ModelChoiceField(
        label=_("Föreslagen ägare"), queryset=Organisation.objects.none()
    )
    co_owners = forms.ModelMultipleChoiceField(
        label=_("Delar ansvaret (valfritt)"),
        queryset=Organisation.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    def __init__(self, *args: Any, organisations: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["owner"].queryset = organisations  # type: ignore[attr-defined]
        self.fields["co_owners"].queryset = organisations  # type: ignore[attr-defined]


class DecisionForm(forms.Form):
    outcome = forms.ChoiceField(label=_("Beslut"), choices=Escalation.Outcome.choices)
    owner = forms.ModelChoiceField(
        label=_("Organisation som tar frågan"), queryset=Organisation.objects.none()
    )
    shared_with = forms.ModelMultipleChoiceField(
        label=_("Delar ansvaret (vid delat ansvar)"),
        queryset=Organisation.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    rule = forms.CharField(
        label=_("Regel för gränsen (vid stående regel)"),
        required=False,
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Om organisationerna, aldrig om ett barn. Regeln visas i registret."),
    )

    def __init__(self, *args: Any, organisations: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["owner"].queryset = organisations  # type: ignore[attr-defined]
        self.fields["shared_with"].queryset = organisations  # type: ignore[attr-defined]


class CloseForm(forms.Form):
    reason = forms.ChoiceField(label=_("Varför avslutas ärendet?"), choices=CLOSE_REASONS)


class LegalHoldForm(forms.Form):
    hold = forms.TypedChoiceField(
        label=_("Bevarandebeslut"),
        coerce=lambda v: v == "on",
        choices=[("on", _("Bevara: ärendet gallras inte")), ("off", _("Häv bevarandet"))],
    )
    reason = forms.CharField(
        label=_("Skäl"),
        required=False,
        max_length=300,
        help_text=_("Krävs för att bevara, t.ex. begäran från domstol."),
    )


class ConfirmForm(forms.Form):
    confirm = forms.BooleanField(label=_("Ja, jag är säker"), required=True)


class EraseForm(forms.Form):
    pseudonym = forms.CharField(label=_("Skriv ärendets pseudonym för att bekräfta"), max_length=20)

    def __init__(self, *args: Any, expected: str, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.expected = expected

    def clean_pseudonym(self) -> str:
        value = str(self.cleaned_data["pseudonym"]).strip()
        if value != self.expected:
            raise forms.ValidationError(_("Pseudonymen stämmer inte. Ingenting är gallrat."))
        return value


class DisclosureForm(forms.Form):
    from_organisation = forms.ModelChoiceField(
        label=_("Från organisation"), queryset=Organisation.objects.none()
    )
    to_organisation = forms.ModelChoiceField(
        label=_("Till organisation"), queryset=Organisation.objects.none()
    )
    what = forms.CharField(
        label=_("Vilka uppgifter"), max_length=500, widget=forms.Textarea(attrs={"rows": 2})
    )
    basis = forms.ChoiceField(label=_("Rättslig grund"))

    def __init__(self, *args: Any, organisations: Any, bases: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["from_organisation"].queryset = organisations  # type: ignore[attr-defined]
        self.fields["to_organisation"].queryset = organisations  # type: ignore[attr-defined]
        self.fields["basis"].choices = bases  # type: ignore[attr-defined]


class OtherBasisForm(forms.Form):
    organisation = forms.ModelChoiceField(
        label=_("Organisation"), queryset=Organisation.objects.none()
    )
    basis = forms.ChoiceField(label=_("Rättslig grund"))
    note = forms.CharField(
        label=_("Motivering"), max_length=500, widget=forms.Textarea(attrs={"rows": 2})
    )
    valid_from = forms.DateField(
        label=_("Gäller från"), widget=forms.DateInput(attrs={"type": "date"})
    )
    valid_to = forms.DateField(
        label=_("Gäller till"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )

    def __init__(self, *args: Any, organisations: Any, bases: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["organisation"].queryset = organisations  # type: ignore[attr-defined]
        self.fields["basis"].choices = bases  # type: ignore[attr-defined]

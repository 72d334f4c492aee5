"""Forms for the coordinator's work: open a case, add guardians, team and needs."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from samordna.cases.models import Domain
from samordna.core.models import Organisation


class CaseOpenForm(forms.Form):
    name = forms.CharField(label=_("Barnets namn"), max_length=200)
    personal_number = forms.CharField(label=_("Personnummer"), max_length=20, required=False)
    birth_year = forms.IntegerField(label=_("Födelseår"), min_value=1990, max_value=2100)
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

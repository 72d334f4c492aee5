"""Forms for the municipality admin's pages. They parse input; services do the writing."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.text import slugify
from django.utils.translation import gettext_lazy as _

from samordna.core.models import Municipality, Organisation, User
from samordna.core.roles import Role


class InviteForm(forms.Form):
    username = forms.SlugField(
        label=_("Användarnamn"),
        max_length=150,
        help_text=_("Små bokstäver, siffror och bindestreck, t.ex. anna-lind."),
        error_messages={
            "required": _("Ange ett användarnamn."),
            "invalid": _("Använd bara bokstäver, siffror, bindestreck och understreck."),
        },
    )
    first_name = forms.CharField(label=_("Förnamn"), max_length=150, required=False)
    last_name = forms.CharField(label=_("Efternamn"), max_length=150, required=False)
    email = forms.EmailField(
        label=_("E-postadress"),
        help_text=_("Hit skickas länken där personen väljer sitt lösenord."),
        error_messages={
            "required": _("Ange en e-postadress."),
            "invalid": _("Ange en giltig e-postadress."),
        },
    )
    organisation = forms.ModelChoiceField(
        label=_("Organisation"),
        queryset=Organisation.objects.none(),
        empty_label=_("Välj organisation"),
        error_messages={"required": _("Välj en organisation.")},
    )
    role = forms.ChoiceField(
        label=_("Roll"),
        choices=[("", _("Välj roll")), *Role.choices],
        error_messages={"required": _("Välj en roll.")},
    )

    def __init__(self, *args: Any, municipality: Municipality, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field: Any = self.fields["organisation"]
        field.queryset = Organisation.objects.filter(municipality=municipality, is_active=True)

    def clean_username(self) -> str:
        username: str = self.cleaned_data["username"]
        if User.objects.filter(username__iexact=username).exists():
            raise forms.ValidationError(_("Användarnamnet är upptaget. Välj ett annat."))
        return username


class OtpRolesForm(forms.Form):
    roles = forms.MultipleChoiceField(
        label=_("Roller som måste logga in med engångskod"),
        choices=Role.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )


class OrganisationForm(forms.Form):
    name = forms.CharField(
        label=_("Namn"),
        max_length=200,
        error_messages={"required": _("Ange organisationens namn.")},
    )
    kind = forms.ChoiceField(
        label=_("Typ"),
        choices=[("", _("Välj typ")), *Organisation.Kind.choices],
        error_messages={"required": _("Välj vilken typ av organisation det är.")},
    )

    def __init__(self, *args: Any, municipality: Municipality, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.municipality = municipality

    def clean_name(self) -> str:
        name: str = self.cleaned_data["name"].strip()
        if Organisation.objects.filter(municipality=self.municipality, name__iexact=name).exists():
            raise forms.ValidationError(_("Det finns redan en organisation med det namnet."))
        if not slugify(name):
            raise forms.ValidationError(_("Namnet behöver innehålla bokstäver eller siffror."))
        return name

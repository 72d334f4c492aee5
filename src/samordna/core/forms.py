"""Forms for the municipality admin's pages, and the widgets, choice fields and error
helpers every app's forms share. Forms parse input; services do the writing."""

from __future__ import annotations

from typing import Any

from django import forms
from django.core.exceptions import NON_FIELD_ERRORS
from django.db.models import QuerySet
from django.utils.text import slugify
from django.utils.translation import gettext_lazy as _

from samordna.core.models import Area, Membership, Municipality, Organisation, User
from samordna.core.roles import EST_ROLES, Role

DATE_WIDGET = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


def people_of(municipality: Municipality, organisations: Any = None) -> QuerySet[User]:
    """Who can be named responsible: people with an active EST role in the municipality
    (in `organisations` when given). TSI-only staff never own EST work; a person with
    two roles is listed once (a subquery, not a join)."""
    members = Membership.objects.in_force().filter(
        municipality=municipality,
        role__in=EST_ROLES,
    )
    if organisations is not None:
        members = members.filter(organisation__in=organisations)
    people: QuerySet[User] = User.objects.filter(pk__in=members.values("user_id")).order_by(
        "first_name", "last_name", "username"
    )
    return people


def est_areas(municipality: Municipality) -> QuerySet[Area]:
    """The municipality's active EST areas, the ones work is planned and followed up in."""
    return Area.objects.filter(
        municipality=municipality, kind=Area.Kind.EST, is_active=True
    ).order_by("name")


class PersonChoiceField(forms.ModelChoiceField):  # type: ignore[type-arg]
    def label_from_instance(self, obj: Any) -> str:
        return str(obj.get_full_name() or obj.username)


def add_service_errors(form: forms.Form, errors: dict[str, list[str]]) -> None:
    """Each service error on its field; anything else on the form as a whole."""
    for name, messages in errors.items():
        target = name if name in form.fields else None
        for message in messages:
            form.add_error(target, message)


def error_links(form: forms.Form) -> list[dict[str, str]]:
    """The form's errors as links to their fields, for an error summary."""
    items = []
    for name, errors in form.errors.items():
        if name == NON_FIELD_ERRORS or name not in form.fields:
            items += [{"href": f"#{form.prefix or 'form'}", "text": str(e)} for e in errors]
            continue
        field = form[name]
        multiple = isinstance(field.field.widget, forms.RadioSelect | forms.CheckboxSelectMultiple)
        target = field.auto_id + ("_0" if multiple else "")
        items += [{"href": f"#{target}", "text": f"{field.label} – {e}"} for e in errors]
    return items


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

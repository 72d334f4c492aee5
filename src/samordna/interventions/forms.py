"""Forms for deciding an intervention and reporting its status.

They only parse input; the rules live in the services, whose errors are put back on
the field they name (`add_service_errors`).
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.core.exceptions import NON_FIELD_ERRORS
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from samordna.core.models import Area, Municipality, Organisation, User
from samordna.interventions.models import Rag, Status
from samordna.interventions.services import InterventionInput

DATE_WIDGET = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


def people_of(municipality: Municipality) -> QuerySet[User]:
    """Who can be named responsible: people with an active role in the municipality."""
    people: QuerySet[User] = (
        User.objects.filter(
            memberships__municipality=municipality,
            memberships__is_active=True,
            memberships__organisation__is_active=True,
        )
        .distinct()
        .order_by("first_name", "last_name", "username")
    )
    return people


class PersonChoiceField(forms.ModelChoiceField):  # type: ignore[type-arg]
    def label_from_instance(self, obj: Any) -> str:
        return str(obj.get_full_name() or obj.username)


class InterventionForm(forms.Form):
    """An intervention to decide: what, who owns it, who answers for it, by when."""

    title = forms.CharField(
        label=_("Insats"),
        max_length=200,
        help_text=_("Vad ska göras, och var? Skriv om platser, inte om personer."),
        error_messages={"required": _("Skriv vad insatsen är.")},
    )
    owner_organisation = forms.ModelChoiceField(
        label=_("Ansvarig organisation"),
        queryset=Organisation.objects.none(),
        error_messages={"required": _("Välj vilken organisation som ansvarar.")},
    )
    owner_person = PersonChoiceField(
        label=_("Ansvarig person (valfritt)"), queryset=User.objects.none(), required=False
    )
    deadline = forms.DateField(
        label=_("Klart senast"),
        widget=DATE_WIDGET,
        error_messages={
            "required": _("Ange när insatsen ska vara klar."),
            "invalid": _("Ange datum som ÅÅÅÅ-MM-DD."),
        },
    )
    description = forms.CharField(
        label=_("Beskrivning (valfritt)"), widget=forms.Textarea(attrs={"rows": 3}), required=False
    )
    areas = forms.ModelMultipleChoiceField(
        label=_("Områden (valfritt)"),
        queryset=Area.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )

    def __init__(self, *args: Any, municipality: Municipality, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        fields: dict[str, Any] = self.fields
        fields["owner_organisation"].queryset = Organisation.objects.filter(
            municipality=municipality, is_active=True
        ).order_by("name")
        fields["owner_person"].queryset = people_of(municipality)
        fields["areas"].queryset = est_areas(municipality)

    def to_input(self, raised_by: Organisation | None) -> InterventionInput:
        data = self.cleaned_data
        return InterventionInput(
            title=data["title"],
            description=data["description"],
            owner_organisation=data["owner_organisation"],
            owner_person=data["owner_person"],
            raised_by=raised_by,
            deadline=data["deadline"],
            areas=list(data["areas"]),
        )


def est_areas(municipality: Municipality) -> QuerySet[Area]:
    return Area.objects.filter(
        municipality=municipality, kind=Area.Kind.EST, is_active=True
    ).order_by("name")


class ReportForm(forms.Form):
    """A status report: where it stands, the traffic light, and a short note."""

    status = forms.ChoiceField(label=_("Status"), choices=Status.choices)
    rag = forms.ChoiceField(
        label=_("Läge"),
        choices=Rag.choices,
        widget=forms.RadioSelect,
        error_messages={"required": _("Välj grönt, gult eller rött.")},
    )
    note = forms.CharField(
        label=_("Kommentar"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        max_length=2000,
    )


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

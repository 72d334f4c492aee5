"""Forms for problems and phases. They only parse input; the rules live in the services,
whose errors are put back on the field they name (core.forms.add_service_errors)."""

from __future__ import annotations

from typing import Any

from django import forms
from django.db.models import Case, Q, QuerySet, When
from django.utils.translation import gettext_lazy as _

from samordna.core.forms import DATE_WIDGET, PersonChoiceField, est_areas, people_of
from samordna.core.models import Area, Municipality, Organisation, Place, User
from samordna.problems.models import Phase, Priority, Problem, ProblemOutcome, ProblemStatus
from samordna.problems.services import ProblemInput, next_steps
from samordna.problems.vocabulary import FocusArea
from samordna.reports.categories import categories_for, walk
from samordna.reports.models import Category

DATE_ERRORS = {"invalid": _("Ange datum som ÅÅÅÅ-MM-DD.")}


class CategoryChoiceField(forms.ModelMultipleChoiceField):  # type: ignore[type-arg]
    """Categories by the municipality's own names; a group's children are indented."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        self.names: dict[int, str] = {}
        super().__init__(*args, **kwargs)

    def label_from_instance(self, obj: Any) -> str:
        return self.names.get(obj.pk, str(obj))


def category_choices(municipality: Municipality) -> tuple[QuerySet[Category], dict[int, str]]:
    """The categories a problem may name, with their labels (group › category)."""
    names: dict[int, str] = {}
    for node in walk(categories_for(municipality)):
        parent = node.category.parent
        prefix = f"{names.get(parent.pk, parent.name)} › " if parent is not None else ""
        names[node.category.pk] = prefix + node.name
    # In the tree's order: each group followed by its categories.
    order = Case(*[When(pk=pk, then=n) for n, pk in enumerate(names)], default=len(names))
    queryset = Category.objects.filter(pk__in=list(names)).order_by(order)
    return queryset, names


class ProblemForm(forms.Form):
    title = forms.CharField(
        label=_("Problem"),
        max_length=200,
        help_text=_("Vad händer, var? Skriv om platser och situationer, aldrig om personer."),
        error_messages={"required": _("Skriv vad problemet är.")},
    )
    description = forms.CharField(
        label=_("Beskrivning (valfritt)"), widget=forms.Textarea(attrs={"rows": 4}), required=False
    )
    priority = forms.TypedChoiceField(
        label=_("Prioritet"), choices=Priority.choices, coerce=int, initial=Priority.MEDIUM
    )
    owner_organisation = forms.ModelChoiceField(
        label=_("Ansvarig organisation (valfritt)"),
        queryset=Organisation.objects.none(),
        required=False,
    )
    owner_person = PersonChoiceField(
        label=_("Ansvarig person (valfritt)"), queryset=User.objects.none(), required=False
    )
    areas = forms.ModelMultipleChoiceField(
        label=_("Områden"),
        queryset=Area.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
    places = forms.ModelMultipleChoiceField(
        label=_("Platser (valfritt)"),
        queryset=Place.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
    categories = CategoryChoiceField(
        label=_("Kategorier"),
        queryset=Category.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        required=False,
        help_text=_("En grupp tar med alla kategorier under den."),
    )
    tags = forms.MultipleChoiceField(
        label=_("Fokusområden (Brå)"),
        choices=FocusArea.choices,
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
    rule_enabled = forms.BooleanField(
        label=_("Koppla iakttagelser automatiskt enligt regel"),
        required=False,
        help_text=_(
            "Iakttagelser i de valda områdena och kategorierna under perioden kopplas och "
            "hålls uppdaterade när nya kommer in. Iakttagelser du kopplar för hand ligger kvar."
        ),
    )
    rule_from = forms.DateField(
        label=_("Regeln gäller från"),
        widget=DATE_WIDGET,
        required=False,
        error_messages=DATE_ERRORS,
    )
    rule_to = forms.DateField(
        label=_("Regeln gäller till (valfritt)"),
        widget=DATE_WIDGET,
        required=False,
        error_messages=DATE_ERRORS,
    )

    def __init__(self, *args: Any, municipality: Municipality, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        fields: dict[str, Any] = self.fields
        fields["owner_organisation"].queryset = Organisation.objects.filter(
            municipality=municipality, is_active=True
        ).order_by("name")
        fields["owner_person"].queryset = people_of(municipality)
        fields["areas"].queryset = est_areas(municipality)
        fields["places"].queryset = Place.objects.filter(
            municipality=municipality, is_active=True
        ).order_by("name")
        queryset, names = category_choices(municipality)
        fields["categories"].queryset = queryset
        fields["categories"].names = names

    @staticmethod
    def initial_of(problem: Problem) -> dict[str, Any]:
        return {
            "title": problem.title,
            "description": problem.description,
            "priority": problem.priority,
            "owner_organisation": problem.owner_organisation_id,
            "owner_person": problem.owner_person_id,
            "areas": list(problem.areas.values_list("pk", flat=True)),
            "places": list(problem.places.values_list("pk", flat=True)),
            "categories": list(problem.categories.values_list("pk", flat=True)),
            "tags": list(problem.tags),
            "rule_enabled": problem.rule_enabled,
            "rule_from": problem.rule_from,
            "rule_to": problem.rule_to,
        }

    def to_input(self) -> ProblemInput:
        data = self.cleaned_data
        return ProblemInput(
            title=data["title"],
            description=data["description"],
            priority=data["priority"],
            owner_organisation=data["owner_organisation"],
            owner_person=data["owner_person"],
            areas=list(data["areas"]),
            places=list(data["places"]),
            categories=list(data["categories"]),
            tags=list(data["tags"]),
            rule_enabled=data["rule_enabled"],
            rule_from=data["rule_from"],
            rule_to=data["rule_to"],
        )


class StepForm(forms.Form):
    """One workflow step: to which status, why, and (closing) how it ended."""

    status = forms.ChoiceField(label=_("Nytt steg"), choices=())
    reason = forms.CharField(
        label=_("Motivering"),
        widget=forms.Textarea(attrs={"rows": 2}),
        max_length=2000,
        error_messages={"required": _("Skriv varför.")},
    )
    outcome = forms.ChoiceField(
        label=_("Utfall (när problemet avslutas)"),
        choices=[("", _("–")), *ProblemOutcome.choices],
        required=False,
    )

    def __init__(self, *args: Any, problem: Problem, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        allowed = next_steps(problem.status)
        field: Any = self.fields["status"]
        field.choices = [(s, ProblemStatus(s).label) for s in allowed]
        if ProblemStatus.CLOSED not in allowed:
            del self.fields["outcome"]


class LinkFilterForm(forms.Form):
    """Which observations to list for linking: area, category, period."""

    area = forms.ModelChoiceField(
        label=_("Område"), queryset=Area.objects.none(), required=False, empty_label=_("Alla")
    )
    category = forms.ModelChoiceField(
        label=_("Kategori"), queryset=Category.objects.none(), required=False, empty_label=_("Alla")
    )
    since = forms.DateField(
        label=_("Från"), widget=DATE_WIDGET, required=False, error_messages=DATE_ERRORS
    )
    until = forms.DateField(
        label=_("Till"), widget=DATE_WIDGET, required=False, error_messages=DATE_ERRORS
    )
    linked = forms.BooleanField(label=_("Bara kopplade"), required=False)

    def __init__(self, *args: Any, municipality: Municipality, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        fields: dict[str, Any] = self.fields
        fields["area"].queryset = est_areas(municipality)
        queryset, names = category_choices(municipality)
        fields["category"].queryset = queryset
        fields["category"].label_from_instance = lambda obj: names.get(obj.pk, str(obj))


class PhaseForm(forms.Form):
    name = forms.CharField(
        label=_("Fas"), max_length=100, error_messages={"required": _("Ge fasen ett namn.")}
    )
    description = forms.CharField(
        label=_("Kännetecken (valfritt)"),
        widget=forms.Textarea(attrs={"rows": 2}),
        required=False,
    )
    is_active = forms.BooleanField(label=_("Används"), required=False, initial=True)


class AreaPhaseForm(forms.Form):
    phase = forms.ModelChoiceField(
        label=_("Fas"),
        queryset=Phase.objects.none(),
        error_messages={"required": _("Välj en fas.")},
    )
    since = forms.DateField(
        label=_("Från och med"),
        widget=DATE_WIDGET,
        error_messages={"required": _("Ange datum."), **DATE_ERRORS},
    )
    note = forms.CharField(
        label=_("Motivering (valfritt)"),
        widget=forms.Textarea(attrs={"rows": 2}),
        required=False,
        max_length=2000,
    )

    def __init__(self, *args: Any, municipality: Municipality, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field: Any = self.fields["phase"]
        field.queryset = Phase.objects.filter(
            Q(municipality=municipality), is_active=True
        ).order_by("order")

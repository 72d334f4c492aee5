"""Filters for interventions, shared by the list page and the API."""

from __future__ import annotations

from typing import Any

import django_filters
from django import forms
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from samordna.core.filtersets import MunicipalityFilterSet
from samordna.core.models import Organisation
from samordna.interventions.lights import shown_q
from samordna.interventions.models import (
    Intervention,
    Rag,
    Status,
    open_q,
    overdue_q,
    stockholm_today,
)
from samordna.interventions.vocabulary import Kind
from samordna.problems.vocabulary import FocusArea


def _organisations(request: Any) -> QuerySet[Organisation]:
    # Only organisations the user may see: other municipalities' names stay out of the form.
    if request is None:
        return Organisation.objects.all()
    return Organisation.objects.restrict(request.user, "view").order_by("name")


class InterventionFilterSet(MunicipalityFilterSet):
    status = django_filters.ChoiceFilter(
        label=_("Status"), choices=Status.choices, empty_label=_("Alla")
    )
    # The traffic light only means something while an intervention is under way, so the
    # filter keeps open ones only: the overview's "red" count links here with rag=red.
    rag = django_filters.ChoiceFilter(
        label=_("Läge (pågående insatser)"),
        choices=Rag.choices,
        empty_label=_("Alla"),
        method="filter_rag",
    )
    owner = django_filters.ModelChoiceFilter(
        label=_("Ansvarig organisation"),
        field_name="owner_organisation",
        queryset=_organisations,
        empty_label=_("Alla"),
    )
    overdue = django_filters.BooleanFilter(
        label=_("Bara försenade"),
        method="filter_overdue",
        widget=forms.CheckboxInput,
    )

    unowned = django_filters.BooleanFilter(
        label=_("Bara utan ansvarig person"),
        method="filter_unowned",
        widget=forms.CheckboxInput,
    )
    kind = django_filters.ChoiceFilter(label=_("Typ"), choices=Kind.choices, empty_label=_("Alla"))
    tag = django_filters.ChoiceFilter(
        label=_("Fokusområde"),
        choices=FocusArea.choices,
        empty_label=_("Alla"),
        method="filter_tag",
    )

    class Meta:
        model = Intervention
        fields = ["municipality", "status", "rag", "owner", "overdue", "unowned", "kind", "tag"]

    def filter_rag(
        self, queryset: QuerySet[Intervention], name: str, value: str
    ) -> QuerySet[Intervention]:
        # The light each row shows (computed from deadline and status), not the stored one.
        return queryset.filter(shown_q(value, stockholm_today())) if value else queryset

    def filter_unowned(
        self, queryset: QuerySet[Intervention], name: str, value: bool | None
    ) -> QuerySet[Intervention]:
        return queryset.filter(open_q(), owner_person__isnull=True) if value else queryset

    def filter_tag(
        self, queryset: QuerySet[Intervention], name: str, value: str
    ) -> QuerySet[Intervention]:
        # The tags are a JSON list of known keys: match the quoted key in its text (JSON
        # containment is not available on SQLite).
        return queryset.filter(tags__icontains=f'"{value}"') if value else queryset

    def filter_overdue(
        self, queryset: QuerySet[Intervention], name: str, value: bool | None
    ) -> QuerySet[Intervention]:
        return queryset.filter(overdue_q()) if value else queryset

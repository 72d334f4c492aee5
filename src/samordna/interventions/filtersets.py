"""Filters for interventions, shared by the list page and the API."""

from __future__ import annotations

from typing import Any

import django_filters
from django import forms
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from samordna.core.filtersets import MunicipalityFilterSet
from samordna.core.models import Organisation
from samordna.interventions.models import Intervention, Status, overdue_q


def _organisations(request: Any) -> QuerySet[Organisation]:
    # Only organisations the user may see: other municipalities' names stay out of the form.
    if request is None:
        return Organisation.objects.all()
    return Organisation.objects.restrict(request.user, "view").order_by("name")


class InterventionFilterSet(MunicipalityFilterSet):
    status = django_filters.ChoiceFilter(
        label=_("Status"), choices=Status.choices, empty_label=_("Alla")
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

    class Meta:
        model = Intervention
        fields = ["municipality", "status", "owner", "overdue"]

    def filter_overdue(
        self, queryset: QuerySet[Intervention], name: str, value: bool | None
    ) -> QuerySet[Intervention]:
        return queryset.filter(overdue_q()) if value else queryset

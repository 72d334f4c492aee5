"""Reads of problems for the pages and the API: filters, the weekly series of linked
observations, and each area's phase."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

import django_filters
from django import forms
from django.db.models import Count, QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from samordna.analysis.periods import iso_week
from samordna.core.filtersets import MunicipalityFilterSet
from samordna.core.models import Area, Municipality, Organisation
from samordna.problems.models import AreaPhase, Priority, Problem, ProblemStatus
from samordna.problems.vocabulary import FocusArea
from samordna.reports.models import Observation


def _organisations(request: Any) -> QuerySet[Organisation]:
    # Only organisations the user may see: other municipalities' names stay out of the form.
    if request is None:
        return Organisation.objects.all()
    return Organisation.objects.restrict(request.user, "view").order_by("name")


def _areas(request: Any) -> QuerySet[Area]:
    if request is None:
        return Area.objects.all()
    membership = getattr(request, "membership", None)
    rows = Area.objects.restrict(request.user, "view").filter(is_active=True)
    if membership is not None:
        rows = rows.filter(municipality=membership.municipality)
    return rows.order_by("name")


class ProblemFilterSet(MunicipalityFilterSet):
    status = django_filters.ChoiceFilter(
        label=_("Status"), choices=ProblemStatus.choices, empty_label=_("Alla")
    )
    priority = django_filters.ChoiceFilter(
        label=_("Prioritet"), choices=Priority.choices, empty_label=_("Alla")
    )
    area = django_filters.ModelChoiceFilter(
        label=_("Område"), field_name="areas", queryset=_areas, empty_label=_("Alla")
    )
    tag = django_filters.ChoiceFilter(
        label=_("Fokusområde"),
        choices=FocusArea.choices,
        method="filter_tag",
        empty_label=_("Alla"),
    )
    owner = django_filters.ModelChoiceFilter(
        label=_("Ansvarig organisation"),
        field_name="owner_organisation",
        queryset=_organisations,
        empty_label=_("Alla"),
    )
    open = django_filters.BooleanFilter(
        label=_("Bara pågående"), method="filter_open", widget=forms.CheckboxInput
    )

    class Meta:
        model = Problem
        fields = ["municipality", "status", "priority", "area", "tag", "owner", "open"]

    def filter_tag(self, queryset: QuerySet[Problem], name: str, value: str) -> QuerySet[Problem]:
        if not value:
            return queryset
        # JSON `contains` is not on SQLite: match the stored JSON text instead. Values
        # are the vocabulary's slugs, so '"value"' cannot match part of another one.
        return queryset.filter(tags__icontains=f'"{value}"')

    def filter_open(
        self, queryset: QuerySet[Problem], name: str, value: bool | None
    ) -> QuerySet[Problem]:
        return queryset.exclude(status=ProblemStatus.CLOSED) if value else queryset


def weekly_series(problem: Problem, *, weeks: int = 26, today: date | None = None) -> list[Any]:
    """Linked observations per ISO week for the last `weeks` weeks: [(week_key, n)]."""
    today = today or timezone.localdate()
    keys = []
    for back in range(weeks - 1, -1, -1):
        key = iso_week(today - timedelta(weeks=back))
        if key not in keys:
            keys.append(key)
    counts = dict(
        Observation.objects.filter(problems=problem, week_key__in=keys)
        .exclude(status=Observation.Status.CLOSED)
        .values("week_key")
        .annotate(n=Count("id"))
        .values_list("week_key", "n")
    )
    return [(key, counts.get(key, 0)) for key in keys]


def current_phases(municipality: Municipality) -> dict[int, AreaPhase]:
    """Each area's current phase: its latest row by `since`, then by entry."""
    current: dict[int, AreaPhase] = {}
    rows = (
        AreaPhase.objects.filter(municipality=municipality)
        .select_related("phase", "set_by")
        .order_by("area_id", "-since", "-id")
    )
    for row in rows:
        current.setdefault(row.area_id, row)
    return current

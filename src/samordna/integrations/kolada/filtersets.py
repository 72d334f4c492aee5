"""Filters for Kolada values, shared by any list of them (today the API's)."""

from __future__ import annotations

from typing import Any

import django_filters
from django.db import models
from django.utils.translation import gettext_lazy as _

from samordna.core.filtersets import MunicipalityFilterSet
from samordna.integrations.models import KoladaValue


class KoladaValueFilterSet(MunicipalityFilterSet):
    kpi = django_filters.CharFilter(
        label=_("Nyckeltal, flera med komma (N07403,U07452)"), method="filter_kpi"
    )
    year = django_filters.NumberFilter(label=_("År"), min_value=1990, max_value=9999)
    year_from = django_filters.NumberFilter(
        label=_("Från och med år"), field_name="year", lookup_expr="gte", min_value=1990
    )
    year_to = django_filters.NumberFilter(
        label=_("Till och med år"), field_name="year", lookup_expr="lte", max_value=9999
    )
    gender = django_filters.ChoiceFilter(label=_("Kön"), choices=KoladaValue.Gender.choices)

    class Meta:
        model = KoladaValue
        fields = ["municipality", "kpi", "year", "year_from", "year_to", "gender"]

    def filter_kpi(
        self, queryset: models.QuerySet[Any], name: str, value: str
    ) -> models.QuerySet[Any]:
        ids = [part.strip().upper() for part in value.split(",") if part.strip()]
        return queryset.filter(kpi_id__in=ids) if ids else queryset

"""Filters for observations and reports, shared by the review queue (HTML) and the API.

Periods are Samordna's (analysis.periods): a week or tertial is the stored key, and
dates are whole days in Europe/Stockholm, whatever zone the server runs in.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime, time, timedelta
from typing import TYPE_CHECKING, Any

import django_filters
from django import forms
from django.db.models import Q, QuerySet
from django.utils.translation import gettext_lazy as _

from samordna.analysis.periods import STOCKHOLM, tertial_bounds, week_bounds
from samordna.core.filtersets import MunicipalityFilterSet
from samordna.core.models import Area
from samordna.reports.links import linked_q
from samordna.reports.models import Observation, Report

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise

# Dates far outside this range are typing errors, and would overflow the conversion to UTC.
EARLIEST = date(1900, 1, 1)
LATEST = date(2999, 12, 31)


def _period_validator(bounds: Callable[[str], Any], message: StrOrPromise) -> Callable[[str], None]:
    def validate(value: str) -> None:
        try:
            bounds(value)
        except (ValueError, OverflowError) as exc:
            raise forms.ValidationError(message) from exc

    return validate


class PeriodKeyFilter(django_filters.CharFilter):
    """A week ("2026-W47") or tertial ("2026-T3") key, checked before it is looked up."""

    def __init__(
        self, *, bounds: Callable[[str], Any], message: StrOrPromise, **kwargs: Any
    ) -> None:
        validators = [_period_validator(bounds, message)]
        super().__init__(validators=validators, **kwargs)


class StockholmDateField(forms.DateField):
    def validate(self, value: date | None) -> None:
        super().validate(value)
        if value is not None and not EARLIEST <= value <= LATEST:
            raise forms.ValidationError(
                _("Ange ett datum mellan %(first)s och %(last)s."),
                params={"first": EARLIEST.isoformat(), "last": LATEST.isoformat()},
            )


class StockholmDateFilter(django_filters.DateFilter):
    field_class = StockholmDateField


def _midnight(day: date) -> datetime:
    return datetime.combine(day, time(0), tzinfo=STOCKHOLM)


def _areas(request: Any) -> QuerySet[Area]:
    # Offer (and accept) only the areas the user may see; rows are scoped by the caller's
    # queryset either way, this keeps other municipalities' area names out of the form.
    if request is None:
        return Area.objects.all()
    return Area.objects.restrict(request.user, "view").order_by("name")


class ObservationFilterSet(MunicipalityFilterSet):
    week = PeriodKeyFilter(
        label=_("Vecka"),
        field_name="week_key",
        bounds=week_bounds,
        message=_("Ange veckan som år-W-vecka, till exempel 2026-W47."),
    )
    tertial = PeriodKeyFilter(
        label=_("Tertial"),
        field_name="tertial_key",
        bounds=tertial_bounds,
        message=_("Ange tertialen som år-T-tertial, till exempel 2026-T3."),
    )
    since = StockholmDateFilter(label=_("Från och med"), method="filter_since")
    until = StockholmDateFilter(label=_("Till och med"), method="filter_until")
    area = django_filters.ModelChoiceFilter(label=_("Område"), queryset=_areas)
    category = django_filters.CharFilter(label=_("Kategori (kod)"), method="filter_category")
    organisation = django_filters.CharFilter(
        label=_("Organisation (kortnamn)"), field_name="organisation__slug"
    )
    status = django_filters.ChoiceFilter(
        label=_("Status"), choices=Observation.Status.choices, method="filter_status"
    )
    source = django_filters.ChoiceFilter(
        label=_("Källa"), field_name="report__source", choices=Report.Source.choices
    )

    class Meta:
        model = Observation
        fields = [
            "municipality",
            "week",
            "tertial",
            "since",
            "until",
            "area",
            "category",
            "organisation",
            "status",
            "source",
        ]

    def filter_since(self, queryset: QuerySet[Any], name: str, value: date) -> QuerySet[Any]:
        return queryset.filter(occurred_from__gte=_midnight(value))

    def filter_until(self, queryset: QuerySet[Any], name: str, value: date) -> QuerySet[Any]:
        # Up to the end of the local day: before the next day's Stockholm midnight.
        return queryset.filter(occurred_from__lt=_midnight(value + timedelta(days=1)))

    def filter_status(self, queryset: QuerySet[Any], name: str, value: str) -> QuerySet[Any]:
        # "Linked" is what the links say, whatever the review status: a rule links
        # observations without changing their status.
        if value == Observation.Status.LINKED:
            return queryset.filter(linked_q() | Q(status=value))
        return queryset.filter(status=value)

    def filter_category(self, queryset: QuerySet[Any], name: str, value: str) -> QuerySet[Any]:
        # A parent category ("fordon") means all of its subcategories too.
        return queryset.filter(Q(category__code=value) | Q(category__parent__code=value))


class ReportFilterSet(MunicipalityFilterSet):
    organisation = django_filters.CharFilter(
        label=_("Organisation (kortnamn)"), field_name="organisation__slug"
    )
    source = django_filters.ChoiceFilter(label=_("Källa"), choices=Report.Source.choices)

    class Meta:
        model = Report
        fields = ["municipality", "organisation", "source"]


def describe_filters(filterset: django_filters.FilterSet) -> list[tuple[str, str]]:
    """The filters that were used, in words: ("Vecka", "2026-W47"), ("Område", "Norr")."""
    words = []
    for name, value in filterset.form.cleaned_data.items():
        if value in (None, ""):
            continue
        flt = filterset.filters[name]
        choices = dict(flt.extra.get("choices") or ())
        shown = choices.get(value, value.isoformat() if isinstance(value, date) else value)
        words.append((str(flt.label), str(shown)))
    return words

"""Filters shared by the HTML lists and the API (NetBox's habit)."""

import django_filters
from django.db.models import Q, QuerySet
from django.utils.translation import gettext_lazy as _

from samordna.core import refusals
from samordna.core.models import Area, AuditEvent, Organisation


class AuditEventFilterSet(django_filters.FilterSet):
    kind = django_filters.ChoiceFilter(
        label=_("Slag"),
        choices=[("refused", _("Nekade försök")), ("changes", _("Ändringar och inloggningar"))],
        empty_label=_("Alla händelser"),
        method="filter_kind",
    )
    action = django_filters.CharFilter(
        label=_("Händelse"), field_name="action", lookup_expr="istartswith"
    )
    actor = django_filters.CharFilter(
        label=_("Användare"), field_name="actor_label", lookup_expr="iexact"
    )
    target_type = django_filters.CharFilter(label=_("Objekttyp"), field_name="target_type")
    since = django_filters.DateFilter(
        label=_("Från och med"), field_name="created_at", lookup_expr="date__gte"
    )
    until = django_filters.DateFilter(
        label=_("Till och med"), field_name="created_at", lookup_expr="date__lte"
    )
    request_id = django_filters.CharFilter(label=_("Begärans id"), field_name="request_id")

    class Meta:
        model = AuditEvent
        fields = ["kind", "action", "actor", "target_type", "since", "until", "request_id"]

    def filter_kind(
        self, queryset: QuerySet[AuditEvent], name: str, value: str
    ) -> QuerySet[AuditEvent]:
        refused = Q(action__startswith=refusals.PREFIX)
        return queryset.filter(refused) if value == "refused" else queryset.exclude(refused)


class AreaFilterSet(django_filters.FilterSet):
    kind = django_filters.ChoiceFilter(
        label=_("Typ"), choices=Area.Kind.choices, empty_label=_("Alla typer")
    )
    name = django_filters.CharFilter(label=_("Namn"), lookup_expr="icontains")

    class Meta:
        model = Area
        fields = ["kind", "name"]


class MunicipalityFilterSet(django_filters.FilterSet):
    """`?municipality=<slug>` for lists that span every municipality the user belongs to
    (the API). The web lists already show only the current membership's municipality, so
    their forms leave this field out."""

    municipality = django_filters.CharFilter(
        label=_("Kommun (kortnamn)"), field_name="municipality__slug"
    )


class AreaByMunicipalityFilterSet(MunicipalityFilterSet, AreaFilterSet):
    class Meta(AreaFilterSet.Meta):
        fields = ["municipality", *AreaFilterSet.Meta.fields]


class OrganisationFilterSet(django_filters.FilterSet):
    kind = django_filters.ChoiceFilter(label=_("Typ"), choices=Organisation.Kind.choices)

    class Meta:
        model = Organisation
        fields = ["kind"]


class OrganisationByMunicipalityFilterSet(MunicipalityFilterSet, OrganisationFilterSet):
    class Meta(OrganisationFilterSet.Meta):
        fields = ["municipality", *OrganisationFilterSet.Meta.fields]

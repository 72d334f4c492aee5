"""The API's Kolada values: `/api/v1/kolada-values/?kpi=N07403&municipality=orebro`.

Read-only: values arrive only through `samordna import_kolada`. Each member sees
the values of their own municipalities (KoladaValuePolicy).
"""

from __future__ import annotations

from typing import Any

from django.db import models
from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import serializers

from samordna.api.viewsets import RestrictedReadOnlyViewSet
from samordna.integrations.kolada.filtersets import KoladaValueFilterSet
from samordna.integrations.models import KoladaValue


class KoladaValueSerializer(serializers.ModelSerializer[KoladaValue]):
    municipality = serializers.CharField(source="municipality.slug", read_only=True)
    kpi = serializers.CharField(source="kpi_id", read_only=True)
    kpi_title = serializers.CharField(source="kpi.title", read_only=True)

    class Meta:
        model = KoladaValue
        fields = [
            "id",
            "municipality",
            "kpi",
            "kpi_title",
            "year",
            "gender",
            "value",
            "count",
            "status",
            "imported_at",
        ]
        read_only_fields = fields


@extend_schema_view(
    list=extend_schema(
        description=(
            "Nyckeltal från Kolada för användarens kommuner, per år och kön "
            "(T totalt, K kvinnor, M män). Ett värde som Kolada saknar är null."
        )
    ),
    retrieve=extend_schema(description="Ett värde från Kolada."),
)
class KoladaValueViewSet(RestrictedReadOnlyViewSet):
    """Kolada values of the user's municipalities."""

    model = KoladaValue
    serializer_class = KoladaValueSerializer
    filterset_class = KoladaValueFilterSet

    def get_queryset(self) -> models.QuerySet[Any]:
        return (
            super()
            .get_queryset()
            .select_related("municipality", "kpi")
            .order_by("kpi_id", "-year", "gender", "id")
        )

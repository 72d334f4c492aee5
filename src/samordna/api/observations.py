"""The API's observations: list, read, GeoJSON for maps, and the review actions.

Review actions find the observation among those the user may *see* (so another
municipality's is a 404), then the review service decides whether they may change it
(a reporter or analyst who can see it gets a 403).
"""

from __future__ import annotations

from typing import Any, cast

from django.db import models
from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework.decorators import action
from rest_framework.fields import DateTimeField
from rest_framework.renderers import JSONRenderer
from rest_framework.request import Request
from rest_framework.response import Response

from samordna.api import report_serializers as s
from samordna.api.errors import DENIED_RESPONSE, ERRORS_RESPONSE, as_api_errors, validated
from samordna.api.geojson import FeatureCollectionPagination, GeoJSONRenderer
from samordna.api.pagination import KeysetPagination
from samordna.api.report_input import correction
from samordna.api.viewsets import RESTRICT_ACTIONS, RestrictedReadOnlyViewSet
from samordna.core.models import User
from samordna.reports.filtersets import ObservationFilterSet
from samordna.reports.models import Category, Observation
from samordna.reports.review import observation_correct, observation_reject, require_reviewer


class FeaturePagination(FeatureCollectionPagination):
    # A map wants a week's points in one request; a feature is a couple of hundred bytes.
    page_size = 1000
    max_page_size = 10_000

    def get_paginated_response_schema(self, schema: dict[str, Any]) -> dict[str, Any]:
        result = super().get_paginated_response_schema(schema)
        # See FEATURE_TYPE_SCHEMA: an enum name of its own, apart from the areas' one.
        kind = {**result["properties"]["type"], "x-spec-enum-id": "observation-collection"}
        return {**result, "properties": {**result["properties"], "type": kind}}


_WRITE_RESPONSES = {
    200: s.ObservationSerializer,
    400: ERRORS_RESPONSE,
    403: DENIED_RESPONSE,
}


@extend_schema_view(
    list=extend_schema(description="Iakttagelserna användaren får se, senast inträffade först."),
    retrieve=extend_schema(description="En iakttagelse."),
)
class ObservationViewSet(RestrictedReadOnlyViewSet):
    """Observations; a reporter sees their own organisation's, coordinators review."""

    model = Observation
    serializer_class = s.ObservationSerializer
    filterset_class = ObservationFilterSet
    # A municipality's history runs to hundreds of thousands of rows: cursor pages.
    pagination_class = KeysetPagination
    # Found among the visible ones; the review service checks the right to change.
    restrict_actions = {
        **RESTRICT_ACTIONS,
        "partial_update": "view",
        "reject": "view",
        "geojson": "view",
    }

    def get_queryset(self) -> models.QuerySet[Any]:
        return (
            super()
            .get_queryset()
            .select_related("municipality", "organisation", "category")
            .order_by("-occurred_from", "-id")
        )

    @extend_schema(
        request=s.ObservationCorrectionSerializer,
        responses=_WRITE_RESPONSES,
        description=(
            "Rätta kategori, område eller tid (samordnare och administratörer i kommunen). "
            "Vecka och tertial räknas om."
        ),
    )
    def partial_update(self, request: Request, pk: str | None = None) -> Response:
        observation = self.get_object()
        user = cast(User, request.user)
        require_reviewer(user, observation)
        data = validated(s.ObservationCorrectionSerializer(data=request.data))
        values = correction(observation.municipality, data)
        as_api_errors(lambda: observation_correct(actor=user, observation=observation, **values))
        return Response(s.ObservationSerializer(observation).data)

    @extend_schema(
        request=s.RejectSerializer,
        responses=_WRITE_RESPONSES,
        description="Avsluta iakttagelsen med ett skäl som rapportören får se.",
    )
    @action(detail=True, methods=["post"])
    def reject(self, request: Request, pk: str | None = None) -> Response:
        observation = self.get_object()
        user = cast(User, request.user)
        require_reviewer(user, observation)
        data = validated(s.RejectSerializer(data=request.data))
        as_api_errors(
            lambda: observation_reject(actor=user, observation=observation, reason=data["reason"])
        )
        return Response(s.ObservationSerializer(observation).data)

    @extend_schema(
        responses=s.ObservationFeatureSerializer(many=True),
        description=(
            "Iakttagelserna med en punkt, som en GeoJSON FeatureCollection (WGS84), med "
            "samma filter som listan. Egenskaperna innehåller aldrig fritext."
        ),
    )
    @action(
        detail=False,
        renderer_classes=[GeoJSONRenderer, JSONRenderer],
        pagination_class=FeaturePagination,
        serializer_class=s.ObservationFeatureSerializer,
    )
    def geojson(self, request: Request) -> Response:
        # Read as values() and built as dicts: a map page is a thousand features, and a
        # model instance and a nested serializer per feature were most of its time.
        # ObservationFeatureSerializer still describes the shape (the schema).
        points = (
            self.filter_queryset(self.get_queryset())
            .filter(longitude__isnull=False, latitude__isnull=False)
            .values(*_FEATURE_VALUES)
        )
        page = self.paginate_queryset(points) or []
        return self.get_paginated_response(_features(page))


_FEATURE_VALUES = (
    "id", "occurred_from", "longitude", "latitude", "area_id", "unsafety", "status",
    "category_id",
)  # fmt: skip


def _features(rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """What ObservationFeatureSerializer writes, from values() rows. The categories are
    read for the page alone: a join in the values() would also be in the page's count,
    which then joined every matching row (over a second at scale 10)."""
    moment = DateTimeField().to_representation  # the API's own time format and zone
    categories = Category.objects.in_bulk({r["category_id"] for r in rows})
    return [
        {
            "type": "Feature",
            "id": r["id"],
            "geometry": {"type": "Point", "coordinates": [r["longitude"], r["latitude"]]},
            "properties": {
                "id": r["id"],
                "category": categories[r["category_id"]].code,
                "category_name": categories[r["category_id"]].name,
                "occurred_from": moment(r["occurred_from"]),
                "area": r["area_id"],
                "unsafety": r["unsafety"],
                "status": r["status"],
            },
        }
        for r in rows
    ]

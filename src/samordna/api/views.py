"""The API's read endpoints for tenancy and geography, and its schema."""

from __future__ import annotations

from typing import Any, cast

from django.db import models
from drf_spectacular.renderers import (
    OpenApiJsonRenderer,
    OpenApiJsonRenderer2,
    OpenApiYamlRenderer,
    OpenApiYamlRenderer2,
)
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_view
from drf_spectacular.views import SpectacularAPIView
from rest_framework.exceptions import ValidationError
from rest_framework.permissions import IsAuthenticated
from rest_framework.renderers import JSONRenderer
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from samordna.api import serializers
from samordna.api.geojson import (
    CRS_CHOICES,
    SWEREF99TM,
    WGS84,
    FeatureCollectionPagination,
    GeoJSONRenderer,
)
from samordna.api.viewsets import DRFAuthenticated, RestrictedReadOnlyViewSet
from samordna.core.filtersets import (
    AreaByMunicipalityFilterSet,
    OrganisationByMunicipalityFilterSet,
)
from samordna.core.models import Area, Membership, Municipality, Organisation, User


class SchemaView(DRFAuthenticated, SpectacularAPIView):
    """The OpenAPI schema, for signed-in users; JSON unless YAML is asked for."""

    permission_classes = [IsAuthenticated]
    renderer_classes = [
        OpenApiJsonRenderer,
        OpenApiJsonRenderer2,
        OpenApiYamlRenderer,
        OpenApiYamlRenderer2,
    ]


class MeView(DRFAuthenticated, APIView):
    """The signed-in user and their active memberships."""

    @extend_schema(
        responses=serializers.MeSerializer,
        description="Den inloggade användaren och hens aktiva medlemskap.",
    )
    def get(self, request: Request) -> Response:
        # IsAuthenticated has let only signed-in users this far.
        user = cast(User, request.user)
        memberships = (
            Membership.objects.in_force()
            .restrict(user, "view")
            .filter(user=user)
            .select_related("municipality", "organisation")
            .order_by("municipality__name", "organisation__name", "role")
        )
        data = {"user": user, "memberships": memberships}
        return Response(serializers.MeSerializer(data).data)


@extend_schema_view(
    list=extend_schema(description="Kommunerna där användaren har ett medlemskap."),
    retrieve=extend_schema(description="En av användarens kommuner, efter kortnamn."),
)
class MunicipalityViewSet(RestrictedReadOnlyViewSet):
    """The municipalities where the user holds a membership."""

    model = Municipality
    serializer_class = serializers.MunicipalitySerializer
    lookup_field = "slug"

    def get_queryset(self) -> models.QuerySet[Any]:
        return super().get_queryset().order_by("name", "slug")


@extend_schema_view(
    list=extend_schema(description="Samverkansorganisationerna i användarens kommuner."),
    retrieve=extend_schema(description="En organisation i någon av användarens kommuner."),
)
class OrganisationViewSet(RestrictedReadOnlyViewSet):
    """The partner organisations of the user's municipalities."""

    model = Organisation
    serializer_class = serializers.OrganisationSerializer
    filterset_class = OrganisationByMunicipalityFilterSet

    def get_queryset(self) -> models.QuerySet[Any]:
        return super().get_queryset().select_related("municipality").order_by("name", "id")


_UNKNOWN_CRS = "Okänt koordinatsystem. Använd crs=4326 (WGS84) eller crs=3006 (SWEREF 99 TM)."
_CRS = OpenApiParameter(
    "crs",
    OpenApiTypes.STR,
    enum=list(CRS_CHOICES),
    default=WGS84,
    description=(
        "Koordinatsystem för geometrin: 4326 = WGS84 (longitud, latitud; standard), "
        "3006 = SWEREF 99 TM (östlig och nordlig koordinat i meter)."
    ),
)


@extend_schema_view(
    list=extend_schema(parameters=[_CRS], description="Områdena som en GeoJSON FeatureCollection."),
    retrieve=extend_schema(parameters=[_CRS], description="Ett område som en GeoJSON Feature."),
)
class AreaViewSet(RestrictedReadOnlyViewSet):
    """The areas of the user's municipalities, as GeoJSON."""

    model = Area
    serializer_class = serializers.AreaFeatureSerializer
    filterset_class = AreaByMunicipalityFilterSet
    pagination_class = FeatureCollectionPagination
    renderer_classes = [GeoJSONRenderer, JSONRenderer]

    def get_queryset(self) -> models.QuerySet[Any]:
        # Borders can be thousands of vertices: read only the version that is sent.
        unused = "geometry" if self.crs() == SWEREF99TM else "geometry_sweref"
        return (
            super()
            .get_queryset()
            .select_related("municipality")
            .defer(unused)
            .order_by("name", "id")
        )

    def get_serializer_context(self) -> dict[str, Any]:
        return {**super().get_serializer_context(), "crs": self.crs()}

    def crs(self) -> str:
        crs = self.request.query_params.get("crs", WGS84)
        if crs not in CRS_CHOICES:
            raise ValidationError({"crs": [_UNKNOWN_CRS]})
        return crs

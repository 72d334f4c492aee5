"""What the API shows of core's tenancy and geography. Read-only: writes go through services."""

from __future__ import annotations

from typing import Any

from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from samordna.api.geojson import AREA_GEOMETRY_SCHEMA, SWEREF99TM
from samordna.core.models import Area, Membership, Municipality, Organisation


class MunicipalitySerializer(serializers.ModelSerializer[Municipality]):
    class Meta:
        model = Municipality
        fields = ["slug", "name", "code", "is_demo"]
        read_only_fields = fields


class OrganisationSerializer(serializers.ModelSerializer[Organisation]):
    municipality = serializers.CharField(source="municipality.slug", read_only=True)

    class Meta:
        model = Organisation
        fields = ["id", "slug", "name", "kind", "is_active", "municipality"]
        read_only_fields = fields


class SlugNameSerializer(serializers.Serializer[Any]):
    slug = serializers.SlugField(read_only=True)
    name = serializers.CharField(read_only=True)


class MembershipSerializer(serializers.ModelSerializer[Membership]):
    municipality = SlugNameSerializer(read_only=True)
    organisation = SlugNameSerializer(read_only=True)

    class Meta:
        model = Membership
        fields = ["id", "role", "municipality", "organisation"]
        read_only_fields = fields


class MeSerializer(serializers.Serializer[Any]):
    """Den inloggade användaren och de aktiva medlemskap hen kan arbeta genom."""

    username = serializers.CharField(source="user.username", read_only=True)
    name = serializers.CharField(source="user.get_full_name", read_only=True)
    email = serializers.EmailField(source="user.email", read_only=True)
    memberships = MembershipSerializer(many=True, read_only=True)


class AreaPropertiesSerializer(serializers.ModelSerializer[Area]):
    municipality = serializers.CharField(source="municipality.slug", read_only=True)

    class Meta:
        model = Area
        fields = ["id", "name", "kind", "code", "vintage", "municipality", "area_m2", "is_active"]
        read_only_fields = fields


@extend_schema_field(AREA_GEOMETRY_SCHEMA)
class AreaGeometryField(serializers.Field):  # type: ignore[type-arg]
    # The view chooses the coordinate system (?crs=) and passes it in the context.

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(source="*", read_only=True, **kwargs)

    def to_representation(self, value: Area) -> Any:
        return value.geometry_sweref if self.context.get("crs") == SWEREF99TM else value.geometry


class AreaFeatureSerializer(serializers.Serializer[Area]):
    """Ett område som GeoJSON Feature; egenskaperna under `properties`."""

    type = serializers.SerializerMethodField()
    id = serializers.IntegerField(read_only=True)
    geometry = AreaGeometryField()
    properties = AreaPropertiesSerializer(source="*", read_only=True)

    @extend_schema_field({"type": "string", "enum": ["Feature"]})
    def get_type(self, area: Area) -> str:
        return "Feature"

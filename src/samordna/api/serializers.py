"""What the API shows of core's tenancy and geography. Read-only: writes go through services."""

from __future__ import annotations

from typing import Any

from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from samordna.api.geojson import AREA_GEOMETRY_SCHEMA, SWEREF99TM
from samordna.core.models import Area, Membership, Municipality, Organisation

# The largest id a client may send: larger numbers would overflow the database's integer
# before any lookup could say "not found" (JavaScript's safe integer limit, 2**53).
ID_MAX = 2**53


def IdField(**kwargs: Any) -> serializers.IntegerField:
    """An id sent by a client: a positive integer the database can hold."""
    return serializers.IntegerField(min_value=1, max_value=ID_MAX, **kwargs)


def area_key(area: Area) -> str:
    """How the API names an area: its code, or "omrade-<id>" when it has none."""
    return area.code or f"omrade-{area.pk}"


def areas_by_key(municipality: Municipality, keys: list[str]) -> tuple[list[Area], bool]:
    """The municipality's areas named by code or "omrade-<id>", in the order given and
    without repeats; True when one of the keys names no area of the municipality."""
    rows = Area.objects.filter(municipality=municipality)
    found: list[Area] = []
    for key in dict.fromkeys(keys):
        area = None
        number = key.removeprefix("omrade-") if key.startswith("omrade-") else ""
        if number.isdigit() and int(number) <= ID_MAX:
            area = rows.filter(pk=int(number)).first()
        if area is None:
            area = rows.filter(code=key).first()
        if area is None:
            return found, True
        found.append(area)
    return found, False


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

"""What the API shows of reports and observations, and the shapes it accepts for them.

Output serializers are read-only; input serializers only check types and ranges (so
the schema tells clients, and schemathesis, what is valid). What a value means — a
category code in this municipality, a time not in the future — is the services' to say.
"""

from __future__ import annotations

from typing import Any

from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from samordna.reports.models import Observation, Report
from samordna.reports.review import REASON_MAX
from samordna.reports.services import MAX_OBSERVATIONS

# Ids beyond any real row would overflow some databases' integers: a 400, not a 500.
ID_MAX = 2**53


class ObservationSerializer(serializers.ModelSerializer[Observation]):
    municipality = serializers.CharField(source="municipality.slug", read_only=True)
    organisation = serializers.CharField(source="organisation.slug", read_only=True)
    category = serializers.CharField(source="category.code", read_only=True)
    category_name = serializers.CharField(source="category.name", read_only=True)
    # Declared because read-only model fields lose "blank is allowed", and the schema
    # would then promise a choice where there may be none.
    time_band = serializers.ChoiceField(
        Observation.TimeBand.choices, allow_blank=True, read_only=True
    )
    place_type = serializers.ChoiceField(
        Observation.PlaceType.choices, allow_blank=True, read_only=True
    )

    class Meta:
        model = Observation
        fields = [
            "id",
            "report",
            "municipality",
            "organisation",
            "category",
            "category_name",
            "occurred_from",
            "occurred_to",
            "time_band",
            "longitude",
            "latitude",
            "place",
            "address",
            "area",
            "place_type",
            "people_count",
            "unsafety",
            "certainty",
            "reported_to_police",
            "immediate_action",
            "free_text",
            "text_redacted_at",
            "status",
            "closed_reason",
            "duplicate_of",
            "reviewed_at",
            "week_key",
            "tertial_key",
            "created_at",
        ]
        read_only_fields = fields


class ReportSerializer(serializers.ModelSerializer[Report]):
    municipality = serializers.CharField(source="municipality.slug", read_only=True)
    organisation = serializers.CharField(source="organisation.slug", read_only=True)
    observations = ObservationSerializer(many=True, read_only=True)

    class Meta:
        model = Report
        fields = [
            "id",
            "client_uuid",
            "municipality",
            "organisation",
            "source",
            "submitted_at",
            "observations",
        ]
        read_only_fields = fields


# --- GeoJSON --------------------------------------------------------------------------

# drf-spectacular names a component's enums after the property ("type"); areas already
# have a Feature and a FeatureCollection "type", and sharing the name across components
# is a naming collision it warns about. Its own enum id gives ours a name of their own.
FEATURE_TYPE_SCHEMA = {
    "type": "string",
    "enum": ["Feature"],
    "x-spec-enum-id": "observation-feature",
}

_POINT_SCHEMA = {
    "type": "object",
    "description": "Punkten som longitud/latitud i WGS84 (EPSG:4326).",
    "properties": {
        "type": {"type": "string", "enum": ["Point"]},
        "coordinates": {"type": "array", "items": {"type": "number"}, "minItems": 2},
    },
    "required": ["type", "coordinates"],
}


@extend_schema_field(_POINT_SCHEMA)
class PointField(serializers.Field):  # type: ignore[type-arg]
    def __init__(self, **kwargs: Any) -> None:
        super().__init__(source="*", read_only=True, **kwargs)

    def to_representation(self, value: Observation) -> dict[str, Any]:
        return {"type": "Point", "coordinates": [value.longitude, value.latitude]}


class ObservationPropertiesSerializer(serializers.ModelSerializer[Observation]):
    # Maps are shown and shared widely: never the free text, the address or who reported.
    category = serializers.CharField(source="category.code", read_only=True)
    category_name = serializers.CharField(source="category.name", read_only=True)

    class Meta:
        model = Observation
        fields = ["id", "category", "category_name", "occurred_from", "area", "unsafety", "status"]
        read_only_fields = fields


class ObservationFeatureSerializer(serializers.Serializer[Observation]):
    """En iakttagelse som GeoJSON Feature; egenskaperna under `properties`, aldrig fritext."""

    type = serializers.SerializerMethodField()
    id = serializers.IntegerField(read_only=True)
    geometry = PointField()
    properties = ObservationPropertiesSerializer(source="*", read_only=True)

    @extend_schema_field(FEATURE_TYPE_SCHEMA)
    def get_type(self, observation: Observation) -> str:
        return "Feature"


# --- input ----------------------------------------------------------------------------


class ObservationInputSerializer(serializers.Serializer[Any]):
    """En iakttagelse: kategori med kod, plats och område med id, punkt i WGS84."""

    category = serializers.SlugField(max_length=40)
    occurred_from = serializers.DateTimeField()
    occurred_to = serializers.DateTimeField(required=False, allow_null=True)
    time_band = serializers.ChoiceField(
        Observation.TimeBand.choices, required=False, allow_blank=True
    )
    longitude = serializers.FloatField(
        required=False, allow_null=True, min_value=10.0, max_value=25.0
    )
    latitude = serializers.FloatField(
        required=False, allow_null=True, min_value=55.0, max_value=69.5
    )
    place = serializers.IntegerField(required=False, allow_null=True, min_value=1, max_value=ID_MAX)
    area = serializers.IntegerField(required=False, allow_null=True, min_value=1, max_value=ID_MAX)
    address = serializers.CharField(required=False, allow_blank=True, max_length=200)
    place_type = serializers.ChoiceField(
        Observation.PlaceType.choices, required=False, allow_blank=True
    )
    people_count = serializers.IntegerField(
        required=False, allow_null=True, min_value=0, max_value=10_000
    )
    unsafety = serializers.IntegerField(min_value=1, max_value=3)
    certainty = serializers.ChoiceField(Observation.Certainty.choices)
    reported_to_police = serializers.ChoiceField(Observation.PoliceReported.choices, required=False)
    immediate_action = serializers.CharField(required=False, allow_blank=True, max_length=4000)
    free_text = serializers.CharField(required=False, allow_blank=True, max_length=4000)


class ReportInputSerializer(serializers.Serializer[Any]):
    """En rapport med en eller flera iakttagelser. Samma client_uuid igen ger samma rapport."""

    client_uuid = serializers.UUIDField()
    organisation = serializers.SlugField(max_length=50)
    municipality = serializers.SlugField(
        max_length=50,
        required=False,
        help_text="Kommunens kortnamn; behövs bara om organisationens kortnamn finns i "
        "flera av användarens kommuner.",
    )
    observations = serializers.ListField(
        child=ObservationInputSerializer(), min_length=1, max_length=MAX_OBSERVATIONS
    )


class ObservationCorrectionSerializer(serializers.Serializer[Any]):
    """Rättelse av vad, var och när. Fält som utelämnas ändras inte."""

    category = serializers.SlugField(max_length=40, required=False)
    area = serializers.IntegerField(required=False, min_value=1, max_value=ID_MAX)
    occurred_from = serializers.DateTimeField(required=False)
    occurred_to = serializers.DateTimeField(required=False)
    time_band = serializers.ChoiceField(
        Observation.TimeBand.choices, required=False, allow_blank=True
    )


class RejectSerializer(serializers.Serializer[Any]):
    """Skälet till att iakttagelsen avslutas; rapportören ser det."""

    reason = serializers.CharField(max_length=REASON_MAX)

"""The API's interventions: a read-only list (and one by id), scoped like the pages.

Decisions and status reports are made in the web app for now; the interventions issue
adds writes. Status and traffic light are plain strings with their values in the
description, so their enums do not collide with other `status` fields in the schema.
"""

from __future__ import annotations

from typing import Any

from django.db import models
from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import serializers

from samordna.api.viewsets import RestrictedReadOnlyViewSet
from samordna.interventions.filtersets import InterventionFilterSet
from samordna.interventions.models import Intervention


class InterventionSerializer(serializers.ModelSerializer[Intervention]):
    municipality = serializers.CharField(source="municipality.slug", read_only=True)
    owner_organisation = serializers.CharField(source="owner_organisation.slug", read_only=True)
    owner_person = serializers.SerializerMethodField()
    status = serializers.CharField(
        read_only=True, help_text="decided, in_progress, done eller cancelled"
    )
    rag = serializers.CharField(read_only=True, help_text="green, amber eller red")
    is_overdue = serializers.BooleanField(read_only=True)
    decided_in = serializers.IntegerField(source="decided_in_id", read_only=True, allow_null=True)
    areas = serializers.SerializerMethodField()

    class Meta:
        model = Intervention
        fields = [
            "id",
            "municipality",
            "title",
            "description",
            "owner_organisation",
            "owner_person",
            "deadline",
            "status",
            "rag",
            "is_overdue",
            "decided_in",
            "areas",
            "created_at",
            "updated_at",
        ]
        read_only_fields = fields

    def get_owner_person(self, obj: Intervention) -> str | None:
        person = obj.owner_person
        return (person.get_full_name() or person.username) if person else None

    def get_areas(self, obj: Intervention) -> list[str]:
        return [a.code or f"omrade-{a.pk}" for a in obj.areas.all()]


@extend_schema_view(
    list=extend_schema(
        description="Insatserna i användarens kommuner, tidigast sista datum först."
    ),
    retrieve=extend_schema(description="En insats."),
)
class InterventionViewSet(RestrictedReadOnlyViewSet):
    """Interventions of the municipalities where the user takes part in the EST work."""

    model = Intervention
    serializer_class = InterventionSerializer
    filterset_class = InterventionFilterSet

    def get_queryset(self) -> models.QuerySet[Any]:
        return (
            super()
            .get_queryset()
            .select_related("municipality", "owner_organisation", "owner_person")
            .prefetch_related("areas")
            .order_by("deadline", "id")
        )

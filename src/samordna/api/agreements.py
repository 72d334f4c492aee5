"""The API's collaboration agreements and citizen promises, read only: every EST member
reads them; they are written in the web app (plans.agreements)."""

from __future__ import annotations

from typing import Any

from django.db import models
from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import serializers

from samordna.api.viewsets import RestrictedReadOnlyViewSet
from samordna.interventions.models import Intervention
from samordna.plans.models import Agreement, CitizenPromise, Commitment


class CommitmentSerializer(serializers.ModelSerializer[Commitment]):
    organisation = serializers.CharField(source="organisation.slug", read_only=True)
    status = serializers.CharField(
        read_only=True, help_text="planned, in_progress, done eller not_done"
    )
    interventions = serializers.PrimaryKeyRelatedField[Intervention](many=True, read_only=True)

    class Meta:
        model = Commitment
        fields = ["id", "order", "organisation", "text", "status", "public_status", "interventions"]
        read_only_fields = fields


class CitizenPromiseSerializer(serializers.ModelSerializer[CitizenPromise]):
    municipality = serializers.CharField(source="municipality.slug", read_only=True)
    agreement = serializers.IntegerField(source="agreement_id", read_only=True)
    commitments = CommitmentSerializer(many=True, read_only=True)

    class Meta:
        model = CitizenPromise
        fields = [
            "id",
            "municipality",
            "agreement",
            "year",
            "title",
            "slug",
            "public_summary",
            "is_published",
            "commitments",
            "updated_at",
        ]
        read_only_fields = fields


class SignatorySerializer(serializers.Serializer[Any]):
    role = serializers.CharField()
    organisation = serializers.CharField()


class AgreementSerializer(serializers.ModelSerializer[Agreement]):
    municipality = serializers.CharField(source="municipality.slug", read_only=True)
    status = serializers.CharField(read_only=True, help_text="draft, signed eller ended")
    focus_problems = serializers.PrimaryKeyRelatedField[Any](many=True, read_only=True)
    signatories = SignatorySerializer(many=True, read_only=True)
    promises = serializers.PrimaryKeyRelatedField[CitizenPromise](many=True, read_only=True)

    class Meta:
        model = Agreement
        fields = [
            "id",
            "municipality",
            "title",
            "police_area",
            "starts_on",
            "ends_on",
            "focus_problems",
            "focus_text",
            "probable_causes",
            "goals",
            "documentation",
            "follow_up",
            "signatories",
            "status",
            "signed_on",
            "promises",
        ]
        read_only_fields = fields


@extend_schema_view(
    list=extend_schema(description="Samverkansöverenskommelserna i användarens kommuner."),
    retrieve=extend_schema(description="En samverkansöverenskommelse."),
)
class AgreementViewSet(RestrictedReadOnlyViewSet):
    model = Agreement
    serializer_class = AgreementSerializer

    def get_queryset(self) -> models.QuerySet[Any]:
        return (
            super()
            .get_queryset()
            .select_related("municipality")
            .prefetch_related("focus_problems", "promises")
            .order_by("-starts_on", "-id")
        )


@extend_schema_view(
    list=extend_schema(description="Medborgarlöftena i användarens kommuner, med åtaganden."),
    retrieve=extend_schema(description="Ett medborgarlöfte med parternas åtaganden."),
)
class CitizenPromiseViewSet(RestrictedReadOnlyViewSet):
    model = CitizenPromise
    serializer_class = CitizenPromiseSerializer

    def get_queryset(self) -> models.QuerySet[Any]:
        return (
            super()
            .get_queryset()
            .select_related("municipality")
            .prefetch_related("commitments__organisation", "commitments__interventions")
            .order_by("-year", "title")
        )

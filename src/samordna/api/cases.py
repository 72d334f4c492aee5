"""The cases API (/api/v1/cases/): pseudonyms in lists, one CaseAccess row per retrieve.

Registered by samordna.api.urls; the API layer imports this module, never the reverse.
Session only with a verified second factor: a token cannot show a one-time code, so
a token user sees no case (an empty list, 404 for any case).
"""

from __future__ import annotations

from typing import Any

from django.db import models
from django.http import Http404
from drf_spectacular.utils import extend_schema, extend_schema_field, extend_schema_view
from rest_framework import serializers
from rest_framework.exceptions import NotFound
from rest_framework.request import Request
from rest_framework.response import Response

from samordna.api.viewsets import RestrictedReadOnlyViewSet
from samordna.cases import gate
from samordna.cases.models import Case, CaseAccess


class CaseSerializer(serializers.ModelSerializer):  # type: ignore[type-arg]
    programme = serializers.CharField(source="programme.name", read_only=True)
    area = serializers.CharField(source="area.name", read_only=True, default=None)
    # Plain text, not an enum: "status" is taken by other components' enums in the schema.
    status = serializers.CharField(read_only=True, help_text="open, closed eller erased")

    class Meta:
        model = Case
        fields = ["id", "pseudonym", "programme", "age_band", "area", "status"]


class NeedSerializer(serializers.Serializer):  # type: ignore[type-arg]
    domain = serializers.CharField()
    # Null when the consent does not cover the case's content (kind "case").
    description = serializers.CharField(allow_null=True)
    owner = serializers.CharField(source="owner.name", default=None)
    status = serializers.CharField()
    bounces = serializers.IntegerField()


class CaseDetailSerializer(CaseSerializer):
    needs = serializers.SerializerMethodField()
    kinds = serializers.SerializerMethodField(
        help_text="Vilka slags uppgifter samtycket ger dig i ärendet just nu."
    )

    class Meta(CaseSerializer.Meta):
        fields = [*CaseSerializer.Meta.fields, "kinds", "needs"]

    @extend_schema_field(NeedSerializer(many=True))
    def get_needs(self, case: Case) -> list[dict[str, Any]]:
        """The routing of every need; the text only within consent (the gate's answer)."""
        content = "case" in self.context["kinds"]
        rows = []
        for need in case.needs.select_related("owner"):
            data = dict(NeedSerializer(need).data)
            data["description"] = need.description if content else None
            rows.append(data)
        return rows

    @extend_schema_field(serializers.ListField(child=serializers.CharField()))
    def get_kinds(self, case: Case) -> list[str]:
        return sorted(self.context["kinds"])


def _verified(user: Any) -> bool:
    is_verified = getattr(user, "is_verified", None)
    return bool(is_verified and is_verified())


@extend_schema_view(
    list=extend_schema(
        description="TSI-ärenden användaren får läsa just nu (bara pseudonymer). Tom lista "
        "för alla andra."
    ),
    retrieve=extend_schema(
        description="Ett ärende med behov. Varje hämtning loggas; 404 för den som inte har "
        "rätt till ärendet (samtycke, team, tvåstegsverifiering)."
    ),
)
class CaseViewSet(RestrictedReadOnlyViewSet):
    model = Case
    serializer_class = CaseSerializer

    def get_queryset(self) -> models.QuerySet[Any]:
        if not _verified(self.request.user):
            return Case.objects.none()
        return super().get_queryset().select_related("programme", "area").order_by("pseudonym")

    def get_serializer_class(self) -> Any:
        return CaseDetailSerializer if self.action == "retrieve" else CaseSerializer

    def retrieve(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        try:
            allowed = gate.read(request.user, kwargs["pk"], what=CaseAccess.What.API)
        except Http404 as error:
            raise NotFound from error
        serializer = CaseDetailSerializer(allowed.case, context={"kinds": allowed.kinds})
        return Response(serializer.data)

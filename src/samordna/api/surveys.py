"""The API's surveys: rounds (read-only) and one item's results, scoped like the pages.

Results carry the same suppression as the pages: a cell with fewer respondents than
SAMORDNA_SURVEY_MIN_RESPONDENTS is {"group": …, "suppressed": "färre än 10 svar"},
with no value, interval or n. Respondent rows are never served.

Registered in `samordna.api.urls` as `router.register("surveys", SurveyViewSet,
basename="survey")`.
"""

from __future__ import annotations

from typing import Any

from django.db import models
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_view
from rest_framework import serializers
from rest_framework.decorators import action
from rest_framework.request import Request
from rest_framework.response import Response

from samordna.api.viewsets import RESTRICT_ACTIONS, RestrictedReadOnlyViewSet
from samordna.core.models import Area
from samordna.surveys.models import Survey, SurveyItem
from samordna.surveys.selectors import Breakdown, Cell, GapRow, item_results


class SurveyItemSerializer(serializers.ModelSerializer[SurveyItem]):
    class Meta:
        model = SurveyItem
        fields = ["code", "question", "group", "scale"]
        read_only_fields = fields


class SurveySerializer(serializers.ModelSerializer[Survey]):
    municipality = serializers.CharField(source="municipality.slug", read_only=True)
    kind = serializers.CharField(
        read_only=True, help_text="police_trygghetsmatning, bra_ntu eller own"
    )
    items = SurveyItemSerializer(many=True, read_only=True)

    class Meta:
        model = Survey
        fields = [
            "id", "municipality", "kind", "title", "year", "source_note", "is_synthetic", "items",
        ]  # fmt: skip
        read_only_fields = fields


def cell_json(cell: Cell) -> dict[str, Any]:
    """A cell with its numbers, or only why it has none."""
    if cell.suppressed is not None:
        return {"group": cell.label, "suppressed": str(cell.suppressed)}
    if cell.estimate is None:
        return {"group": cell.label, "no_answers": True}
    e = cell.estimate
    return {
        "group": cell.label, "value": e.value, "low": e.low, "high": e.high, "n": e.n,
        "method": e.method,
    }  # fmt: skip


def gap_json(row: GapRow) -> dict[str, Any]:
    if row.gap is None:
        return {"groups": row.label, "reason": row.reason}
    g = row.gap
    return {
        "groups": row.label, "value": g.value, "low": g.low, "high": g.high,
        "method": g.method, "clear": g.is_clear,
    }  # fmt: skip


def breakdown_json(breakdown: Breakdown | None) -> dict[str, Any] | None:
    if breakdown is None:
        return None
    return {
        "cells": [cell_json(c) for c in breakdown.cells],
        "total": cell_json(breakdown.total) if breakdown.total else None,
        "regions": [cell_json(c) for c in breakdown.extra],
        "gaps": [gap_json(g) for g in breakdown.gaps],
    }


@extend_schema_view(
    list=extend_schema(description="Trygghetsmätningarna (en per år) i användarens kommuner."),
    retrieve=extend_schema(description="En trygghetsmätning med dess frågor."),
)
class SurveyViewSet(RestrictedReadOnlyViewSet):
    """Survey rounds of the municipalities where the user takes part in the EST work."""

    model = Survey
    serializer_class = SurveySerializer
    restrict_actions = {**RESTRICT_ACTIONS, "results": "view"}

    def get_queryset(self) -> models.QuerySet[Any]:
        return (
            super()
            .get_queryset()
            .select_related("municipality")
            .prefetch_related("items")
            .order_by("-year", "title", "id")
        )

    @extend_schema(
        description=(
            "En frågas resultat per område, kön, åldersgrupp och år med 95 % "
            "konfidensintervall och skillnaderna mellan grupperna. Celler med för få "
            "svarande har bara ”suppressed”."
        ),
        parameters=[
            OpenApiParameter("item", str, description="Frågans kod (standard: den första)."),
            OpenApiParameter("area", int, description="Ett områdes id (standard: hela kommunen)."),
        ],
        responses=OpenApiTypes.OBJECT,
    )
    @action(detail=True, methods=["get"])
    def results(self, request: Request, pk: str | None = None) -> Response:
        survey: Survey = self.get_object()
        items = list(survey.items.all())
        code = request.query_params.get("item", "")
        item = next((i for i in items if i.code == code), items[0] if items else None)
        if item is None:
            return Response({"detail": "Mätningen har inga frågor."}, status=404)
        area_id = request.query_params.get("area", "")
        area = None
        if area_id:
            area = (
                Area.objects.filter(pk=int(area_id), municipality_id=survey.municipality_id).first()
                if area_id.isdigit()
                else None
            )
            if area is None:
                return Response({"detail": "Området finns inte."}, status=404)
        found = item_results(survey, item, area=area)
        return Response(
            {
                "survey": survey.pk,
                "item": SurveyItemSerializer(item).data,
                "area": area.pk if area else None,
                "min_respondents": found.minimum,
                "by_area": breakdown_json(found.by_area),
                "by_gender": breakdown_json(found.by_gender),
                "by_age_band": breakdown_json(found.by_band),
                "by_year": [
                    {
                        "year": year,
                        "all": cell_json(total),
                        "women": cell_json(women),
                        "men": cell_json(men),
                        "gap": gap_json(gap),
                    }
                    for year, total, women, men, gap in found.year_rows
                ],
            }
        )

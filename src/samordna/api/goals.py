"""The API's goals and indicators: read them with each indicator's computed series and
whether it is on track; analysts, coordinators and admins create and change them.

Scoped like the pages: every EST member of a municipality reads its goals. Writes go
through goals.services (the same rules and Swedish errors by field as the pages; an
error saves nothing). References: organisations by slug, areas by code (or
"omrade-<id>"), categories by code, interventions, action plans, survey items by id,
Kolada key figures by their Kolada id. The series is computed when asked, never stored.
"""

from __future__ import annotations

from typing import Any, cast

from django.db import models
from drf_spectacular.utils import extend_schema, extend_schema_field, extend_schema_view
from rest_framework import mixins, serializers, status
from rest_framework.exceptions import PermissionDenied, ValidationError
from rest_framework.request import Request
from rest_framework.response import Response

from samordna.api.errors import DENIED_RESPONSE, ERRORS_RESPONSE, as_api_errors, validated
from samordna.api.goal_input import goal_input, indicator_input
from samordna.api.serializers import IdField, area_key
from samordna.api.viewsets import RestrictedReadOnlyViewSet
from samordna.core.models import Area, Municipality, User
from samordna.core.policies import municipality_ids
from samordna.goals.models import Goal, Indicator
from samordna.goals.policies import GOAL_EDITORS
from samordna.goals.series import compute
from samordna.goals.services import (
    PERMISSION,
    goal_create,
    goal_update,
    indicator_create,
    indicator_update,
)
from samordna.reports.models import Category


class PointSerializer(serializers.Serializer[Any]):
    period = serializers.CharField(help_text="2026 eller 2026-T3")
    value = serializers.FloatField(allow_null=True)
    suppressed = serializers.BooleanField(
        help_text="Trygghetsmätning: för få svarande, inget värde visas."
    )


class IndicatorSerializer(serializers.ModelSerializer[Indicator]):
    goal = serializers.IntegerField(source="goal_id", read_only=True)
    source = serializers.CharField(  # type: ignore[assignment]
        read_only=True, help_text="observations, police, survey eller kolada"
    )
    granularity = serializers.CharField(read_only=True, help_text="year eller tertial")
    direction = serializers.CharField(read_only=True, help_text="decrease eller increase")
    areas = serializers.SerializerMethodField()
    categories = serializers.SerializerMethodField()
    police_types = serializers.SerializerMethodField()
    survey_item = serializers.IntegerField(source="survey_item_id", read_only=True, allow_null=True)
    survey_area = serializers.SerializerMethodField()
    kolada_kpi = serializers.CharField(source="kolada_kpi_id", read_only=True, allow_null=True)
    baseline_value = serializers.SerializerMethodField()
    series = serializers.SerializerMethodField()
    latest_period = serializers.SerializerMethodField()
    latest_value = serializers.SerializerMethodField()
    on_track = serializers.SerializerMethodField()
    status = serializers.SerializerMethodField()

    class Meta:
        model = Indicator
        fields = [
            "id",
            "goal",
            "name",
            "source",
            "areas",
            "categories",
            "police_types",
            "survey_item",
            "survey_area",
            "kolada_kpi",
            "granularity",
            "direction",
            "unit",
            "baseline_period",
            "baseline_value",
            "target_period",
            "target_value",
            "order",
            "series",
            "latest_period",
            "latest_value",
            "on_track",
            "status",
        ]
        read_only_fields = fields

    def _computed(self, obj: Indicator) -> Any:
        cache: dict[int, Any] = self.context.setdefault("series", {})
        if obj.pk not in cache:
            cache[obj.pk] = compute(obj)
        return cache[obj.pk]

    def get_areas(self, obj: Indicator) -> list[str]:
        ids = (obj.filter or {}).get("areas", [])
        return [area_key(a) for a in Area.objects.filter(pk__in=ids).order_by("name")]

    def get_categories(self, obj: Indicator) -> list[str]:
        ids = (obj.filter or {}).get("categories", [])
        return sorted(Category.objects.filter(pk__in=ids).values_list("code", flat=True))

    def get_police_types(self, obj: Indicator) -> list[str]:
        return [str(t) for t in (obj.filter or {}).get("types", [])]

    def get_survey_area(self, obj: Indicator) -> str | None:
        return area_key(obj.survey_area) if obj.survey_area else None

    def get_baseline_value(self, obj: Indicator) -> float | None:
        """Given, or the series' value at the baseline period."""
        value: float | None = self._computed(obj).baseline_value
        return value

    @extend_schema_field(PointSerializer(many=True))
    def get_series(self, obj: Indicator) -> list[dict[str, Any]]:
        return [
            {"period": p.period, "value": p.value, "suppressed": p.suppressed}
            for p in self._computed(obj).points
        ]

    def get_latest_period(self, obj: Indicator) -> str | None:
        latest = self._computed(obj).latest
        return latest.period if latest else None

    def get_latest_value(self, obj: Indicator) -> float | None:
        latest = self._computed(obj).latest
        return latest.value if latest else None

    def get_on_track(self, obj: Indicator) -> bool | None:
        """True, false, or null when it cannot be judged (see status)."""
        value: bool | None = self._computed(obj).on_track
        return value

    def get_status(self, obj: Indicator) -> str:
        """In Swedish: I fas, Inte i fas, Målet nått, Målet inte nått or Okänt: why."""
        text: str = self._computed(obj).status
        return text


class GoalSerializer(serializers.ModelSerializer[Goal]):
    municipality = serializers.CharField(source="municipality.slug", read_only=True)
    owner_organisation = serializers.SerializerMethodField()
    areas = serializers.SerializerMethodField()
    interventions = serializers.SerializerMethodField()
    action_plans = serializers.SerializerMethodField()
    indicators = IndicatorSerializer(many=True, read_only=True)

    class Meta:
        model = Goal
        fields = [
            "id",
            "municipality",
            "title",
            "description",
            "owner_organisation",
            "areas",
            "interventions",
            "action_plans",
            "is_active",
            "indicators",
            "created_at",
            "updated_at",
        ]
        read_only_fields = fields

    def get_owner_organisation(self, obj: Goal) -> str | None:
        return obj.owner_organisation.slug if obj.owner_organisation else None

    def get_areas(self, obj: Goal) -> list[str]:
        return [area_key(a) for a in obj.areas.all()]

    def get_interventions(self, obj: Goal) -> list[int]:
        return sorted(i.pk for i in obj.interventions.all())

    def get_action_plans(self, obj: Goal) -> list[int]:
        return sorted(p.pk for p in obj.action_plans.all())


def _strings(help_text: str) -> serializers.ListField:
    return serializers.ListField(child=serializers.CharField(), required=False, help_text=help_text)


class GoalInputSerializer(serializers.Serializer[Any]):
    municipality = serializers.CharField(
        required=False, help_text="Kommunens kortnamn; behövs bara om du arbetar i flera."
    )
    title = serializers.CharField(max_length=200)
    description = serializers.CharField(required=False, allow_blank=True)
    owner_organisation = serializers.CharField(
        required=False, allow_null=True, help_text="Den ansvariga organisationens kortnamn."
    )
    areas = _strings("Områden: kod eller omrade-<id>.")
    interventions = serializers.ListField(child=IdField(), required=False)
    action_plans = serializers.ListField(child=IdField(), required=False)
    is_active = serializers.BooleanField(required=False)


class GoalPatchSerializer(GoalInputSerializer):
    title = serializers.CharField(max_length=200, required=False)


class IndicatorInputSerializer(serializers.Serializer[Any]):
    goal = IdField(help_text="Målets id.")
    name = serializers.CharField(max_length=200)
    source = serializers.CharField(help_text="observations, police, survey eller kolada")  # type: ignore[assignment]
    granularity = serializers.CharField(required=False, help_text="year (standard) eller tertial")
    direction = serializers.CharField(
        required=False, help_text="decrease (standard) eller increase"
    )
    unit = serializers.CharField(required=False, allow_blank=True)
    baseline_period = serializers.CharField(help_text="2024 eller 2024-T3")
    baseline_value = serializers.FloatField(
        required=False, allow_null=True, help_text="Tomt: seriens värde för utgångsperioden."
    )
    target_period = serializers.CharField()
    target_value = serializers.FloatField()
    order = serializers.IntegerField(required=False, min_value=0, max_value=1000)
    areas = _strings("Egna iakttagelser: områdenas kod eller omrade-<id> (inga: hela kommunen).")
    categories = _strings("Egna iakttagelser: kategoriernas koder.")
    police_types = _strings("Polisens händelser: händelsetyperna, t.ex. Skadegörelse.")
    survey_item = IdField(required=False, allow_null=True)
    survey_area = serializers.CharField(
        required=False,
        allow_null=True,
        help_text="Trygghetsmätning: områdets kod (tomt: kommunen).",
    )
    kolada_kpi = serializers.CharField(required=False, allow_null=True, help_text="T.ex. U07452.")


class IndicatorPatchSerializer(IndicatorInputSerializer):
    goal = IdField(required=False, help_text="Kan inte ändras.")
    name = serializers.CharField(max_length=200, required=False)
    source = serializers.CharField(required=False)
    baseline_period = serializers.CharField(required=False)
    target_period = serializers.CharField(required=False)
    target_value = serializers.FloatField(required=False)


def _editing_municipality(user: User, slug: str | None) -> Municipality:
    editing = municipality_ids(user, GOAL_EDITORS)
    if not editing:
        raise PermissionDenied(PERMISSION)
    candidates = Municipality.objects.filter(pk__in=editing).order_by("pk")
    if slug:
        found = candidates.filter(slug=slug).first()
        if found is None:
            raise PermissionDenied(PERMISSION)
        return found
    if candidates.count() > 1:
        raise ValidationError({"municipality": ["Ange vilken kommun målet gäller."]})
    only: Municipality = candidates.get()
    return only


def _indicators() -> models.QuerySet[Indicator]:
    return Indicator.objects.select_related("survey_item__survey", "survey_area", "kolada_kpi")


@extend_schema_view(
    list=extend_schema(
        description="Målen i användarens kommuner med indikatorerna och deras beräknade serier."
    ),
    retrieve=extend_schema(description="Ett mål med indikatorerna och deras serier."),
)
class GoalViewSet(mixins.CreateModelMixin, RestrictedReadOnlyViewSet):
    """Goals of the municipalities where the user takes part in the EST work."""

    model = Goal
    serializer_class = GoalSerializer

    def get_queryset(self) -> models.QuerySet[Any]:
        return (
            super()
            .get_queryset()
            .select_related("municipality", "owner_organisation")
            .prefetch_related(
                "areas",
                "interventions",
                "action_plans",
                models.Prefetch("indicators", queryset=_indicators()),
            )
            .order_by("title", "id")
        )

    @extend_schema(
        request=GoalInputSerializer,
        responses={201: GoalSerializer, 400: ERRORS_RESPONSE, 403: DENIED_RESPONSE},
        description="Nytt mål (analytiker, samordnare och administratörer). Allt eller inget.",
    )
    def create(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        user = cast(User, request.user)
        # Who may is checked before the fields: a refusal says nothing of them.
        if not municipality_ids(user, GOAL_EDITORS):
            raise PermissionDenied(PERMISSION)
        data = validated(GoalInputSerializer(data=request.data))
        municipality = _editing_municipality(user, data.get("municipality"))
        inputs = goal_input(municipality, data, None)
        goal = as_api_errors(
            lambda: goal_create(actor=user, municipality=municipality, data=inputs)
        )
        return Response(GoalSerializer(self._fresh(goal)).data, status=status.HTTP_201_CREATED)

    @extend_schema(
        request=GoalPatchSerializer,
        responses={200: GoalSerializer, 400: ERRORS_RESPONSE, 404: DENIED_RESPONSE},
        description="Ändra ett mål (analytiker, samordnare och administratörer). "
        "Fält som utelämnas behålls.",
    )
    def partial_update(self, request: Request, pk: str | None = None) -> Response:
        user = cast(User, request.user)
        goal = self.get_object()
        data = validated(GoalPatchSerializer(data=request.data, partial=True))
        inputs = goal_input(goal.municipality, data, goal)
        as_api_errors(lambda: goal_update(actor=user, goal=goal, data=inputs))
        return Response(GoalSerializer(self._fresh(goal)).data)

    def _fresh(self, goal: Goal) -> Goal:
        fresh: Goal = (
            Goal.objects.select_related("municipality", "owner_organisation")
            .prefetch_related(
                "areas",
                "interventions",
                "action_plans",
                models.Prefetch("indicators", queryset=_indicators()),
            )
            .get(pk=goal.pk)
        )
        return fresh


@extend_schema_view(
    list=extend_schema(description="Indikatorerna i användarens kommuner med beräknade serier."),
    retrieve=extend_schema(description="En indikator med sin serie."),
)
class IndicatorViewSet(mixins.CreateModelMixin, RestrictedReadOnlyViewSet):
    model = Indicator
    serializer_class = IndicatorSerializer

    def get_queryset(self) -> models.QuerySet[Any]:
        return (
            super()
            .get_queryset()
            .select_related("survey_item__survey", "survey_area", "kolada_kpi")
            .order_by("goal_id", "order", "id")
        )

    @extend_schema(
        request=IndicatorInputSerializer,
        responses={201: IndicatorSerializer, 400: ERRORS_RESPONSE, 403: DENIED_RESPONSE},
        description="Ny indikator för ett mål (analytiker, samordnare och administratörer).",
    )
    def create(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        user = cast(User, request.user)
        editing = municipality_ids(user, GOAL_EDITORS)
        if not editing:
            raise PermissionDenied(PERMISSION)
        data = validated(IndicatorInputSerializer(data=request.data))
        goal = Goal.objects.filter(pk=data["goal"], municipality_id__in=editing).first()
        if goal is None:
            raise ValidationError({"goal": ["Målet finns inte i en kommun där du ändrar mål."]})
        inputs = indicator_input(goal.municipality, data, None)
        indicator = as_api_errors(lambda: indicator_create(actor=user, goal=goal, data=inputs))
        fresh = _indicators().get(pk=indicator.pk)
        return Response(IndicatorSerializer(fresh).data, status=status.HTTP_201_CREATED)

    @extend_schema(
        request=IndicatorPatchSerializer,
        responses={200: IndicatorSerializer, 400: ERRORS_RESPONSE, 404: DENIED_RESPONSE},
        description="Ändra en indikator. Fält som utelämnas behålls; målet kan inte bytas.",
    )
    def partial_update(self, request: Request, pk: str | None = None) -> Response:
        user = cast(User, request.user)
        indicator = self.get_object()
        data = validated(IndicatorPatchSerializer(data=request.data, partial=True))
        if "goal" in data and data["goal"] != indicator.goal_id:
            raise ValidationError({"goal": ["En indikator kan inte flyttas till ett annat mål."]})
        inputs = indicator_input(indicator.municipality, data, indicator)
        as_api_errors(lambda: indicator_update(actor=user, indicator=indicator, data=inputs))
        return Response(IndicatorSerializer(_indicators().get(pk=indicator.pk)).data)

"""The API's action plans (with their rows).

Every EST member reads them; coordinators and admins create and change a draft plan,
set its rows, decide it and revise it, through the same services as the pages
(plans.services). Agreements and citizen promises are in api.agreements.
"""

from __future__ import annotations

from typing import Any, cast

from django.db import models
from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import mixins, serializers, status
from rest_framework.decorators import action
from rest_framework.exceptions import PermissionDenied, ValidationError
from rest_framework.request import Request
from rest_framework.response import Response

from samordna.api.errors import DENIED_RESPONSE, ERRORS_RESPONSE, as_api_errors, validated
from samordna.api.serializers import IdField
from samordna.api.viewsets import RESTRICT_ACTIONS, RestrictedReadOnlyViewSet
from samordna.core.models import Municipality, User
from samordna.core.policies import municipality_ids
from samordna.interventions.models import Intervention
from samordna.plans import services
from samordna.plans.models import (
    ActionPlan,
    ActionPlanRevision,
    ActionPlanRow,
)
from samordna.plans.policies import PLAN_EDITORS
from samordna.situation.models import SituationPicture
from samordna.situation.services import picture_document

# --- output -----------------------------------------------------------------------------------


class PlanRowSerializer(serializers.ModelSerializer[ActionPlanRow]):
    cause = serializers.IntegerField(source="cause_id", read_only=True, allow_null=True)
    cause_number = serializers.SerializerMethodField()
    intervention = serializers.IntegerField(
        source="intervention_id", read_only=True, allow_null=True
    )
    follow_up = serializers.CharField(read_only=True, help_text="green, amber, red eller tomt")

    class Meta:
        model = ActionPlanRow
        fields = [
            "id",
            "order",
            "cause",
            "cause_number",
            "cause_text",
            "intervention",
            "measure",
            "operational_goal",
            "when",
            "who",
            "follow_up",
        ]
        read_only_fields = fields

    def get_cause_number(self, obj: ActionPlanRow) -> int | None:
        return obj.cause.number if obj.cause else None


class PlanRevisionSerializer(serializers.ModelSerializer[ActionPlanRevision]):
    class Meta:
        model = ActionPlanRevision
        fields = ["version", "reason", "decided_by_body", "decided_on", "decision_reference", "at"]
        read_only_fields = fields


class PlanSerializer(serializers.ModelSerializer[ActionPlan]):
    municipality = serializers.CharField(source="municipality.slug", read_only=True)
    picture = serializers.IntegerField(source="picture_id", read_only=True)
    status = serializers.CharField(read_only=True, help_text="draft eller decided")
    rows = PlanRowSerializer(many=True, read_only=True)
    revisions = PlanRevisionSerializer(many=True, read_only=True)

    class Meta:
        model = ActionPlan
        fields = [
            "id",
            "municipality",
            "title",
            "period_key",
            "picture",
            "mapping",
            "other_information",
            "analysis",
            "status",
            "version",
            "decided_by_body",
            "decided_on",
            "decision_reference",
            "rows",
            "revisions",
            "created_at",
            "updated_at",
        ]
        read_only_fields = fields


# --- input ------------------------------------------------------------------------------------


class PlanRowInputSerializer(serializers.Serializer[Any]):
    id = IdField(required=False, help_text="En befintlig rad; utelämnas för ny.")
    cause = IdField(required=False, allow_null=True)
    cause_text = serializers.CharField(allow_blank=True)
    intervention = IdField(required=False, allow_null=True)
    measure = serializers.CharField(allow_blank=True)
    operational_goal = serializers.CharField(allow_blank=True)
    when = serializers.CharField(allow_blank=True)
    who = serializers.CharField(allow_blank=True)
    follow_up = serializers.CharField(
        required=False, allow_blank=True, help_text="green, amber, red eller tomt"
    )


class PlanInputSerializer(serializers.Serializer[Any]):
    municipality = serializers.SlugField(
        required=False, help_text="Kommunens slug; behövs bara för den som är med i flera."
    )
    title = serializers.CharField(max_length=200)
    period_key = serializers.CharField(max_length=8)
    picture = IdField(help_text="En fastställd års- eller tertiallägesbild.")
    mapping = serializers.CharField(
        required=False,
        allow_blank=True,
        help_text="Utelämnas eller tomt: ett utkast ur lägesbildens siffror.",
    )
    other_information = serializers.CharField(required=False, allow_blank=True)
    analysis = serializers.CharField(required=False, allow_blank=True)
    rows = PlanRowInputSerializer(many=True, required=False)


class PlanPatchSerializer(serializers.Serializer[Any]):
    title = serializers.CharField(max_length=200, required=False)
    period_key = serializers.CharField(max_length=8, required=False)
    picture = IdField(required=False)
    mapping = serializers.CharField(required=False, allow_blank=True)
    other_information = serializers.CharField(required=False, allow_blank=True)
    analysis = serializers.CharField(required=False, allow_blank=True)
    rows = PlanRowInputSerializer(
        many=True, required=False, help_text="Planens alla rader: de som utelämnas tas bort."
    )


class DecideInputSerializer(serializers.Serializer[Any]):
    body = serializers.CharField(max_length=200)
    decided_on = serializers.DateField()
    reference = serializers.CharField(max_length=100, required=False, allow_blank=True)
    reason = serializers.CharField(
        required=False, allow_blank=True, help_text="Krävs när en reviderad version beslutas."
    )


class RowFromInterventionSerializer(serializers.Serializer[Any]):
    intervention = IdField(help_text="Insatsens id (i planens kommun)")


class ReviseInputSerializer(serializers.Serializer[Any]):
    reason = serializers.CharField()


def _picture(municipality: Municipality, pk: int) -> SituationPicture:
    picture = SituationPicture.objects.filter(municipality=municipality, pk=pk).first()
    if picture is None:
        raise ValidationError({"picture": ["Lägesbilden finns inte i den här kommunen."]})
    return picture


def _row_inputs(
    municipality: Municipality, rows: list[dict[str, Any]]
) -> list[tuple[int | None, services.RowInput]]:
    from samordna.problems.models import Cause

    found = []
    for number, row in enumerate(rows, start=1):
        cause = intervention = None
        if row.get("cause"):
            cause = Cause.objects.filter(municipality=municipality, pk=row["cause"]).first()
            if cause is None:
                raise ValidationError({f"rows.{number}.cause": ["Orsaken finns inte."]})
        if row.get("intervention"):
            intervention = Intervention.objects.filter(
                municipality=municipality, pk=row["intervention"]
            ).first()
            if intervention is None:
                raise ValidationError({f"rows.{number}.intervention": ["Insatsen finns inte."]})
        data = services.RowInput(
            cause=cause,
            cause_text=row["cause_text"],
            intervention=intervention,
            measure=row["measure"],
            operational_goal=row["operational_goal"],
            when=row["when"],
            who=row["who"],
            follow_up=row.get("follow_up", ""),
        )
        found.append((row.get("id"), data))
    return found


def _municipality(editing: set[int], slug: str | None) -> Municipality:
    candidates = Municipality.objects.filter(pk__in=editing).order_by("pk")
    if slug:
        found = candidates.filter(slug=slug).first()
        if found is None:
            raise PermissionDenied("Du ändrar inte åtgärdsplanen i den kommunen.")
        return found
    if candidates.count() > 1:
        raise ValidationError({"municipality": ["Ange vilken kommun planen gäller."]})
    only: Municipality = candidates.get()
    return only


@extend_schema_view(
    list=extend_schema(description="Åtgärdsplanerna i användarens kommuner, nyast period först."),
    retrieve=extend_schema(description="En åtgärdsplan med sina rader och beslut."),
)
class ActionPlanViewSet(
    mixins.CreateModelMixin, mixins.UpdateModelMixin, RestrictedReadOnlyViewSet
):
    """Action plans (lag 2023:196) with their rows in Brå's columns."""

    model = ActionPlan
    serializer_class = PlanSerializer
    http_method_names = ["get", "post", "patch", "head", "options"]
    restrict_actions = {
        **RESTRICT_ACTIONS,
        "decide": "change",
        "revise": "change",
        "row_from_intervention": "change",
    }

    def get_queryset(self) -> models.QuerySet[Any]:
        return (
            super()
            .get_queryset()
            .select_related("municipality")
            .prefetch_related("rows__cause", "revisions")
            .order_by("-period_key", "-id")
        )

    def _fresh(self, plan: ActionPlan) -> ActionPlan:
        fresh: ActionPlan = (
            ActionPlan.objects.select_related("municipality")
            .prefetch_related("rows__cause", "revisions")
            .get(pk=plan.pk)
        )
        return fresh

    @extend_schema(
        request=PlanInputSerializer,
        responses={201: PlanSerializer, 400: ERRORS_RESPONSE, 403: DENIED_RESPONSE},
        description="Skapa ett utkast (samordnare och administratörer), med rader om du vill.",
    )
    def create(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        user = cast(User, request.user)
        editing = municipality_ids(user, PLAN_EDITORS)
        if not editing:
            raise PermissionDenied("Bara samordnare och administratörer ändrar åtgärdsplanen.")
        data = validated(PlanInputSerializer(data=request.data))
        municipality = _municipality(editing, data.get("municipality"))
        picture = _picture(municipality, data["picture"])
        rows = _row_inputs(municipality, data.get("rows") or [])
        mapping = data.get("mapping") or ""
        if not mapping.strip() and not services.check_picture(picture, municipality):
            mapping = services.mapping_draft(picture_document(picture))
        inputs = services.PlanInput(
            title=data["title"],
            period_key=data["period_key"],
            picture=picture,
            mapping=mapping,
            other_information=data.get("other_information", ""),
            analysis=data.get("analysis", ""),
        )

        def write() -> ActionPlan:
            from django.db import transaction

            with transaction.atomic():
                plan = services.plan_create(actor=user, municipality=municipality, data=inputs)
                if rows:
                    services.plan_rows_set(actor=user, plan=plan, rows=rows)
            return plan

        plan = as_api_errors(write)
        return Response(PlanSerializer(self._fresh(plan)).data, status=status.HTTP_201_CREATED)

    @extend_schema(
        request=PlanPatchSerializer,
        responses={200: PlanSerializer, 400: ERRORS_RESPONSE, 404: DENIED_RESPONSE},
        description="Ändra ett utkast; fält som utelämnas behålls. En beslutad plan revideras.",
    )
    def partial_update(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        user = cast(User, request.user)
        plan: ActionPlan = self.get_object()
        data = validated(PlanPatchSerializer(data=request.data))
        municipality = plan.municipality
        picture = _picture(municipality, data["picture"]) if "picture" in data else plan.picture
        rows = _row_inputs(municipality, data["rows"]) if "rows" in data else None
        inputs = services.PlanInput(
            title=data.get("title", plan.title),
            period_key=data.get("period_key", plan.period_key),
            picture=picture,
            mapping=data.get("mapping", plan.mapping),
            other_information=data.get("other_information", plan.other_information),
            analysis=data.get("analysis", plan.analysis),
        )

        def write() -> None:
            from django.db import transaction

            with transaction.atomic():
                services.plan_update(actor=user, plan=plan, data=inputs)
                if rows is not None:
                    services.plan_rows_set(actor=user, plan=plan, rows=rows)

        as_api_errors(write)
        return Response(PlanSerializer(self._fresh(plan)).data)

    @extend_schema(exclude=True)
    def update(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        return self.partial_update(request, *args, **kwargs)

    @extend_schema(
        request=DecideInputSerializer,
        responses={200: PlanSerializer, 400: ERRORS_RESPONSE, 404: DENIED_RESPONSE},
        description="Besluta utkastet: planen låses och sparas som en version.",
    )
    @action(detail=True, methods=["post"])
    def decide(self, request: Request, pk: str | None = None) -> Response:
        user = cast(User, request.user)
        plan: ActionPlan = self.get_object()
        data = validated(DecideInputSerializer(data=request.data))
        as_api_errors(
            lambda: services.plan_decide(
                actor=user,
                plan=plan,
                body=data["body"],
                decided_on=data["decided_on"],
                reference=data.get("reference", ""),
                reason=data.get("reason", ""),
            )
        )
        return Response(PlanSerializer(self._fresh(plan)).data)

    @extend_schema(
        request=ReviseInputSerializer,
        responses={200: PlanSerializer, 400: ERRORS_RESPONSE, 404: DENIED_RESPONSE},
        description="Revidera en beslutad plan: en ny version öppnas som utkast. Skäl krävs.",
    )
    @action(detail=True, methods=["post"])
    def revise(self, request: Request, pk: str | None = None) -> Response:
        user = cast(User, request.user)
        plan: ActionPlan = self.get_object()
        data = validated(ReviseInputSerializer(data=request.data))
        as_api_errors(lambda: services.plan_revise(actor=user, plan=plan, reason=data["reason"]))
        return Response(PlanSerializer(self._fresh(plan)).data)

    @extend_schema(
        request=RowFromInterventionSerializer,
        responses={201: PlanRowSerializer, 400: ERRORS_RESPONSE, 404: DENIED_RESPONSE},
        description=(
            "Lägg till en rad i utkastet ifylld från en insats: orsak, åtgärd, operativt mål, "
            "när och vem som insatsen anger dem. Granska sedan texterna."
        ),
    )
    @action(detail=True, methods=["post"], url_path="rows-from-intervention")
    def row_from_intervention(self, request: Request, pk: str | None = None) -> Response:
        user = cast(User, request.user)
        plan: ActionPlan = self.get_object()
        data = validated(RowFromInterventionSerializer(data=request.data))
        intervention = (
            Intervention.objects.restrict(user)
            .filter(municipality_id=plan.municipality_id, pk=data["intervention"])
            .select_related("owner_organisation", "problem")
            .prefetch_related("causes")
            .first()
        )
        if intervention is None:
            raise ValidationError({"intervention": ["Insatsen finns inte i planens kommun."]})
        row = as_api_errors(
            lambda: services.row_from_intervention(actor=user, plan=plan, intervention=intervention)
        )
        return Response(PlanRowSerializer(row).data, status=status.HTTP_201_CREATED)

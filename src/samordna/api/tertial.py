"""The API's tertial analyses: list and one with its selections, the compiled analysis
of its period (tertial.compile, JSON), starting one, and selecting a problem for
root-cause analysis, taking a selection back, and opening a done analysis again.
Scoped like the pages: EST members read, the analysis group
(coordinators, analysts, admins) writes; the services check that themselves.
"""

from __future__ import annotations

from typing import Any, cast

from django.db import models
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import (
    OpenApiParameter,
    OpenApiResponse,
    extend_schema,
    extend_schema_view,
)
from rest_framework import mixins, serializers, status
from rest_framework.decorators import action
from rest_framework.exceptions import NotFound, PermissionDenied, ValidationError
from rest_framework.request import Request
from rest_framework.response import Response

from samordna.api.errors import DENIED_RESPONSE, ERRORS_RESPONSE, as_api_errors, validated
from samordna.api.serializers import ID_MAX, IdField
from samordna.api.viewsets import RESTRICT_ACTIONS, RestrictedReadOnlyViewSet
from samordna.core.models import Municipality, User
from samordna.core.policies import municipality_ids
from samordna.core.roles import EST_ROLES
from samordna.problems.models import Problem
from samordna.problems.policies import ANALYSIS_GROUP
from samordna.tertial.compile import compile_tertial
from samordna.tertial.models import TertialAnalysis, TertialSelection
from samordna.tertial.services import (
    NOT_GROUP,
    tertial_done,
    tertial_reopen,
    tertial_select,
    tertial_start,
    tertial_unselect,
    tertial_write,
)


class TertialSelectionSerializer(serializers.ModelSerializer[TertialSelection]):
    problem_title = serializers.CharField(source="problem.title", read_only=True)
    selected_by = serializers.SerializerMethodField()

    class Meta:
        model = TertialSelection
        fields = ["id", "problem", "problem_title", "justification", "selected_at", "selected_by"]
        read_only_fields = fields

    def get_selected_by(self, obj: TertialSelection) -> str | None:
        user = obj.selected_by
        return (user.get_full_name() or user.username) if user else None


class TertialAnalysisSerializer(serializers.ModelSerializer[TertialAnalysis]):
    municipality = serializers.CharField(source="municipality.slug", read_only=True)
    status = serializers.CharField(read_only=True, help_text="draft (pågår) eller done (klar)")
    picture = serializers.IntegerField(source="picture_id", read_only=True, allow_null=True)
    meeting = serializers.IntegerField(source="meeting_id", read_only=True, allow_null=True)
    selections = TertialSelectionSerializer(many=True, read_only=True)

    class Meta:
        model = TertialAnalysis
        fields = [
            "id",
            "municipality",
            "period_key",
            "status",
            "picture",
            "meeting",
            "conclusions",
            "sources_used",
            "sources_left_out",
            "selections",
            "created_at",
            "updated_at",
        ]
        read_only_fields = fields


class TertialStartSerializer(serializers.Serializer[Any]):
    municipality = serializers.SlugField(help_text="Kommunens kortnamn, t.ex. orebro")
    period_key = serializers.CharField(max_length=8, help_text="En tertial (2026-T2) eller ett år")


class TertialTextSerializer(serializers.Serializer[Any]):
    conclusions = serializers.CharField(required=False, allow_blank=True)
    sources_used = serializers.CharField(required=False, allow_blank=True)
    sources_left_out = serializers.CharField(required=False, allow_blank=True)


class SelectionInputSerializer(serializers.Serializer[Any]):
    problem = IdField(help_text="Problemets id")
    justification = serializers.CharField(help_text="Varför problemet ska orsaksanalyseras")


@extend_schema_view(
    list=extend_schema(description="Tertialanalyserna i användarens kommuner, senaste först."),
    retrieve=extend_schema(description="En tertialanalys med problemen som valts."),
)
class TertialAnalysisViewSet(
    mixins.CreateModelMixin, mixins.UpdateModelMixin, RestrictedReadOnlyViewSet
):
    """Tertial analyses of the municipalities where the user takes part in the EST work."""

    model = TertialAnalysis
    serializer_class = TertialAnalysisSerializer
    # Found among the visible ones; the services check the right to write.
    restrict_actions = {
        **RESTRICT_ACTIONS,
        "partial_update": "view",
        "compiled": "view",
        "select": "view",
        "done": "view",
        "reopen": "view",
        "unselect": "view",
    }
    http_method_names = ["get", "post", "patch", "delete", "head", "options"]

    def get_queryset(self) -> models.QuerySet[Any]:
        return (
            super()
            .get_queryset()
            .select_related("municipality")
            .prefetch_related("selections__problem", "selections__selected_by")
            .order_by("-period_key", "id")
        )

    @extend_schema(
        request=TertialStartSerializer,
        responses={201: TertialAnalysisSerializer, 400: ERRORS_RESPONSE, 403: DENIED_RESPONSE},
        description=(
            "Starta tertialanalysen för en period (analysgruppen). Finns den redan returneras den."
        ),
    )
    def create(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        user = cast(User, request.user)
        # Who may start one is checked before the fields: a refusal says nothing of them.
        if not municipality_ids(user, ANALYSIS_GROUP):
            raise PermissionDenied(NOT_GROUP)
        data = validated(TertialStartSerializer(data=request.data))
        municipality = Municipality.objects.filter(
            slug=data["municipality"], pk__in=municipality_ids(user, EST_ROLES)
        ).first()
        if municipality is None:
            raise ValidationError({"municipality": ["Kommunen finns inte."]})
        analysis = as_api_errors(
            lambda: tertial_start(actor=user, municipality=municipality, key=data["period_key"])
        )
        return Response(
            TertialAnalysisSerializer(self.get_queryset().get(pk=analysis.pk)).data,
            status=status.HTTP_201_CREATED,
        )

    @extend_schema(
        request=TertialTextSerializer,
        responses={200: TertialAnalysisSerializer, 400: ERRORS_RESPONSE, 403: DENIED_RESPONSE},
        description=(
            "Skriv slutsatser, källor som använts och källor som inte använts (analysgruppen, "
            "medan analysen pågår). Fält som inte skickas lämnas som de är."
        ),
    )
    def partial_update(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        analysis = self.get_object()
        user = cast(User, request.user)
        data = validated(TertialTextSerializer(data=request.data))
        texts = {
            name: data.get(name, getattr(analysis, name))
            for name in ("conclusions", "sources_used", "sources_left_out")
        }
        as_api_errors(lambda: tertial_write(actor=user, analysis=analysis, **texts))
        return Response(TertialAnalysisSerializer(self.get_queryset().get(pk=analysis.pk)).data)

    @extend_schema(
        request=None,
        responses={200: TertialAnalysisSerializer, 400: ERRORS_RESPONSE, 403: DENIED_RESPONSE},
        description=(
            "Markera analysen som klar (analysgruppen). Kräver slutsatser, källor som "
            "använts och källor som inte använts."
        ),
    )
    @action(detail=True, methods=["post"])
    def done(self, request: Request, pk: str | None = None) -> Response:
        analysis = self.get_object()
        user = cast(User, request.user)
        as_api_errors(lambda: tertial_done(actor=user, analysis=analysis))
        return Response(TertialAnalysisSerializer(self.get_queryset().get(pk=analysis.pk)).data)

    @extend_schema(
        responses={200: OpenApiResponse(OpenApiTypes.OBJECT)},
        description=(
            "Analysens period sammanställd (format samordna.tertial/1): områden efter antal "
            "och förändring, utveckling åt fel håll, tider, polisens statistik bredvid egna "
            "iakttagelser, insatsernas status och kostnad, öppna problem och, när målmodulen "
            "finns, indikatorer och trygghetsmätningar."
        ),
    )
    @action(detail=True, methods=["get"])
    def compiled(self, request: Request, pk: str | None = None) -> Response:
        analysis = self.get_object()
        return Response(compile_tertial(analysis.municipality, analysis.period_key))

    @extend_schema(
        request=SelectionInputSerializer,
        responses={201: TertialSelectionSerializer, 400: ERRORS_RESPONSE, 403: DENIED_RESPONSE},
        description=(
            "Välj ett problem för orsaksanalys, med motivering (analysgruppen). Ett problem "
            "som är identifierat eller bevakat blir prioriterat."
        ),
    )
    @action(detail=True, methods=["post"], url_path="selections")
    def select(self, request: Request, pk: str | None = None) -> Response:
        analysis = self.get_object()
        user = cast(User, request.user)
        data = validated(SelectionInputSerializer(data=request.data))
        problem = (
            Problem.objects.restrict(user)
            .filter(municipality_id=analysis.municipality_id, pk=data["problem"])
            .first()
        )
        if problem is None:
            raise ValidationError({"problem": ["Problemet finns inte."]})
        selection = as_api_errors(
            lambda: tertial_select(
                actor=user,
                analysis=analysis,
                problem=problem,
                justification=data["justification"],
            )
        )
        return Response(TertialSelectionSerializer(selection).data, status=status.HTTP_201_CREATED)

    @extend_schema(
        request=None,
        responses={200: TertialAnalysisSerializer, 400: ERRORS_RESPONSE, 403: DENIED_RESPONSE},
        description="Öppna en klar analys igen (analysgruppen).",
    )
    @action(detail=True, methods=["post"])
    def reopen(self, request: Request, pk: str | None = None) -> Response:
        analysis = self.get_object()
        user = cast(User, request.user)
        as_api_errors(lambda: tertial_reopen(actor=user, analysis=analysis))
        return Response(TertialAnalysisSerializer(self.get_queryset().get(pk=analysis.pk)).data)

    @extend_schema(
        request=None,
        parameters=[OpenApiParameter("selection_id", int, OpenApiParameter.PATH)],
        responses={
            200: TertialAnalysisSerializer,
            400: ERRORS_RESPONSE,
            403: DENIED_RESPONSE,
            404: DENIED_RESPONSE,
        },
        description=(
            "Ta tillbaka ett val (analysgruppen, medan analysen pågår) och få analysen "
            "tillbaka. Problemets steg i arbetsgången står kvar."
        ),
    )
    @action(
        detail=True,
        methods=["delete"],
        url_path=r"selections/(?P<selection_id>[^/]+)",
    )
    def unselect(self, request: Request, pk: str | None = None, selection_id: str = "") -> Response:
        analysis = self.get_object()
        user = cast(User, request.user)
        number = int(selection_id) if selection_id.isdigit() else 0
        selection = (
            TertialSelection.objects.restrict(user)
            .filter(analysis=analysis, pk=number if 0 < number <= ID_MAX else 0)
            .select_related("analysis")
            .first()
        )
        if selection is None:
            raise NotFound("Valet finns inte.")
        as_api_errors(lambda: tertial_unselect(actor=user, selection=selection))
        return Response(TertialAnalysisSerializer(self.get_queryset().get(pk=analysis.pk)).data)

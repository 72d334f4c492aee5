"""The API's cause analysis of a problem: read and change it, list, add and deactivate
its numbered causes. Scoped like the pages (problems.analysis.selectors), written
through the same services (shapes and personal data checked, audit, all or nothing).
"""

from __future__ import annotations

from typing import Any, cast

from django.db import transaction
from django.http import Http404
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import serializers, status
from rest_framework.exceptions import PermissionDenied
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from samordna.api.errors import DENIED_RESPONSE, ERRORS_RESPONSE, as_api_errors, validated
from samordna.api.viewsets import DRFAuthenticated
from samordna.core.models import User
from samordna.problems.analysis import services
from samordna.problems.analysis.selectors import causes_of, readable_analysis
from samordna.problems.analysis.shapes import LEVELS
from samordna.problems.models import Cause, CauseAnalysis, Problem

NOT_EDITOR = "Bara analysgruppen och den ansvariga organisationen ändrar analysen."
NOT_SHARER = "Bara analysgruppen bestämmer om analysen delas."
NO_ANALYSIS = "Problemet har ingen orsaksanalys ännu."


class CauseSerializer(serializers.ModelSerializer[Cause]):
    level = serializers.CharField(
        read_only=True, help_text="individual, family, school, area eller tom"
    )

    class Meta:
        model = Cause
        # id: what interventions (causes) and action plan rows (cause) point at.
        fields = ["id", "number", "text", "level", "is_active"]
        read_only_fields = fields


class CauseAnalysisSerializer(serializers.ModelSerializer[CauseAnalysis]):
    problem = serializers.IntegerField(source="problem_id", read_only=True)
    triangle = serializers.JSONField(read_only=True)
    fishbone = serializers.JSONField(read_only=True)
    event_chains = serializers.JSONField(read_only=True)
    cause_tree = serializers.JSONField(read_only=True)
    factors = serializers.JSONField(read_only=True)
    hypotheses = serializers.JSONField(read_only=True)
    causes = serializers.SerializerMethodField()

    class Meta:
        model = CauseAnalysis
        fields = [
            "id",
            "problem",
            "summary",
            "sources",
            "triangle",
            "fishbone",
            "event_chains",
            "cause_tree",
            "factors",
            "hypotheses",
            "is_shared",
            "causes",
            "created_at",
            "updated_at",
        ]
        read_only_fields = fields

    def get_causes(self, obj: CauseAnalysis) -> list[dict[str, Any]]:
        return list(CauseSerializer(causes_of(obj), many=True).data)


class CauseAnalysisInputSerializer(serializers.Serializer[Any]):
    """Only the fields sent are changed; each tool is replaced as a whole."""

    summary = serializers.CharField(required=False, allow_blank=True, trim_whitespace=False)
    sources = serializers.CharField(required=False, allow_blank=True, trim_whitespace=False)
    triangle = serializers.JSONField(
        required=False,
        help_text='{"offender"|"target"|"place": {"text": str, "controller": str}} eller {}',
    )
    fishbone = serializers.JSONField(
        required=False, help_text='{"victim": [str], "offender": [str], "place": [str]} eller {}'
    )
    event_chains = serializers.JSONField(
        required=False, help_text='[{"title": str, "links": [str, str, ...]}]'
    )
    cause_tree = serializers.JSONField(
        required=False, help_text='[{"text": str, "children": [...]}], högst fyra nivåer'
    )
    factors = serializers.JSONField(
        required=False,
        help_text='[{"level": individual|family|school|area, "kind": risk|protective, '
        '"text": str}]',
    )
    hypotheses = serializers.JSONField(
        required=False,
        help_text='[{"text": str, "for": str, "against": str, "status": open|supported|rejected}]',
    )
    is_shared = serializers.BooleanField(
        required=False, help_text="Delas med alla i EST-arbetet (bara analysgruppen)."
    )


class CauseInputSerializer(serializers.Serializer[Any]):
    text = serializers.CharField()
    level = serializers.ChoiceField(choices=[("", ""), *LEVELS.items()], required=False, default="")


def _user(request: Request) -> User:
    return cast(User, request.user)


# Path ids arrive as text (`<str:…>` in api/urls.py), so that a malformed one ("0.5")
# reaches the view and gets the API's JSON 404, not the site's HTML page; the schema
# still says integer.
PROBLEM_ID = OpenApiParameter("problem_id", int, OpenApiParameter.PATH)
NUMBER = OpenApiParameter("number", int, OpenApiParameter.PATH)


def _as_id(value: Any) -> int:
    """A path id as an int; anything else becomes 0, which no row has (so: 404)."""
    text = str(value)
    return int(text) if text.isdigit() and len(text) < 12 else 0


class _IdsFromPath(DRFAuthenticated, APIView):
    def dispatch(self, request: Any, *args: Any, **kwargs: Any) -> Any:
        for name in ("problem_id", "number"):
            if name in kwargs:
                kwargs[name] = _as_id(kwargs[name])
        return super().dispatch(request, *args, **kwargs)


def _editable(request: Request, problem_id: int) -> tuple[Problem, CauseAnalysis | None]:
    problem, analysis = readable_analysis(_user(request), problem_id)
    if not services.may_edit(_user(request), problem):
        raise PermissionDenied(NOT_EDITOR)
    return problem, analysis


@extend_schema(parameters=[PROBLEM_ID])
class CauseAnalysisView(_IdsFromPath):
    """The cause analysis of one problem."""

    @extend_schema(
        responses={200: CauseAnalysisSerializer, 404: DENIED_RESPONSE},
        description="Problemets orsaksanalys med alla verktyg och de numrerade orsakerna. "
        "404 när problemet saknar analys eller användaren inte får läsa den.",
    )
    def get(self, request: Request, problem_id: int) -> Response:
        _problem, analysis = readable_analysis(_user(request), problem_id)
        if analysis is None:
            raise Http404(NO_ANALYSIS)
        return Response(CauseAnalysisSerializer(analysis).data)

    @extend_schema(
        request=CauseAnalysisInputSerializer,
        responses={
            200: CauseAnalysisSerializer,
            400: ERRORS_RESPONSE,
            403: DENIED_RESPONSE,
            404: DENIED_RESPONSE,
        },
        description="Ändra analysen (skapas vid första ändringen). Bara de fält som skickas "
        "ändras; ett verktyg ersätts helt. Formen kontrolleras strikt och texterna får inte "
        "innehålla personuppgifter. Allt eller inget: vid fel sparas ingenting.",
    )
    def patch(self, request: Request, problem_id: int) -> Response:
        user = _user(request)
        problem, _analysis = _editable(request, problem_id)
        data = validated(CauseAnalysisInputSerializer(data=request.data))
        shared = data.pop("is_shared", None)
        if shared is not None and not services.may_share(user, problem):
            raise PermissionDenied(NOT_SHARER)
        with transaction.atomic():  # the tools and the sharing together, or neither
            analysis = as_api_errors(
                lambda: services.analysis_update(actor=user, problem=problem, changes=data)
            )
            if shared is not None:
                services.analysis_share(actor=user, analysis=analysis, shared=shared)
        return Response(CauseAnalysisSerializer(analysis).data)


@extend_schema(parameters=[PROBLEM_ID])
class CauseListView(_IdsFromPath):
    """The numbered causes of a problem's analysis."""

    @extend_schema(
        responses={200: CauseSerializer(many=True), 404: DENIED_RESPONSE},
        description="Orsakerna i nummerordning, även borttagna (is_active false): ett nummer "
        "används aldrig två gånger.",
    )
    def get(self, request: Request, problem_id: int) -> Response:
        _problem, analysis = readable_analysis(_user(request), problem_id)
        return Response(CauseSerializer(causes_of(analysis), many=True).data)

    @extend_schema(
        request=CauseInputSerializer,
        responses={
            201: CauseSerializer,
            400: ERRORS_RESPONSE,
            403: DENIED_RESPONSE,
            404: DENIED_RESPONSE,
        },
        description="Lägg till en orsak; den får nästa lediga nummer.",
    )
    def post(self, request: Request, problem_id: int) -> Response:
        problem, _analysis = _editable(request, problem_id)
        data = validated(CauseInputSerializer(data=request.data))
        cause = as_api_errors(
            lambda: services.cause_add(
                actor=_user(request), problem=problem, text=data["text"], level=data["level"]
            )
        )
        return Response(CauseSerializer(cause).data, status=status.HTTP_201_CREATED)


@extend_schema(parameters=[PROBLEM_ID, NUMBER])
class CauseDeactivateView(_IdsFromPath):
    """Take a cause away; it keeps its number (measures that point at it still do)."""

    @extend_schema(
        request=None,
        responses={200: CauseSerializer, 403: DENIED_RESPONSE, 404: DENIED_RESPONSE},
        description="Ta bort en orsak: den inaktiveras och behåller sitt nummer.",
    )
    def post(self, request: Request, problem_id: int, number: int) -> Response:
        _problem, analysis = _editable(request, problem_id)
        cause = analysis.causes.filter(number=number).first() if analysis else None
        if cause is None:
            raise Http404
        services.cause_set_active(actor=_user(request), cause=cause, active=False)
        return Response(CauseSerializer(cause).data)

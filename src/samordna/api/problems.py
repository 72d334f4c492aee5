"""The API's problems: list and read them, identify and edit one, take a workflow step,
link and unlink observations. Scoped like the pages: EST members read, coordinators,
analysts and admins create, they and the owner organisation change; the services check
that themselves. Status, outcome and priority are plain values with their meaning in
the description, so their enums do not collide with other `status` fields in the schema.
"""

from __future__ import annotations

from dataclasses import replace
from typing import Any, cast

from django.db import models
from django.db.models import Count, Q
from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import mixins, serializers, status
from rest_framework.decorators import action
from rest_framework.exceptions import PermissionDenied, ValidationError
from rest_framework.request import Request
from rest_framework.response import Response

from samordna.api.errors import DENIED_RESPONSE, ERRORS_RESPONSE, as_api_errors, validated
from samordna.api.serializers import IdField
from samordna.api.viewsets import RESTRICT_ACTIONS, RestrictedReadOnlyViewSet
from samordna.core.models import Area, Municipality, Organisation, Place, User
from samordna.core.policies import municipality_ids
from samordna.problems import links, services
from samordna.problems.models import Problem, ProblemStep
from samordna.problems.policies import ANALYSIS_GROUP
from samordna.problems.selectors import ProblemFilterSet
from samordna.problems.vocabulary import FocusArea
from samordna.reports.models import Category, Observation

STATUS_HELP = (
    "identified, watched, prioritised, analysed, plan_decided, in_progress, follow_up eller closed"
)
OUTCOME_HELP = "solved, reduced eller handed_over (bara när problemet är avslutat)"
PRIORITY_HELP = "1 hög, 2 medel, 3 låg"
TAGS_HELP = "Brås fokusområden: " + ", ".join(FocusArea.values)


class ProblemStepSerializer(serializers.ModelSerializer[ProblemStep]):
    from_status = serializers.CharField(read_only=True, help_text=STATUS_HELP)
    to_status = serializers.CharField(read_only=True, help_text=STATUS_HELP)
    outcome = serializers.CharField(read_only=True, help_text=OUTCOME_HELP)
    by = serializers.SerializerMethodField()

    class Meta:
        model = ProblemStep
        fields = ["from_status", "to_status", "outcome", "reason", "at", "by"]
        read_only_fields = fields

    def get_by(self, obj: ProblemStep) -> str | None:
        user = obj.by
        return (user.get_full_name() or user.username) if user else None


class ProblemSerializer(serializers.ModelSerializer[Problem]):
    municipality = serializers.CharField(source="municipality.slug", read_only=True)
    status = serializers.CharField(read_only=True, help_text=STATUS_HELP)
    outcome = serializers.CharField(read_only=True, help_text=OUTCOME_HELP)
    priority = serializers.IntegerField(read_only=True, help_text=PRIORITY_HELP)
    owner_organisation = serializers.CharField(
        source="owner_organisation.slug", read_only=True, allow_null=True
    )
    owner_person = serializers.SerializerMethodField()
    raised_by = serializers.CharField(source="raised_by.slug", read_only=True, allow_null=True)
    areas = serializers.SerializerMethodField()
    places = serializers.SerializerMethodField()
    categories = serializers.SerializerMethodField()
    tags = serializers.ListField(child=serializers.CharField(), read_only=True, help_text=TAGS_HELP)
    observation_count = serializers.IntegerField(read_only=True)
    police_event_count = serializers.IntegerField(read_only=True)
    next_steps = serializers.SerializerMethodField()
    steps = ProblemStepSerializer(many=True, read_only=True)

    class Meta:
        model = Problem
        fields = [
            "id",
            "municipality",
            "title",
            "description",
            "status",
            "outcome",
            "priority",
            "owner_organisation",
            "owner_person",
            "raised_by",
            "areas",
            "places",
            "categories",
            "tags",
            "rule_enabled",
            "rule_from",
            "rule_to",
            "observation_count",
            "police_event_count",
            "next_steps",
            "steps",
            "created_at",
            "updated_at",
        ]
        read_only_fields = fields

    def get_owner_person(self, obj: Problem) -> str | None:
        person = obj.owner_person
        return (person.get_full_name() or person.username) if person else None

    def get_areas(self, obj: Problem) -> list[int]:
        return [a.pk for a in obj.areas.all()]

    def get_places(self, obj: Problem) -> list[int]:
        return [p.pk for p in obj.places.all()]

    def get_categories(self, obj: Problem) -> list[str]:
        return [c.code for c in obj.categories.all()]

    def get_next_steps(self, obj: Problem) -> list[str]:
        return list(services.next_steps(obj.status))


class ProblemInputSerializer(serializers.Serializer[Any]):
    """A problem to identify or edit; on edit, fields left out stay as they are."""

    municipality = serializers.SlugField(
        required=False, help_text="Kommunens kortnamn (behövs bara vid flera kommuner)"
    )
    title = serializers.CharField(max_length=200)
    description = serializers.CharField(required=False, allow_blank=True)
    priority = serializers.IntegerField(required=False, min_value=1, max_value=3)
    owner_organisation = serializers.SlugField(
        required=False, allow_null=True, help_text="Organisationens kortnamn"
    )
    owner_person = IdField(required=False, allow_null=True)
    areas = serializers.ListField(child=IdField(), required=False)
    places = serializers.ListField(child=IdField(), required=False)
    categories = serializers.ListField(
        child=serializers.SlugField(), required=False, help_text="Kategoriernas koder"
    )
    tags = serializers.ListField(child=serializers.CharField(), required=False, help_text=TAGS_HELP)
    rule_enabled = serializers.BooleanField(required=False)
    rule_from = serializers.DateField(required=False, allow_null=True)
    rule_to = serializers.DateField(required=False, allow_null=True)


class StepInputSerializer(serializers.Serializer[Any]):
    status = serializers.CharField(help_text=STATUS_HELP)
    reason = serializers.CharField(allow_blank=True)
    outcome = serializers.CharField(required=False, allow_blank=True, help_text=OUTCOME_HELP)


class ObservationIdsSerializer(serializers.Serializer[Any]):
    observations = serializers.ListField(child=IdField(), min_length=1)


class LinkResultSerializer(serializers.Serializer[Any]):
    changed = serializers.IntegerField()


@extend_schema_view(
    list=extend_schema(description="Problemen i användarens kommuner, högst prioritet först."),
    retrieve=extend_schema(description="Ett problem med dess steg."),
)
class ProblemViewSet(
    mixins.CreateModelMixin,
    mixins.UpdateModelMixin,
    RestrictedReadOnlyViewSet,
):
    """Problems (*problembilder*) of the municipalities where the user takes part in EST."""

    model = Problem
    serializer_class = ProblemSerializer
    filterset_class = ProblemFilterSet
    restrict_actions = {
        **RESTRICT_ACTIONS,
        "step": "change",
        "link_observations": "change",
        "unlink_observations": "change",
    }

    def get_queryset(self) -> models.QuerySet[Any]:
        rows: models.QuerySet[Any] = (
            super()
            .get_queryset()
            .select_related("municipality", "owner_organisation", "owner_person", "raised_by")
            .prefetch_related("areas", "places", "categories", "steps__by")
            .annotate(
                observation_count=Count("observation_links", distinct=True),
                police_event_count=Count("police_links", distinct=True),
            )
            .order_by("priority", "-updated_at", "id")
        )
        return rows

    def _answer(self, pk: int, code: int = status.HTTP_200_OK) -> Response:
        # Read by key: whoever just wrote it sees what they wrote.
        problem = (
            Problem.objects.filter(pk=pk)
            .select_related("municipality", "owner_organisation", "owner_person", "raised_by")
            .annotate(
                observation_count=Count("observation_links", distinct=True),
                police_event_count=Count("police_links", distinct=True),
            )
            .get()
        )
        return Response(ProblemSerializer(problem).data, status=code)

    @extend_schema(
        request=ProblemInputSerializer,
        responses={201: ProblemSerializer, 400: ERRORS_RESPONSE, 403: DENIED_RESPONSE},
        description="Lägg upp ett problem (status identified). Allt eller inget.",
    )
    def create(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        user = cast(User, request.user)
        if not municipality_ids(user, ANALYSIS_GROUP):
            raise PermissionDenied("Bara samordnare, analytiker och administratörer.")
        data = validated(ProblemInputSerializer(data=request.data))
        municipality = _municipality(user, data.get("municipality"))
        base = services.ProblemInput(title="")
        problem_input = _input(municipality, base, data)
        problem = as_api_errors(
            lambda: services.problem_create(
                actor=user, municipality=municipality, data=problem_input
            )
        )
        return self._answer(problem.pk, status.HTTP_201_CREATED)

    @extend_schema(
        request=ProblemInputSerializer,
        responses={200: ProblemSerializer, 400: ERRORS_RESPONSE, 404: DENIED_RESPONSE},
        description="Ändra problemet; fält som utelämnas lämnas som de är.",
    )
    def update(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        problem: Problem = self.get_object()
        partial = kwargs.get("partial", False) or request.method == "PATCH"
        data = validated(ProblemInputSerializer(data=request.data, partial=partial))
        problem_input = _input(problem.municipality, services.ProblemInput.of(problem), data)
        as_api_errors(
            lambda: services.problem_update(
                actor=cast(User, request.user), problem=problem, data=problem_input
            )
        )
        return self._answer(problem.pk)

    @extend_schema(
        request=StepInputSerializer,
        responses={200: ProblemSerializer, 400: ERRORS_RESPONSE, 404: DENIED_RESPONSE},
        description="Ta ett steg i arbetsgången (se next_steps), med motivering. Att avsluta "
        "kräver outcome. Rapportörerna med kopplade iakttagelser får återkoppling.",
    )
    @action(detail=True, methods=["post"])
    def step(self, request: Request, pk: str | None = None) -> Response:
        problem: Problem = self.get_object()
        data = validated(StepInputSerializer(data=request.data))
        as_api_errors(
            lambda: services.problem_step(
                actor=cast(User, request.user),
                problem=problem,
                status=data["status"],
                reason=data["reason"],
                outcome=data.get("outcome", ""),
            )
        )
        return self._answer(problem.pk)

    @extend_schema(
        request=ObservationIdsSerializer,
        responses={200: LinkResultSerializer, 400: ERRORS_RESPONSE, 404: DENIED_RESPONSE},
        description="Koppla iakttagelser (id) för hand. Svaret säger hur många som var nya.",
    )
    @action(detail=True, methods=["post"], url_path="link-observations")
    def link_observations(self, request: Request, pk: str | None = None) -> Response:
        problem: Problem = self.get_object()
        chosen = _observations(validated(ObservationIdsSerializer(data=request.data)))
        n = as_api_errors(
            lambda: links.problem_link_observations(
                actor=cast(User, request.user), problem=problem, observations=chosen
            )
        )
        return Response({"changed": n})

    @extend_schema(
        request=ObservationIdsSerializer,
        responses={200: LinkResultSerializer, 400: ERRORS_RESPONSE, 404: DENIED_RESPONSE},
        description="Ta bort iakttagelser som kopplats för hand (regelns följer regeln).",
    )
    @action(detail=True, methods=["post"], url_path="unlink-observations")
    def unlink_observations(self, request: Request, pk: str | None = None) -> Response:
        problem: Problem = self.get_object()
        chosen = _observations(validated(ObservationIdsSerializer(data=request.data)))
        n = as_api_errors(
            lambda: links.problem_unlink_observations(
                actor=cast(User, request.user), problem=problem, observations=chosen
            )
        )
        return Response({"changed": n})


def _municipality(user: User, slug: str | None) -> Municipality:
    """The municipality to create in: named, or the user's only one where they may."""
    ids = municipality_ids(user, ANALYSIS_GROUP)
    rows = Municipality.objects.filter(pk__in=ids)
    if slug:
        rows = rows.filter(slug=slug)
    found = list(rows[:2])
    if len(found) == 1:
        return found[0]
    if not ids or slug:
        raise PermissionDenied("Du kan inte lägga upp problem i den kommunen.")
    raise ValidationError({"municipality": ["Ange kommunens kortnamn."]})


def _observations(data: dict[str, Any]) -> list[Observation]:
    ids = set(data["observations"])
    rows = list(Observation.objects.filter(pk__in=ids))
    if len(rows) != len(ids):
        raise ValidationError({"observations": ["Någon av iakttagelserna finns inte."]})
    return rows


def _input(
    municipality: Municipality, base: services.ProblemInput, data: dict[str, Any]
) -> services.ProblemInput:
    """The input as rows, over `base`; references outside the municipality are errors."""
    errors: dict[str, list[str]] = {}
    changes: dict[str, Any] = {
        k: data[k]
        for k in ("title", "description", "priority", "tags", "rule_enabled", "rule_from")
        if k in data
    }
    if "rule_to" in data:
        changes["rule_to"] = data["rule_to"]
    if "owner_organisation" in data:
        slug = data["owner_organisation"]
        owner = (
            Organisation.objects.filter(municipality=municipality, slug=slug).first()
            if slug
            else None
        )
        if slug and owner is None:
            errors["owner_organisation"] = ["Organisationen finns inte i den här kommunen."]
        changes["owner_organisation"] = owner
    if "owner_person" in data:
        pk = data["owner_person"]
        person = User.objects.filter(pk=pk).first() if pk else None
        if pk and person is None:
            errors["owner_person"] = ["Personen finns inte."]
        changes["owner_person"] = person
    for name, model in (("areas", Area), ("places", Place)):
        if name in data:
            ids = set(data[name])
            rows = list(model._default_manager.filter(pk__in=ids, municipality=municipality))
            if len(rows) != len(ids):
                errors[name] = ["Finns inte i den här kommunen."]
            changes[name] = rows
    if "categories" in data:
        codes = set(data["categories"])
        cats = list(
            Category.objects.filter(
                Q(municipality=None) | Q(municipality=municipality), code__in=codes, is_active=True
            )
        )
        if {c.code for c in cats} != codes:
            errors["categories"] = ["Okänd kategori."]
        changes["categories"] = cats
    if errors:
        raise ValidationError(errors)
    return replace(base, **changes)

"""The API's interventions: list and read, decide (create), change, and follow up.

Scoped like the pages: every EST member of a municipality reads its interventions;
coordinators and admins decide them; the owner organisation's people (not its
reporters) and the coordinators change them and follow them up. Writes go through the
same services as the pages (interventions.services, interventions.followup), so the
rules and the Swedish errors by field are the same; an error saves nothing.

Choice fields (status, kind, strategy …) are plain strings with their values in the
description, so their enums do not collide with other fields of the same name in the
schema. References are by the identifiers the read side shows: organisations by slug,
areas by code (or "omrade-<id>"), people by user name, categories by code, the problem
and causes by id.
"""

from __future__ import annotations

from typing import Any, cast

from django.db import models
from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import serializers, status
from rest_framework.decorators import action
from rest_framework.exceptions import PermissionDenied, ValidationError
from rest_framework.request import Request
from rest_framework.response import Response

from samordna.api.errors import DENIED_RESPONSE, ERRORS_RESPONSE, as_api_errors, validated
from samordna.api.intervention_input import intervention_input
from samordna.api.serializers import IdField, area_key
from samordna.api.viewsets import RESTRICT_ACTIONS, RestrictedReadOnlyViewSet
from samordna.core.models import Municipality, Organisation, User
from samordna.core.policies import municipality_ids
from samordna.interventions.filtersets import InterventionFilterSet
from samordna.interventions.followup import (
    FollowUpInput,
    categories_of,
    followup_create,
    may_follow_up,
)
from samordna.interventions.models import FollowUp, Intervention
from samordna.interventions.policies import DECIDERS
from samordna.interventions.services import (
    intervention_create,
    intervention_report,
    intervention_update,
)


def _person(user: User | None) -> str | None:
    return (user.get_full_name() or user.username) if user else None


class InterventionSerializer(serializers.ModelSerializer[Intervention]):
    municipality = serializers.CharField(source="municipality.slug", read_only=True)
    owner_organisation = serializers.CharField(source="owner_organisation.slug", read_only=True)
    owner_person = serializers.SerializerMethodField()
    raised_by = serializers.SerializerMethodField()
    status = serializers.CharField(
        read_only=True, help_text="decided, in_progress, done eller cancelled"
    )
    rag = serializers.CharField(read_only=True, help_text="green, amber eller red")
    is_overdue = serializers.BooleanField(read_only=True)
    is_unowned = serializers.BooleanField(
        read_only=True, help_text="Öppen och ingen person är utsedd som ansvarig."
    )
    decided_in = serializers.IntegerField(source="decided_in_id", read_only=True, allow_null=True)
    kind = serializers.CharField(read_only=True, help_text="situational, social, safety eller tom")
    strategy = serializers.CharField(
        read_only=True, help_text="effort, risk, reward, provocation, excuses eller tom"
    )
    techniques = serializers.ListField(child=serializers.CharField(), read_only=True)
    social_level = serializers.CharField(
        read_only=True, help_text="universal, selective, indicated eller tom"
    )
    prevention_level = serializers.CharField(
        read_only=True, help_text="primary, secondary, tertiary eller tom"
    )
    evidence = serializers.CharField(
        read_only=True, help_text="strong, some, promising, unknown, against eller tom"
    )
    tags = serializers.ListField(child=serializers.CharField(), read_only=True)
    problem = serializers.IntegerField(source="problem_id", read_only=True, allow_null=True)
    causes = serializers.SerializerMethodField()
    partners = serializers.SerializerMethodField()
    areas = serializers.SerializerMethodField()
    buffer_areas = serializers.SerializerMethodField()
    control_areas = serializers.SerializerMethodField()

    class Meta:
        model = Intervention
        fields = [
            "id",
            "municipality",
            "title",
            "description",
            "owner_organisation",
            "owner_person",
            "raised_by",
            "starts_on",
            "deadline",
            "status",
            "rag",
            "is_overdue",
            "is_unowned",
            "decided_in",
            "kind",
            "strategy",
            "techniques",
            "social_level",
            "prevention_level",
            "evidence",
            "tags",
            "problem",
            "causes",
            "goal",
            "partners",
            "cost_sek",
            "hours",
            "areas",
            "buffer_areas",
            "control_areas",
            "created_at",
            "updated_at",
        ]
        read_only_fields = fields

    def get_owner_person(self, obj: Intervention) -> str | None:
        return _person(obj.owner_person)

    def get_raised_by(self, obj: Intervention) -> str | None:
        return obj.raised_by.slug if obj.raised_by else None

    def get_causes(self, obj: Intervention) -> list[int]:
        """The ids of the causes it addresses (problems.Cause)."""
        return sorted(c.pk for c in obj.causes.all())

    def get_partners(self, obj: Intervention) -> list[str]:
        return [o.slug for o in obj.partners.all()]

    def get_areas(self, obj: Intervention) -> list[str]:
        return [area_key(a) for a in obj.areas.all()]

    def get_buffer_areas(self, obj: Intervention) -> list[str]:
        return [area_key(a) for a in obj.buffer_areas.all()]

    def get_control_areas(self, obj: Intervention) -> list[str]:
        return [area_key(a) for a in obj.control_areas.all()]


def _strings(help_text: str) -> serializers.ListField:
    return serializers.ListField(child=serializers.CharField(), required=False, help_text=help_text)


class InterventionInputSerializer(serializers.Serializer[Any]):
    """What deciding or changing an intervention takes (a change: only what changes)."""

    municipality = serializers.CharField(
        required=False, help_text="Kommunens kortnamn; behövs bara om du samordnar i flera."
    )
    title = serializers.CharField(max_length=200)
    description = serializers.CharField(required=False, allow_blank=True)
    owner_organisation = serializers.CharField(help_text="Den ansvariga organisationens kortnamn.")
    owner_person = serializers.CharField(
        required=False, allow_null=True, help_text="Användarnamnet på den ansvariga personen."
    )
    starts_on = serializers.DateField(required=False, allow_null=True)
    deadline = serializers.DateField()
    kind = serializers.CharField(
        required=False, allow_blank=True, help_text="situational, social eller safety"
    )
    strategy = serializers.CharField(
        required=False, allow_blank=True, help_text="effort, risk, reward, provocation, excuses"
    )
    techniques = _strings("Teknikernas nycklar, t.ex. formal_surveillance.")
    social_level = serializers.CharField(
        required=False, allow_blank=True, help_text="universal, selective eller indicated"
    )
    prevention_level = serializers.CharField(
        required=False, allow_blank=True, help_text="primary, secondary eller tertiary"
    )
    evidence = serializers.CharField(
        required=False,
        allow_blank=True,
        help_text="strong, some, promising, unknown eller against",
    )
    tags = _strings("Fokusområden: recruitment, parallel, situational, extremism, welfare.")
    problem = IdField(required=False, allow_null=True)
    causes = serializers.ListField(child=IdField(), required=False)
    goal = serializers.CharField(required=False, allow_blank=True)
    partners = _strings("Samverkanspartnernas kortnamn.")
    cost_sek = serializers.IntegerField(required=False, allow_null=True, min_value=0)
    hours = serializers.IntegerField(required=False, allow_null=True, min_value=0)
    areas = _strings("Insatsområden (A): kod eller omrade-<id>.")
    buffer_areas = _strings("Buffertområden (B): kod eller omrade-<id>.")
    control_areas = _strings("Kontrollområden (C): kod eller omrade-<id>.")


class InterventionPatchSerializer(InterventionInputSerializer):
    """A change: every field may be left out (then it stays as it is)."""

    title = serializers.CharField(max_length=200, required=False)
    owner_organisation = serializers.CharField(required=False)
    deadline = serializers.DateField(required=False)


class FollowUpSerializer(serializers.ModelSerializer[FollowUp]):
    kind = serializers.CharField(read_only=True, help_text="production, process eller effect")
    done = serializers.CharField(read_only=True, help_text="yes, partly, no eller tom")
    # A field named like Field.source: fine for DRF, which collects declared fields.
    source = serializers.CharField(  # type: ignore[assignment]
        read_only=True, help_text="observations eller tom"
    )
    categories = serializers.SerializerMethodField()
    by = serializers.SerializerMethodField()
    counts = serializers.DictField(
        child=serializers.IntegerField(),
        read_only=True,
        help_text="a0, a1, b0, b1, c0, c1: insats-, buffert- och kontrollområdet före och efter.",
    )
    result = serializers.DictField(
        read_only=True,
        help_text="Utvärderingen enligt analysis.displacement (sm, bdm, wdq, wdd, "
        "total_net_effect, peak) och polisens händelser i kommunen som bakgrund.",
    )

    class Meta:
        model = FollowUp
        fields = [
            "id",
            "kind",
            "done",
            "note",
            "cost_sek",
            "hours",
            "source",
            "categories",
            "before_from",
            "before_to",
            "after_from",
            "after_to",
            "counts",
            "result",
            "verdict",
            "at",
            "by",
        ]
        read_only_fields = fields

    def get_categories(self, obj: FollowUp) -> list[str]:
        return [c.code for c in obj.categories.all()]

    def get_by(self, obj: FollowUp) -> str | None:
        return _person(obj.by)


class StatusReportInputSerializer(serializers.Serializer[Any]):
    """A status report: the intervention takes its status and traffic light."""

    status = serializers.CharField(help_text="decided, in_progress, done eller cancelled")
    rag = serializers.CharField(help_text="green, amber eller red")
    note = serializers.CharField(required=False, allow_blank=True)


class FollowUpInputSerializer(serializers.Serializer[Any]):
    kind = serializers.CharField(help_text="production, process eller effect")
    done = serializers.CharField(
        required=False, allow_blank=True, help_text="Produktion: yes, partly eller no"
    )
    note = serializers.CharField(required=False, allow_blank=True)
    cost_sek = serializers.IntegerField(required=False, allow_null=True, min_value=0)
    hours = serializers.IntegerField(required=False, allow_null=True, min_value=0)
    source = serializers.CharField(  # type: ignore[assignment]
        required=False, allow_blank=True, help_text="Effekt: observations"
    )
    categories = _strings("Effekt: kategoriernas koder (inga: alla).")
    before_from = serializers.DateField(required=False, allow_null=True)
    before_to = serializers.DateField(required=False, allow_null=True)
    after_from = serializers.DateField(required=False, allow_null=True)
    after_to = serializers.DateField(required=False, allow_null=True)


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
    restrict_actions = {**RESTRICT_ACTIONS, "follow_ups": "view", "report": "report"}

    def get_queryset(self) -> models.QuerySet[Any]:
        return (
            super()
            .get_queryset()
            .select_related("municipality", "owner_organisation", "owner_person", "raised_by")
            .prefetch_related("areas", "buffer_areas", "control_areas", "partners", "causes")
            .order_by("deadline", "id")
        )

    @extend_schema(
        request=InterventionInputSerializer,
        responses={201: InterventionSerializer, 400: ERRORS_RESPONSE, 403: DENIED_RESPONSE},
        description="Besluta en insats (samordnare och administratörer). Allt eller inget.",
    )
    def create(self, request: Request) -> Response:
        user = cast(User, request.user)
        deciding = municipality_ids(user, DECIDERS)
        if not deciding:
            raise PermissionDenied("Bara samordnare och administratörer beslutar insatser.")
        data = validated(InterventionInputSerializer(data=request.data))
        municipality = _municipality(deciding, data.get("municipality"))
        raised_by = (
            Organisation.objects.filter(
                memberships__user=user,
                memberships__is_active=True,
                memberships__role__in=DECIDERS,
                municipality=municipality,
            )
            .order_by("pk")
            .first()
        )
        inputs = intervention_input(municipality, data, base=None, raised_by=raised_by)
        intervention = as_api_errors(
            lambda: intervention_create(actor=user, municipality=municipality, data=inputs)
        )
        return Response(
            InterventionSerializer(self._fresh(intervention)).data, status=status.HTTP_201_CREATED
        )

    @extend_schema(
        request=InterventionPatchSerializer,
        responses={200: InterventionSerializer, 400: ERRORS_RESPONSE, 404: DENIED_RESPONSE},
        description=(
            "Ändra en insats: samordnare och administratörer, och den ansvariga "
            "organisationens personer (inte rapportörer). Fält som utelämnas behålls."
        ),
    )
    def partial_update(self, request: Request, pk: str | None = None) -> Response:
        user = cast(User, request.user)
        intervention = self.get_object()
        data = validated(InterventionPatchSerializer(data=request.data, partial=True))
        inputs = intervention_input(
            intervention.municipality, data, base=intervention, raised_by=None
        )
        as_api_errors(
            lambda: intervention_update(actor=user, intervention=intervention, data=inputs)
        )
        return Response(InterventionSerializer(self._fresh(intervention)).data)

    @extend_schema(
        methods=["GET"],
        responses={200: FollowUpSerializer(many=True)},
        description="Insatsens uppföljningar, nyast först.",
    )
    @extend_schema(
        methods=["POST"],
        request=FollowUpInputSerializer,
        responses={201: FollowUpSerializer, 400: ERRORS_RESPONSE, 403: DENIED_RESPONSE},
        description=(
            "Följ upp insatsen: produktion, process eller effekt. En effektuppföljning "
            "räknas och utvärderas här, och antalen sparas som de är."
        ),
    )
    @action(detail=True, methods=["get", "post"], url_path="follow-ups", pagination_class=None)
    def follow_ups(self, request: Request, pk: str | None = None) -> Response:
        intervention = self.get_object()
        if request.method == "GET":
            rows = (
                FollowUp.objects.restrict(request.user)
                .filter(intervention=intervention)
                .select_related("by")
                .prefetch_related("categories")
                .order_by("-at", "-id")
            )
            return Response(FollowUpSerializer(rows, many=True).data)
        user = cast(User, request.user)
        if not may_follow_up(user, intervention):
            raise PermissionDenied("Bara den ansvariga organisationen och samordnarna följer upp.")
        data = validated(FollowUpInputSerializer(data=request.data))
        codes = data.get("categories") or []
        categories = list(categories_of(intervention.municipality_id).filter(code__in=codes))
        if len({c.code for c in categories}) != len(set(codes)):
            raise ValidationError({"categories": ["Okänd kategori."]})
        inputs = FollowUpInput(
            kind=data["kind"],
            done=data.get("done") or "",
            note=data.get("note") or "",
            cost_sek=data.get("cost_sek"),
            hours=data.get("hours"),
            source=data.get("source") or "",
            categories=categories,
            before_from=data.get("before_from"),
            before_to=data.get("before_to"),
            after_from=data.get("after_from"),
            after_to=data.get("after_to"),
        )
        follow_up = as_api_errors(
            lambda: followup_create(actor=user, intervention=intervention, data=inputs)
        )
        return Response(FollowUpSerializer(follow_up).data, status=status.HTTP_201_CREATED)

    @extend_schema(
        request=StatusReportInputSerializer,
        responses={200: InterventionSerializer, 400: ERRORS_RESPONSE, 404: DENIED_RESPONSE},
        description=(
            "Lägesrapportera insatsen: status, trafikljus och en anteckning. Den ansvariga "
            "organisationens personer (inte rapportörer), samordnare och administratörer."
        ),
    )
    @action(detail=True, methods=["post"])
    def report(self, request: Request, pk: str | None = None) -> Response:
        user = cast(User, request.user)
        intervention = self.get_object()
        data = validated(StatusReportInputSerializer(data=request.data))
        as_api_errors(
            lambda: intervention_report(
                actor=user,
                intervention=intervention,
                status=data["status"],
                rag=data["rag"],
                note=data.get("note") or "",
            )
        )
        return Response(InterventionSerializer(self._fresh(intervention)).data)

    def _fresh(self, intervention: Intervention) -> Intervention:
        fresh: Intervention = (
            Intervention.objects.select_related(
                "municipality", "owner_organisation", "owner_person", "raised_by"
            )
            .prefetch_related("areas", "buffer_areas", "control_areas", "partners", "causes")
            .get(pk=intervention.pk)
        )
        return fresh


def _municipality(deciding: set[int], slug: str | None) -> Municipality:
    candidates = Municipality.objects.filter(pk__in=deciding).order_by("pk")
    if slug:
        found = candidates.filter(slug=slug).first()
        if found is None:
            raise PermissionDenied("Du beslutar inte insatser i den kommunen.")
        return found
    if candidates.count() > 1:
        raise ValidationError({"municipality": ["Ange vilken kommun insatsen gäller."]})
    only: Municipality = candidates.get()
    return only

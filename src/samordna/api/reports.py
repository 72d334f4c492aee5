"""The API's reports: file one (with its observations), list and read them."""

from __future__ import annotations

from typing import Any, cast

from django.db import models
from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import status
from rest_framework.exceptions import PermissionDenied, ValidationError
from rest_framework.request import Request
from rest_framework.response import Response

from samordna.api import report_serializers as s
from samordna.api.errors import DENIED_RESPONSE, ERRORS_RESPONSE, as_api_errors, validated
from samordna.api.report_input import observation_inputs
from samordna.api.viewsets import RestrictedReadOnlyViewSet
from samordna.core.models import Organisation, User
from samordna.reports.filtersets import ReportFilterSet
from samordna.reports.models import Observation, Report
from samordna.reports.policies import reporting_organisations
from samordna.reports.services import report_submit

NOT_A_REPORTER = "Du kan inte rapportera för någon organisation."
NOT_YOUR_ORGANISATION = "Du kan inte rapportera för den organisationen."
SAME_SLUG = "Flera av dina organisationer har det kortnamnet: ange kommunen också."


@extend_schema_view(
    list=extend_schema(description="Rapporterna användaren får se, nyast först."),
    retrieve=extend_schema(description="En rapport med dess iakttagelser."),
)
class ReportViewSet(RestrictedReadOnlyViewSet):
    """Reports with their observations; a reporter sees their own organisation's."""

    model = Report
    serializer_class = s.ReportSerializer
    filterset_class = ReportFilterSet

    def get_queryset(self) -> models.QuerySet[Any]:
        return _with_observations(super().get_queryset()).order_by("-submitted_at", "-id")

    @extend_schema(
        request=s.ReportInputSerializer,
        responses={
            201: s.ReportSerializer,
            200: s.ReportSerializer,
            400: ERRORS_RESPONSE,
            403: DENIED_RESPONSE,
        },
        description=(
            "Skicka in en rapport med en eller flera iakttagelser för en organisation där "
            "du rapporterar. 201 när rapporten är ny; 200 och samma svar när client_uuid "
            "redan har använts (inget nytt sparas). Allt eller inget: vid fel sparas ingenting."
        ),
    )
    def create(self, request: Request) -> Response:
        user = cast(User, request.user)
        if not reporting_organisations(user).exists():
            raise PermissionDenied(NOT_A_REPORTER)
        data = validated(s.ReportInputSerializer(data=request.data))
        organisation = _organisation(user, data["organisation"], data.get("municipality"))
        inputs = observation_inputs(organisation.municipality, data["observations"])
        submitted = as_api_errors(
            lambda: report_submit(
                actor=user,
                organisation=organisation,
                client_uuid=data["client_uuid"],
                observations=inputs,
                source=Report.Source.API,
            )
        )
        # The filer may not be allowed to list reports (a partner, say) but sees what
        # they have just sent: the answer is read by its key, not through the view policy.
        report = _with_observations(Report.objects.filter(pk=submitted.report.pk)).get()
        code = status.HTTP_201_CREATED if submitted.created else status.HTTP_200_OK
        return Response(s.ReportSerializer(report).data, status=code)


def _with_observations(reports: models.QuerySet[Report]) -> models.QuerySet[Report]:
    observations = Observation.objects.select_related(
        "municipality", "organisation", "category"
    ).order_by("id")
    return reports.select_related("municipality", "organisation").prefetch_related(
        models.Prefetch("observations", queryset=observations)
    )


def _organisation(user: User, slug: str, municipality: str | None) -> Organisation:
    candidates = reporting_organisations(user).select_related("municipality").filter(slug=slug)
    if municipality:
        candidates = candidates.filter(municipality__slug=municipality)
    found: list[Organisation] = list(candidates[:2])
    if not found:
        raise PermissionDenied(NOT_YOUR_ORGANISATION)
    if len(found) > 1:
        raise ValidationError({"municipality": [SAME_SLUG]})
    return found[0]

"""Background exports in the API, for selections over the download limit:
`POST /api/v1/observations/export/jobs/` queues one (202), `GET .../jobs/<id>/` shows
its progress and `GET .../jobs/<id>/file/` downloads the file when it is done.

A job is its requester's alone: for anyone else it does not exist (404).
"""

from __future__ import annotations

from typing import Any, cast

from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404
from django.urls import reverse
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import (
    OpenApiParameter,
    OpenApiResponse,
    extend_schema,
    extend_schema_field,
)
from rest_framework import serializers, status
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from samordna.api.errors import DENIED_RESPONSE, ERRORS_RESPONSE, as_api_errors, validated
from samordna.api.observations_export import _JSONOnly
from samordna.api.viewsets import DRFAuthenticated
from samordna.core.models import User
from samordna.reports import jobs
from samordna.reports.models import ExportJob
from samordna.reports.views_export import CONTENT_TYPES

LISTED = 50


class ExportJobInputSerializer(serializers.Serializer[Any]):
    format = serializers.ChoiceField(choices=ExportJob.Format.choices)
    filters = serializers.DictField(
        child=serializers.CharField(allow_blank=True),
        required=False,
        default=dict,
        help_text='Samma filter som GET /api/v1/observations/, t.ex. {"week": "2026-W47"}.',
    )
    mine_only = serializers.BooleanField(
        required=False, default=False, help_text="Bara organisationer du rapporterar för."
    )


# A plain string: an enum named "status" would collide with the observations' one.
@extend_schema_field(
    {
        "type": "string",
        "description": "queued (i kö), running (pågår), done (klar) eller failed (misslyckades).",
    }
)
class _StatusField(serializers.CharField):
    pass


class ExportJobSerializer(serializers.ModelSerializer[ExportJob]):
    status = _StatusField(read_only=True)
    file = serializers.SerializerMethodField(help_text="Filens adress när exporten är klar.")

    class Meta:
        model = ExportJob
        fields = [
            "id", "format", "status", "rows_done", "rows_total", "filters", "mine_only",
            "error", "created_at", "started_at", "finished_at", "file",
        ]  # fmt: skip
        read_only_fields = fields

    def get_file(self, job: ExportJob) -> str | None:
        if job.status != ExportJob.Status.DONE:
            return None
        return reverse("api-observation-export-job-file", kwargs={"pk": job.pk})


# Any text in the path reaches the view (like the router's ids), so that a wrong id is
# answered with a JSON 404 rather than Django's HTML page.
_ID = OpenApiParameter("id", OpenApiTypes.INT, OpenApiParameter.PATH, description="Exportens id.")


def _job(request: Request, pk: str) -> ExportJob:
    if not pk.isdigit():
        raise Http404
    return get_object_or_404(ExportJob.objects.restrict(request.user, "view"), pk=int(pk))


class ExportJobListView(DRFAuthenticated, APIView):
    """The user's own background exports; POST queues a new one."""

    @extend_schema(
        operation_id="observations_export_jobs_list",
        responses={200: ExportJobSerializer(many=True)},
        description=f"Dina exporter i bakgrunden, nyast först (högst {LISTED}).",
    )
    def get(self, request: Request) -> Response:
        listed = ExportJob.objects.restrict(request.user, "view")[:LISTED]
        return Response(ExportJobSerializer(listed, many=True).data)

    @extend_schema(
        operation_id="observations_export_jobs_create",
        request=ExportJobInputSerializer,
        responses={202: ExportJobSerializer, 400: ERRORS_RESPONSE, 403: DENIED_RESPONSE},
        description=(
            "Beställ en export i bakgrunden, för urval större än vad "
            "GET /api/v1/observations/export/ lämnar ut på en gång. Filtret prövas direkt "
            "(400 om det inte går att använda); raderna väljs när exporten körs, med dina "
            "behörigheter då. Följ förloppet på jobbets adress."
        ),
    )
    def post(self, request: Request) -> Response:
        data = validated(ExportJobInputSerializer(data=request.data))
        job = as_api_errors(
            lambda: jobs.export_job_request(
                actor=cast(User, request.user),
                municipality=None,
                format=data["format"],
                filters=data["filters"],
                mine_only=data["mine_only"],
            )
        )
        return Response(ExportJobSerializer(job).data, status=status.HTTP_202_ACCEPTED)


class ExportJobDetailView(DRFAuthenticated, APIView):
    @extend_schema(
        operation_id="observations_export_jobs_retrieve",
        parameters=[_ID],
        responses={200: ExportJobSerializer, 404: DENIED_RESPONSE},
        description="Läge och förlopp (rows_done av rows_total) för en av dina exporter.",
    )
    def get(self, request: Request, pk: str) -> Response:
        return Response(ExportJobSerializer(_job(request, pk)).data)


class ExportJobFileView(DRFAuthenticated, APIView):
    content_negotiation_class = _JSONOnly

    @extend_schema(
        operation_id="observations_export_jobs_file",
        parameters=[_ID],
        responses={
            (200, CONTENT_TYPES["csv"]): OpenApiResponse(
                OpenApiTypes.BINARY, description="En ZIP med iakttagelser.csv och manifest.json."
            ),
            (200, CONTENT_TYPES["xlsx"]): OpenApiResponse(
                OpenApiTypes.BINARY, description="Filen, med arket ”Om exporten” (manifestet)."
            ),
            (404, "application/json"): DENIED_RESPONSE,
        },
        description="Filen när exporten är klar; 404 innan dess och efter sju dagar.",
    )
    def get(self, request: Request, pk: str) -> FileResponse:
        job = _job(request, pk)
        try:
            file = jobs.export_job_file(actor=cast(User, request.user), job=job)
        except FileNotFoundError as exc:
            raise Http404 from exc
        return FileResponse(
            file,
            as_attachment=True,
            filename=jobs.download_name(job),
            content_type=CONTENT_TYPES[job.format],
        )

"""`GET /api/v1/observations/export/?format=csv|xlsx&<filter>`: the file of exactly
what the observations list would show with the same filter.

`format` picks the file here, not a DRF renderer: every error is answered in JSON,
whatever format was asked for, and a success is the file itself.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any, cast

from django.db import models
from drf_spectacular.openapi import AutoSchema
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework.exceptions import ValidationError
from rest_framework.generics import GenericAPIView
from rest_framework.negotiation import BaseContentNegotiation
from rest_framework.parsers import BaseParser
from rest_framework.renderers import BaseRenderer
from rest_framework.request import Request

from samordna.api.errors import ERRORS_RESPONSE, NON_FIELD, flatten
from samordna.api.viewsets import DRFAuthenticated
from samordna.core.models import User
from samordna.reports.filtersets import ObservationFilterSet, describe_filters
from samordna.reports.models import Observation
from samordna.reports.views_export import (
    CONTENT_TYPES,
    export_response,
    too_large,
)


class _JSONOnly(BaseContentNegotiation):
    """Ignores `?format=` (DRF would look for a renderer by that name): errors are JSON."""

    def select_parser(self, request: Request, parsers: Iterable[BaseParser]) -> BaseParser | None:
        return next(iter(parsers), None)

    def select_renderer(
        self,
        request: Request,
        renderers: Iterable[BaseRenderer],
        format_suffix: str | None = None,
    ) -> tuple[BaseRenderer, str]:
        renderer = next(iter(renderers))
        return renderer, renderer.media_type


class _ExportSchema(AutoSchema):
    # The filters are a list's, though the answer is one file, not a list.
    def get_filter_backends(self) -> list[Any]:
        return list(getattr(self.view, "filter_backends", []))


_FILE = "Filen. CSV: en ZIP med iakttagelser.csv (UTF-8 med BOM, ;-avgränsad) och manifest.json."


class ObservationExportView(DRFAuthenticated, GenericAPIView):  # type: ignore[type-arg]
    """The filtered observations as CSV (in a ZIP with its manifest) or XLSX."""

    filterset_class = ObservationFilterSet
    content_negotiation_class = _JSONOnly
    pagination_class = None
    schema = _ExportSchema()

    def get_queryset(self) -> models.QuerySet[Observation]:
        return Observation.objects.restrict(self.request.user, "view")

    @extend_schema(
        operation_id="observations_export",
        parameters=[
            OpenApiParameter(
                "format",
                OpenApiTypes.STR,
                enum=["csv", "xlsx"],
                required=True,
                description="csv (en ZIP med CSV och manifest) eller xlsx.",
            )
        ],
        responses={
            (200, CONTENT_TYPES["csv"]): OpenApiResponse(OpenApiTypes.BINARY, description=_FILE),
            (200, CONTENT_TYPES["xlsx"]): OpenApiResponse(
                OpenApiTypes.BINARY, description="Filen, med arket ”Om exporten” (manifestet)."
            ),
            (400, "application/json"): ERRORS_RESPONSE,
        },
        description=(
            "Exakt de iakttagelser som listan visar med samma filter, med ett manifest "
            "(filter, antal rader, tid, vem). Urval över gränsen (normalt 50 000 rader) "
            "avvisas med 400 och råd om hur filtret kan begränsas."
        ),
    )
    def get(self, request: Request) -> Any:
        kind = request.query_params.get("format", "")
        if kind not in CONTENT_TYPES:
            raise ValidationError({"format": ["Välj format=csv eller format=xlsx."]})
        filterset = ObservationFilterSet(
            request.query_params, queryset=self.get_queryset(), request=request
        )
        if not filterset.is_valid():
            raise ValidationError(flatten(filterset.errors))
        message = too_large(filterset.qs)
        if message:
            raise ValidationError({NON_FIELD: [message]})
        return export_response(
            actor=cast(User, request.user),
            observations=filterset.qs,
            kind=kind,
            filters=describe_filters(filterset),
        )

"""The API's page shapes: page numbers for most lists, keyset cursors for the long ones."""

from __future__ import annotations

from typing import Any

from django.db import models
from rest_framework.exceptions import ValidationError
from rest_framework.pagination import PageNumberPagination
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.utils.urls import replace_query_param

from samordna.api import keyset


class Pagination(PageNumberPagination):
    page_size_query_param = "page_size"
    max_page_size = 500


class KeysetPagination(Pagination):
    """Pages that follow a cursor (api.keyset), so the last page costs what the first does.

    The body keeps the page-number shape (`count`, `next`, `previous`, `results`); only
    the links carry `cursor=` instead of `page=`. A client that still sends `page=N`
    gets the old numbered pages (and their OFFSET cost) so nothing written against the
    first version breaks.
    """

    cursor_query_param = "cursor"

    def paginate_queryset(
        self, queryset: models.QuerySet[Any], request: Request, view: Any = None
    ) -> list[Any] | None:
        self.keyset: keyset.Page | None = None
        self.url = request.build_absolute_uri()
        if self.page_query_param in request.query_params:
            return super().paginate_queryset(queryset, request, view)
        self.request = request
        cursor = request.query_params.get(self.cursor_query_param)
        try:
            self.keyset = keyset.page(queryset, self.get_page_size(request) or 1, cursor)
        except keyset.InvalidCursor as exc:
            raise ValidationError({self.cursor_query_param: [str(exc)]}) from exc
        self.count = queryset.count()
        return self.keyset.rows

    def total(self) -> int:
        if self.keyset is None:
            return self.page.paginator.count if self.page is not None else 0
        return self.count

    def returned(self) -> int:
        if self.keyset is None:
            return len(self.page) if self.page is not None else 0
        return len(self.keyset.rows)

    def get_next_link(self) -> str | None:
        if self.keyset is None:
            return super().get_next_link()
        return self._link(self.keyset.next_cursor)

    def get_previous_link(self) -> str | None:
        if self.keyset is None:
            return super().get_previous_link()
        return self._link(self.keyset.previous_cursor)

    def _link(self, cursor: str | None) -> str | None:
        if cursor is None:
            return None
        return replace_query_param(self.url, self.cursor_query_param, cursor)

    def get_paginated_response(self, data: Any) -> Response:
        return Response(
            {
                "count": self.total(),
                "next": self.get_next_link(),
                "previous": self.get_previous_link(),
                "results": data,
            }
        )

    def get_schema_operation_parameters(self, view: Any) -> list[dict[str, Any]]:
        parameters = super().get_schema_operation_parameters(view)
        for parameter in parameters:
            if parameter["name"] == self.page_query_param:
                parameter["deprecated"] = True
                parameter["description"] = (
                    "Sidnummer (äldre sätt, blir långsammare ju längre in man bläddrar). "
                    "Följ hellre länken i next, som använder cursor."
                )
        cursor = {
            "name": self.cursor_query_param,
            "required": False,
            "in": "query",
            "description": "Var sidan börjar; kopiera den från länken i next eller previous.",
            "schema": {"type": "string", "maxLength": keyset.CURSOR_MAX_LENGTH},
        }
        return [*parameters, cursor]

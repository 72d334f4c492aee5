"""Validation errors in one shape for every API write: {"field.path": ["message", ...]}.

The reporting services name nested fields "observations.<n>.<field>" (n from 1); the
serializers' own errors are flattened to the same paths, so a client reads one format.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Any, TypeVar

from django.core.exceptions import ValidationError as DjangoValidationError
from django.db import OperationalError
from drf_spectacular.utils import OpenApiResponse
from rest_framework import serializers
from rest_framework.exceptions import AuthenticationFailed, NotAuthenticated, ValidationError
from rest_framework.response import Response
from rest_framework.views import exception_handler as drf_exception_handler
from rest_framework.views import set_rollback

from samordna.core import refusals

T = TypeVar("T")

logger = logging.getLogger(__name__)
# Seconds an API client waits before trying again when the database is busy or away:
# an offline phone's queue retries its reports with their client UUIDs, so nothing is
# filed twice.
RETRY_AFTER = 10

NON_FIELD = "non_field_errors"

ERRORS_RESPONSE = OpenApiResponse(
    response={
        "type": "object",
        # A body that is not JSON at all gets DRF's {"detail": "..."}.
        "properties": {"detail": {"type": "string"}},
        "additionalProperties": {"type": "array", "items": {"type": "string"}},
    },
    description="Felaktiga uppgifter: fältets sökväg (t.ex. observations.1.unsafety) "
    "och vad som är fel, på svenska. Inget har sparats.",
)
DENIED_RESPONSE = OpenApiResponse(
    response={"type": "object", "properties": {"detail": {"type": "string"}}},
    description="Användaren får inte göra detta. Inget har sparats.",
)


def flatten(detail: Any, prefix: str = "") -> dict[str, list[str]]:
    """Nested serializer errors as dotted paths; list items are numbered from 1.

    DRF gives a list's errors as {index: detail} (LIST_SERIALIZER_ERRORS_AS_DICT) or,
    in older settings, as a list with {} for the valid items: both are handled.
    """
    out: dict[str, list[str]] = {}
    if isinstance(detail, dict):
        for key, value in detail.items():
            if key in (NON_FIELD, "__all__"):
                path = prefix or NON_FIELD
            elif isinstance(key, int):
                # A list's errors are keyed by 0-based index; paths count from 1.
                path = _join(prefix, str(key + 1))
            else:
                path = _join(prefix, str(key))
            _merge(out, flatten(value, path))
    elif isinstance(detail, list) and all(isinstance(item, str) for item in detail):
        if detail:
            out[prefix or NON_FIELD] = [str(item) for item in detail]
    elif isinstance(detail, list):
        for n, item in enumerate(detail, start=1):
            _merge(out, flatten(item, _join(prefix, str(n))))
    else:
        out[prefix or NON_FIELD] = [str(detail)]
    return out


def validated(serializer: serializers.Serializer[Any]) -> dict[str, Any]:
    """The serializer's data, or a 400 with flat field paths."""
    if not serializer.is_valid():
        raise ValidationError(flatten(serializer.errors))
    data: dict[str, Any] = serializer.validated_data
    return data


def as_api_errors(write: Callable[[], T]) -> T:
    """Run a service call; its (Django) ValidationError becomes a 400 instead of a 500."""
    try:
        return write()
    except DjangoValidationError as error:
        if hasattr(error, "error_dict"):
            raise ValidationError(flatten(error.message_dict)) from error
        raise ValidationError({NON_FIELD: error.messages}) from error


def _join(prefix: str, key: str) -> str:
    return f"{prefix}.{key}" if prefix else key


def _merge(out: dict[str, list[str]], more: dict[str, list[str]]) -> None:
    for key, messages in more.items():
        out.setdefault(key, []).extend(messages)


def exception_handler(exc: Exception, context: dict[str, Any]) -> Response | None:
    """DRF's handler, and a JSON 503 with Retry-After when the database is busy or
    unavailable (locked past its timeout, connection refused), never the HTML 500 page.

    A missing or refused token is named on the request, so that the refusal the
    middleware records is `refused.token` rather than `refused.permission`."""
    request = context.get("request")
    if isinstance(exc, AuthenticationFailed | NotAuthenticated) and request is not None:
        setattr(request._request, refusals.KIND_ATTRIBUTE, "token")
    if isinstance(exc, OperationalError):
        logger.warning("API request met an unavailable database: %s", type(exc).__name__)
        set_rollback()
        return Response(
            {"detail": "Databasen är upptagen just nu. Försök igen om en stund; inget sparades."},
            status=503,
            headers={"Retry-After": str(RETRY_AFTER)},
        )
    return drf_exception_handler(exc, context)

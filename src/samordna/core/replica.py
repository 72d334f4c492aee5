"""Which requests read from the replica (samordna.core.db_router), and the pin to the
primary after a write.

A GET or HEAD of a read-only page reads from the replica: the public pages, the
county's view, the situation pictures and the exports. Any other request, and every
request within `SAMORDNA_REPLICA_PIN_SECONDS` of one that wrote (a cookie says so),
reads from the primary: a user never misses what they just saved because the replica
is a moment behind. Pages are named by URL namespace or name, so an app's new pages
follow its namespace.
"""

from __future__ import annotations

from collections.abc import Callable

from django.conf import settings
from django.http import FileResponse, HttpRequest, HttpResponse, StreamingHttpResponse
from django.urls import Resolver404, resolve

from samordna.core.db_router import replica_reads, resumed

Handler = Callable[[HttpRequest], HttpResponse]

PIN_COOKIE = "samordna_primary"
SAFE_METHODS = frozenset({"GET", "HEAD"})
# Whole namespaces whose GET pages only read.
REPLICA_NAMESPACES = frozenset({"public", "county", "situation", "reports_export"})
# Single read-only pages elsewhere.
REPLICA_VIEWS = frozenset({"api-observation-export"})


def reads_replica(request: HttpRequest) -> bool:
    """The request may read from the replica: a GET of a read-only page, not pinned."""
    if request.method not in SAFE_METHODS or PIN_COOKIE in request.COOKIES:
        return False
    try:
        match = resolve(request.path_info)
    except Resolver404:
        return False
    if match.namespaces and match.namespaces[0] in REPLICA_NAMESPACES:
        return True
    return match.view_name in REPLICA_VIEWS


class ReplicaReadsMiddleware:
    """Opens `replica_reads` around the request; pins the browser to the primary for a
    few seconds after a request that wrote, and after any POST (PUT, PATCH, DELETE)."""

    def __init__(self, get_response: Handler) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        with replica_reads(reads_replica(request)) as state:
            response = self.get_response(request)
        if (
            isinstance(response, StreamingHttpResponse)
            and not isinstance(response, FileResponse)
            and state.replica
        ):
            # The rows of a streamed export are read after the view returned.
            response.streaming_content = resumed(state, iter(response.streaming_content))
        if state.wrote or request.method not in SAFE_METHODS:
            response.set_cookie(
                PIN_COOKIE,
                "1",
                max_age=settings.SAMORDNA_REPLICA_PIN_SECONDS,
                httponly=True,
                samesite="Lax",
                secure=settings.SESSION_COOKIE_SECURE,
            )
        return response

"""A request past `SAMORDNA_REQUEST_TIMEOUT` seconds ends with our Swedish 503 page.

Gunicorn kills a sync worker that passes its timeout (`samordna serve`: 30 s), and the
person gets a bare error or a closed connection. Below that, this middleware raises
RequestTimedOut inside the request from a SIGALRM timer: the view's open transaction
rolls back as for any exception, and the page says to try again. Work that needs
longer is a job (tabular.jobs, reports.jobs), never a request.

Armed only in `samordna serve`'s sync workers (its post_worker_init hook sets
SECONDS), where each request runs in the process's main thread; a signal handler
cannot be installed from another thread (runserver, tests), and there it stays off.
"""

from __future__ import annotations

import signal
import threading
from collections.abc import Callable
from types import FrameType
from typing import Any

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _

SECONDS = 0.0  # set in each gunicorn worker by `samordna serve`; 0 = off


class RequestTimedOut(Exception):
    """The request ran past SECONDS."""


def _alarm(signum: int, frame: FrameType | None) -> None:
    raise RequestTimedOut


class RequestTimeoutMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        seconds = SECONDS
        if not seconds or threading.current_thread() is not threading.main_thread():
            return self.get_response(request)
        request._timed_out = False  # type: ignore[attr-defined]
        previous = signal.signal(signal.SIGALRM, self._handler(request))
        signal.setitimer(signal.ITIMER_REAL, seconds)
        try:
            response = self.get_response(request)
        except RequestTimedOut:
            response = timed_out(request)
        finally:
            signal.setitimer(signal.ITIMER_REAL, 0)
            signal.signal(signal.SIGALRM, previous)
        # Raised in a view, Django's own handler made it a 500 page: ours says why.
        return timed_out(request) if request._timed_out else response  # type: ignore[attr-defined]

    @staticmethod
    def _handler(request: HttpRequest) -> Callable[[int, FrameType | None], Any]:
        def handler(signum: int, frame: FrameType | None) -> None:
            request._timed_out = True  # type: ignore[attr-defined]
            _alarm(signum, frame)

        return handler


def timed_out(request: HttpRequest) -> HttpResponse:
    heading = _("Det tog för lång tid")
    text = _(
        "Sidan hann inte bli klar, och inget av det du skickade sparades. "
        "Försök igen om en stund, eller begränsa urvalet."
    )
    response = render(
        request, "error.html", {"status": 503, "heading": heading, "text": text}, status=503
    )
    response["Retry-After"] = "30"
    return response

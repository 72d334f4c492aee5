"""A request past SAMORDNA_REQUEST_TIMEOUT ends with the Swedish 503 page instead of
gunicorn killing the worker (issue 15); off where no serve worker armed it."""

from __future__ import annotations

import signal
import time

import pytest
from django.http import HttpResponse
from django.test import RequestFactory

from samordna.core import timeout
from samordna.core.management.commands.serve import _arm_request_timeout, server_options


def _slow(request):
    time.sleep(5)  # interrupted by the alarm
    return HttpResponse("klar")


@pytest.fixture
def armed(monkeypatch):
    monkeypatch.setattr(timeout, "SECONDS", 0.2)


def _request(world):
    request = RequestFactory().get("/")
    request.user = world.user("reporter")
    return request


def test_a_request_past_the_timeout_gets_the_swedish_503_page(armed, world):
    response = timeout.RequestTimeoutMiddleware(_slow)(_request(world))

    assert response.status_code == 503
    assert "Det tog för lång tid" in response.content.decode()
    assert response["Retry-After"] == "30"
    assert signal.getitimer(signal.ITIMER_REAL) == (0.0, 0.0)  # disarmed after


def test_a_quick_request_is_answered_as_usual(armed, world):
    response = timeout.RequestTimeoutMiddleware(lambda r: HttpResponse("klar"))(_request(world))

    assert response.content == b"klar"
    assert signal.getitimer(signal.ITIMER_REAL) == (0.0, 0.0)


def test_it_is_off_unless_a_serve_worker_armed_it(world, monkeypatch):
    monkeypatch.setattr(timeout, "SECONDS", 0.0)
    response = timeout.RequestTimeoutMiddleware(lambda r: HttpResponse("klar"))(_request(world))
    assert response.content == b"klar"


def test_serve_arms_it_below_the_worker_timeout(monkeypatch, settings):
    monkeypatch.setattr(timeout, "SECONDS", 0.0)
    settings.SAMORDNA_REQUEST_TIMEOUT = 25
    options = server_options(bind="127.0.0.1:0", workers=1)

    options["post_worker_init"](None)

    assert options["post_worker_init"] is _arm_request_timeout
    assert 0 < timeout.SECONDS < options["timeout"]

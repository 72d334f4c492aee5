"""The polling client, offline: a recorded API answer made from the real file, and a
rate limiter on a fake clock."""

from __future__ import annotations

import json

import pytest
import requests
import responses
from django.core.management import CommandError, call_command

from samordna.integrations.models import ExternalEvent
from samordna.integrations.polisen.client import (
    API_URL,
    PolisenApiError,
    PolisenClient,
    RateLimiter,
)


class FakeClock:
    def __init__(self, start: float = 1_000_000.0) -> None:
        self.now = start
        self.slept: list[float] = []

    def __call__(self) -> float:
        return self.now

    def sleep(self, seconds: float) -> None:
        self.slept.append(seconds)
        self.now += seconds


def _limiter(clock: FakeClock, **options) -> RateLimiter:
    return RateLimiter(clock=clock, sleep=clock.sleep, **options)


def test_calls_are_at_least_ten_seconds_apart():
    clock = FakeClock()
    limiter = _limiter(clock)
    limiter.acquire()
    clock.now += 3
    limiter.acquire()
    assert clock.slept == [7]
    clock.now += 60
    limiter.acquire()
    assert clock.slept == [7]


def test_at_most_sixty_calls_an_hour():
    clock = FakeClock()
    limiter = _limiter(clock, max_wait=3600)
    for _ in range(60):
        limiter.acquire()
        clock.now += 10
    start_of_hour = limiter.calls[0]
    limiter.acquire()  # the 61st waits until the first call is an hour old
    assert clock.now == start_of_hour + 3600
    assert len([c for c in limiter.calls if c > clock.now - 3600]) == 60


def test_a_long_wait_is_refused_with_a_swedish_message():
    clock = FakeClock()
    limiter = _limiter(clock, max_wait=60)
    for _ in range(60):
        limiter.acquire()
        clock.now += 10
    with pytest.raises(PolisenApiError, match="högst 60 anrop i timmen"):
        limiter.acquire()


def test_the_call_log_is_shared_between_runs(tmp_path):
    clock = FakeClock()
    state = tmp_path / "calls.json"
    _limiter(clock, state=state).acquire()
    clock.now += 4
    _limiter(clock, state=state).acquire()
    assert clock.slept == [6]
    state.write_text("not json", "utf-8")
    assert _limiter(clock, state=state).calls == []


def _client(clock: FakeClock | None = None) -> PolisenClient:
    clock = clock or FakeClock()
    return PolisenClient(
        limiter=_limiter(clock), user_agent="Samordna-test (+https://example.invalid)"
    )


@responses.activate
def test_the_client_names_itself_and_passes_the_filters(api_events):
    responses.get(API_URL, json=api_events)
    events = _client().events(date_time="2026-08-22", location_name="Skåne län", type="Brand")
    assert events == api_events
    request = responses.calls[0].request
    assert request.headers["User-Agent"] == "Samordna-test (+https://example.invalid)"
    assert request.params == {
        "DateTime": "2026-08-22",
        "locationname": "Skåne län",
        "type": "Brand",
    }


@responses.activate
def test_two_calls_in_a_row_wait_ten_seconds(api_events):
    clock = FakeClock()
    client = _client(clock)
    responses.get(API_URL, json=api_events)
    client.events()
    client.events()
    assert clock.slept == [10]
    assert len(responses.calls) == 2


@pytest.mark.parametrize(
    ("answer", "message"),
    [
        ({"body": requests.ConnectionError("no route")}, "går inte att nå"),
        ({"body": requests.Timeout("slow")}, "svarade inte inom 30 sekunder"),
        ({"status": 503, "body": "Service Unavailable"}, "felkod 503"),
        ({"status": 429, "body": ""}, "frågat för ofta"),
        ({"status": 200, "body": "<html>Underhåll</html>"}, "inte är JSON"),
        ({"status": 200, "json": {"error": "x"}}, "inte med en lista"),
    ],
)
@responses.activate
def test_unreachable_or_garbage_answers_give_clear_errors(answer, message):
    responses.get(API_URL, **answer)
    with pytest.raises(PolisenApiError, match=message):
        _client().events()


@responses.activate
def test_poll_polisen_fetches_once_and_imports(
    swedish_world, api_events, settings, tmp_path, capsys
):
    settings.VAR_DIR = tmp_path
    responses.get(API_URL, json=api_events)
    call_command("poll_polisen", "--location", "Skåne län")
    out = capsys.readouterr().out
    assert out.startswith("50 händelser: 50 nya, 0 fanns redan;")
    assert len(responses.calls) == 1
    assert "Samordna/" in responses.calls[0].request.headers["User-Agent"]
    assert ExternalEvent.objects.count() == 50
    assert ExternalEvent.objects.filter(municipality=swedish_world.a).count() == 1  # Kävlinge
    assert json.loads((tmp_path / "polisen_api_calls.json").read_text("utf-8"))


@responses.activate
def test_poll_polisen_reports_an_unreachable_service_and_changes_nothing(world, settings, tmp_path):
    settings.VAR_DIR = tmp_path
    responses.get(API_URL, body=requests.ConnectionError("down"))
    with pytest.raises(CommandError, match="Polisens API går inte att nå"):
        call_command("poll_polisen")
    assert ExternalEvent.objects.count() == 0

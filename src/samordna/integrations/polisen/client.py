"""A polite client for the police's live events API (`GET https://polisen.se/api/events`).

The API's rules: say who you are in the User-Agent header, make at most 60 calls
an hour and leave at least 10 seconds between calls. `RateLimiter` keeps them; its
clock and sleep are injectable so tests never wait, and it can keep its call log
in a file so that separate runs of `samordna poll_polisen` share one budget.
"""

from __future__ import annotations

import json
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import requests

API_URL = "https://polisen.se/api/events"
USER_AGENT = "Samordna/0.1 (öppen källkod för kommuners brottsförebyggande arbete)"
MAX_CALLS_PER_HOUR = 60
MIN_SECONDS_BETWEEN = 10.0
HOUR = 3600.0


class PolisenApiError(RuntimeError):
    """The API could not be asked, or answered something unusable. The message is Swedish."""


class RateLimiter:
    """At most `max_calls` per `window` seconds and at least `spacing` seconds apart."""

    def __init__(
        self,
        *,
        clock: Callable[[], float] = time.time,
        sleep: Callable[[float], None] = time.sleep,
        state: Path | None = None,
        max_wait: float = 60.0,
        max_calls: int = MAX_CALLS_PER_HOUR,
        window: float = HOUR,
        spacing: float = MIN_SECONDS_BETWEEN,
    ) -> None:
        self.clock, self.sleep, self.state, self.max_wait = clock, sleep, state, max_wait
        self.max_calls, self.window, self.spacing = max_calls, window, spacing
        self.calls: list[float] = self._load()

    def wait_seconds(self) -> float:
        """How long the next call must wait (0 when it may go now)."""
        now = self.clock()
        recent = [moment for moment in self.calls if moment > now - self.window]
        waits = [0.0]
        if recent:
            waits.append(recent[-1] + self.spacing - now)
        if len(recent) >= self.max_calls:
            waits.append(recent[-self.max_calls] + self.window - now)
        return max(waits)

    def acquire(self) -> None:
        """Wait until a call is allowed, then count it; refuse if that is too long to wait."""
        wait = self.wait_seconds()
        if wait > self.max_wait:
            raise PolisenApiError(
                f"Polisens API tillåter högst {self.max_calls} anrop i timmen och minst "
                f"{self.spacing:g} sekunder mellan anropen. Försök igen om {wait / 60:.0f} minuter."
            )
        if wait > 0:
            self.sleep(wait)
        now = self.clock()
        self.calls = [moment for moment in self.calls if moment > now - self.window] + [now]
        self._save()

    def _load(self) -> list[float]:
        if self.state is None or not self.state.exists():
            return []
        try:
            calls = json.loads(self.state.read_text("utf-8"))
        except (OSError, ValueError):
            return []  # A damaged log must not stop polling; the API's own limit still holds.
        return sorted(float(c) for c in calls if isinstance(c, int | float))

    def _save(self) -> None:
        if self.state is not None:
            self.state.parent.mkdir(parents=True, exist_ok=True)
            self.state.write_text(json.dumps(self.calls), "utf-8")


class PolisenClient:
    """Fetches the latest events (about 500), optionally filtered like the API allows."""

    def __init__(
        self,
        *,
        limiter: RateLimiter | None = None,
        session: requests.Session | None = None,
        url: str = API_URL,
        user_agent: str = USER_AGENT,
        timeout: float = 30.0,
    ) -> None:
        self.limiter = limiter or RateLimiter()
        self.session = session or requests.Session()
        self.url, self.user_agent, self.timeout = url, user_agent, timeout

    def events(
        self,
        *,
        date_time: str | None = None,
        location_name: str | None = None,
        type: str | None = None,
    ) -> list[Any]:
        """The API's array of events. `date_time`: "2026-08-22", "2026-08" or "2026";
        `location_name` and `type` may list several, separated by ";"."""
        params = {
            key: value
            for key, value in (
                ("DateTime", date_time),
                ("locationname", location_name),
                ("type", type),
            )
            if value
        }
        self.limiter.acquire()
        response = self._get(params)
        return _events(response)

    def _get(self, params: dict[str, str]) -> requests.Response:
        headers = {"User-Agent": self.user_agent, "Accept": "application/json"}
        try:
            response = self.session.get(
                self.url, params=params, headers=headers, timeout=self.timeout
            )
        except requests.Timeout:
            raise PolisenApiError(
                f"Polisens API svarade inte inom {self.timeout:g} sekunder. Försök igen senare."
            ) from None
        except requests.RequestException as exc:
            raise PolisenApiError(
                f"Polisens API går inte att nå ({type(exc).__name__}). "
                "Kontrollera nätverket och försök igen senare."
            ) from None
        if response.status_code == 429:
            raise PolisenApiError("Polisens API säger att vi har frågat för ofta. Vänta en timme.")
        if response.status_code != 200:
            raise PolisenApiError(f"Polisens API svarade med felkod {response.status_code}.")
        return response


def _events(response: requests.Response) -> list[Any]:
    try:
        data = response.json()
    except ValueError:
        raise PolisenApiError("Polisens API svarade med något som inte är JSON.") from None
    if not isinstance(data, list):
        raise PolisenApiError("Polisens API svarade inte med en lista med händelser.")
    return data

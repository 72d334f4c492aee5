"""The picture page made once and served many times (cache "pages", shared by the workers).

- A draft's document is kept per municipality and period. It is forgotten when a write
  of observations touches a year the document reads (the period's own, its trend's and
  last year's: `reports.signals.observations_changed`, the signal that follows every
  refresh of the weekly aggregate), and after `DRAFT_SECONDS` in any case, since police
  events, areas and categories change without that signal.
- The rendered body of the page (everything the filters change) is kept per document,
  filter and language: a confirmed picture's by its id and version (its document is
  frozen), a draft's by the token of the cached document it was rendered from. A second
  view, or going back to a filter already seen, renders nothing.
"""

from __future__ import annotations

import hashlib
import uuid
from collections.abc import Callable
from datetime import date, timedelta
from pathlib import Path
from typing import Any

from django.core.cache import caches
from django.utils import translation

from samordna.core.models import Municipality
from samordna.situation.compile import compile_document, draft_picture
from samordna.situation.figures import Periods

PAGES_CACHE = "pages"
DRAFT_SECONDS = 300
BODY_SECONDS = 60 * 60 * 24 * 7
_ALL_YEARS = "all"
# The templates are part of the key: a new release never serves an old layout.
_TEMPLATES = hashlib.sha256(
    b"".join(
        path.read_bytes()
        for path in sorted((Path(__file__).parent / "templates" / "situation").glob("_*.html"))
    )
).hexdigest()[:12]


def _stamp_key(municipality_id: int, year: str) -> str:
    return f"samordna:situation:stamp:{municipality_id}:{year}"


def on_observations_changed(
    sender: object, *, municipality_id: int, week_keys: list[str] | None = None, **kwargs: Any
) -> None:
    """Receiver of `observations_changed`: drafts reading the written weeks' years are
    made anew (None: every week may have changed, so every draft of the municipality)."""
    years = {_ALL_YEARS} if week_keys is None else set().union(*map(_years_of, week_keys))
    cache = caches[PAGES_CACHE]
    for year in sorted(years):
        key = _stamp_key(municipality_id, year)
        # A new random stamp rather than a count: nothing to lose when two writes race.
        cache.set(key, uuid.uuid4().hex, None)


def _years_of(week_key: str) -> set[str]:
    """The years a week's days fall in: 2026-W01 may hold days of December 2025, which
    count in 2025's third tertial and 2025's picture."""
    year, week = int(week_key[:4]), int(week_key[-2:])
    monday = date.fromisocalendar(year, week, 1)
    return {str(year), str(monday.year), str((monday + timedelta(days=6)).year)}


def _stamps(municipality_id: int, key: str) -> str:
    periods = Periods.of(key)
    years = {p[:4] for p in [*periods.trend, periods.key, periods.last_year]}
    names = [_stamp_key(municipality_id, y) for y in sorted(years | {_ALL_YEARS})]
    found = caches[PAGES_CACHE].get_many(names)
    return hashlib.sha256("|".join(f"{n}={found.get(n, '')}" for n in names).encode()).hexdigest()


def draft_document(
    municipality: Municipality, key: str, picture: dict[str, Any] | None = None
) -> tuple[dict[str, Any], str]:
    """The live document of `municipality`'s period `key` and its identity (for `body`).

    `picture` is the picture block to show (a proposed picture's); a fresh draft's
    otherwise. The figures are the cached ones while no write touched them."""
    cache = caches[PAGES_CACHE]
    name = f"samordna:situation:draft:{municipality.pk}:{key}:{_stamps(municipality.pk, key)}"
    kept: dict[str, Any] | None = cache.get(name)
    if kept is None:
        kept = {
            "token": uuid.uuid4().hex,
            "document": compile_document(municipality, key, picture=draft_picture()),
        }
        cache.set(name, kept, DRAFT_SECONDS)
    document = dict(kept["document"])
    if picture is not None:
        document["picture"] = picture
    return document, f"draft:{kept['token']}:{document['picture']['status']}"


def body(identity: str, filters: dict[str, str], render: Callable[[], str]) -> str:
    """The page body of the document `identity` under `filters`, rendered once."""
    language = translation.get_language() or ""
    name = ":".join(
        (
            "samordna:situation:body",
            _TEMPLATES,
            identity,
            language,
            filters.get("area", ""),
            filters.get("category", ""),
        )
    )
    cache = caches[PAGES_CACHE]
    found: str | None = cache.get(name)
    if found is None:
        found = render()
        # A draft's body lives no longer than the document it was rendered from.
        cache.set(name, found, DRAFT_SECONDS if identity.startswith("draft:") else BODY_SECONDS)
    return found

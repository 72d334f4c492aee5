"""The public responses in Django's cache (per process with LocMemCache), two levels:

- the state of a slug (published? which municipality? `selectors.cache_version`),
  kept `STATE_SECONDS`, so a hit on a busy page asks the database nothing at all;
- the rendered bytes under a key made of that state, kept `BODY_SECONDS`: a new
  confirmed picture, a new survey round, changed choices or a new quarter give a new
  version and so a new key; nothing is invalidated by hand.

Changing the choices forgets the slug's state at once in this process; other worker
processes follow within `STATE_SECONDS`, a new confirmed picture everywhere within
it. Browsers and proxies may keep a page `BODY_SECONDS` anyway (Cache-Control).
"""

from __future__ import annotations

from collections.abc import Callable

from django.core.cache import cache
from django.http import Http404
from django.utils import translation

from samordna.public import selectors
from samordna.public.models import Publication

STATE_SECONDS = 30
BODY_SECONDS = 300


def _state_key(slug: str) -> str:
    return f"samordna:public:state:{slug}"


def forget(slug: str) -> None:
    cache.delete(_state_key(slug))


def _published(slug: str) -> Publication:
    publication = selectors.published(slug)
    if publication is None:
        forget(slug)
        raise Http404
    return publication


def _state(slug: str) -> str:
    """The slug's current version, or 404 (unpublished slugs are never cached)."""
    state: str | None = cache.get(_state_key(slug))
    if state is None:
        publication = _published(slug)
        state = f"{publication.municipality_id}:{selectors.cache_version(publication)}"
        cache.set(_state_key(slug), state, STATE_SECONDS)
    return state


def cached_body(slug: str, kind: str, build: Callable[[Publication], bytes]) -> bytes:
    """The response body of `kind` ("html", "json"), built in Swedish when missing."""
    key = f"samordna:public:{kind}:{_state(slug)}"
    body: bytes | None = cache.get(key)
    if body is None:
        publication = _published(slug)
        with translation.override("sv"):
            body = build(publication)
        cache.set(key, body, BODY_SECONDS)
    return body

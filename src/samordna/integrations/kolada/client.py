"""A small client for the Kolada API v3 (`SAMORDNA_KOLADA_URL`, default
https://api.kolada.se/v3): key-figure metadata (`/kpi`), municipalities
(`/municipality`) and values (`/data/kpi/{kpi}/municipality/{id}/year/{years}`).

Every answer is a JSON object with a `values` list. Long answers come in pages;
sources disagree on how v3 names the link to the next page (`next_url`, or
`next_page` as a URL or as a page number), so all three are followed. A next
link must stay on the configured API, and a page seen twice ends the walk.
Nothing here writes to the database: the importer decides what to keep.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence
from typing import Any
from urllib.parse import parse_qsl

import requests
from django.conf import settings
from django.utils.translation import gettext as _

USER_AGENT = "Samordna/0.1 (öppen källkod för kommuners brottsförebyggande arbete)"
PER_PAGE = 5000
# One request names at most this many ids or years (the API refuses longer lists).
MAX_IDS_PER_REQUEST = 25
MAX_PAGES = 500
MUNICIPALITY_CODE = re.compile(r"^\d{4}$")


class KoladaApiError(RuntimeError):
    """Kolada could not be asked, or answered something unusable. The message is Swedish."""


class KoladaClient:
    """Reads Kolada; `base_url` defaults to the setting, read at each call."""

    def __init__(
        self,
        *,
        session: requests.Session | None = None,
        base_url: str | None = None,
        timeout: float = 30.0,
        user_agent: str = USER_AGENT,
    ) -> None:
        self.session = session or requests.Session()
        self._base_url, self.timeout, self.user_agent = base_url, timeout, user_agent

    @property
    def base_url(self) -> str:
        return (self._base_url or settings.SAMORDNA_KOLADA_URL).rstrip("/")

    def kpis(self, ids: Sequence[str]) -> list[Any]:
        """Metadata of the key figures `ids`; ids Kolada does not know are simply absent."""
        found: list[Any] = []
        for chunk in _chunks(list(ids), MAX_IDS_PER_REQUEST):
            found += self.pages(f"/kpi/{','.join(chunk)}", missing_is_empty=True)
        return found

    def search_kpis(self, title: str) -> list[Any]:
        """Key figures whose title contains `title`."""
        return self.pages("/kpi", {"title": title})

    def municipality_id(self, name_or_code: str) -> str:
        """Kolada's id of a municipality (its four-digit SCB code), by name or code."""
        text = name_or_code.strip()
        if MUNICIPALITY_CODE.match(text):
            candidates = self.pages(f"/municipality/{text}", missing_is_empty=True)
        else:
            candidates = self.pages("/municipality", {"title": text})
        for item in candidates:
            if not isinstance(item, dict) or item.get("type", "K") != "K":
                continue  # regions ("L") share the id space with municipalities
            title = str(item.get("title", "")).strip()
            if str(item.get("id")) == text or title.casefold() == text.casefold():
                return str(item["id"])
        raise KoladaApiError(
            _("Kolada känner inte till någon kommun som heter %(name)s.") % {"name": text}
        )

    def data(self, kpi_id: str, municipality_id: str, years: Sequence[int]) -> list[Any]:
        """Value records of one key figure for one municipality and the given years."""
        found: list[Any] = []
        for chunk in _chunks([str(year) for year in years], MAX_IDS_PER_REQUEST):
            path = f"/data/kpi/{kpi_id}/municipality/{municipality_id}/year/{','.join(chunk)}"
            found += self.pages(path, missing_is_empty=True)
        return found

    def pages(
        self, path: str, params: dict[str, Any] | None = None, *, missing_is_empty: bool = False
    ) -> list[Any]:
        """Every page's `values`, one list."""
        values: list[Any] = []
        for page in self._walk(path, params or {}, missing_is_empty):
            values += page
        return values

    def _walk(
        self, path: str, params: dict[str, Any], missing_is_empty: bool
    ) -> Iterator[list[Any]]:
        url: str | None = self.base_url + path
        query: dict[str, Any] | None = {**params, "per_page": PER_PAGE}
        seen: set[str] = set()
        while url is not None:
            key = f"{url}?{sorted((query or {}).items())}"
            if key in seen or len(seen) >= MAX_PAGES:
                raise KoladaApiError(_("Kolada svarade med sidor som aldrig tar slut."))
            seen.add(key)
            data = self._get(url, query, missing_is_empty)
            yield _values(data)
            url, query = self._next(data, url, query)

    def _next(
        self, data: dict[str, Any], url: str, query: dict[str, Any] | None
    ) -> tuple[str | None, dict[str, Any] | None]:
        link = data.get("next_url") or data.get("next_page")
        if not link:
            return None, None
        if isinstance(link, int) and not isinstance(link, bool):
            # A page number: the same request again, with that page.
            base, _sep, own_query = url.partition("?")
            return base, {**dict(parse_qsl(own_query)), **(query or {}), "page": link}
        if not isinstance(link, str) or not link.startswith(self.base_url + "/"):
            raise KoladaApiError(
                _("Kolada svarade med en länk till nästa sida som inte går att följa.")
            )
        return link, None  # the link carries its own query

    def _get(
        self, url: str, params: dict[str, Any] | None, missing_is_empty: bool
    ) -> dict[str, Any]:
        headers = {"User-Agent": self.user_agent, "Accept": "application/json"}
        try:
            response = self.session.get(url, params=params, headers=headers, timeout=self.timeout)
        except requests.Timeout:
            raise KoladaApiError(
                _("Kolada svarade inte inom %(seconds)s sekunder. Försök igen senare.")
                % {"seconds": f"{self.timeout:g}"}
            ) from None
        except requests.RequestException as exc:
            raise KoladaApiError(
                _("Kolada går inte att nå (%(error)s). Kontrollera nätverket och %(setting)s.")
                % {"error": type(exc).__name__, "setting": "SAMORDNA_KOLADA_URL"}
            ) from None
        if response.status_code == 404 and missing_is_empty:
            return {"values": []}
        if response.status_code != 200:
            raise KoladaApiError(
                _("Kolada svarade med felkod %(status)s.") % {"status": response.status_code}
            )
        try:
            data = response.json()
        except ValueError:
            raise KoladaApiError(_("Kolada svarade med något som inte är JSON.")) from None
        if not isinstance(data, dict):
            raise KoladaApiError(_("Kolada svarade inte med ett JSON-objekt."))
        return data


def _values(data: dict[str, Any]) -> list[Any]:
    values = data.get("values")
    if not isinstance(values, list):
        raise KoladaApiError(_("Kolada svarade utan en lista med värden (values)."))
    return values


def _chunks(items: list[str], size: int) -> Iterator[list[str]]:
    for start in range(0, len(items), size):
        yield items[start : start + size]

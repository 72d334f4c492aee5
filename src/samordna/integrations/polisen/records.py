"""Checking and parsing the police API's records, one by one, before anything is written.

A record looks like this (the API's own shape):
    {"id": 650297, "datetime": "2026-08-22 19:51:41 +02:00",
     "name": "22 augusti 17.59, Brand, Kävlinge", "summary": "…",
     "url": "/aktuellt/handelser/…", "type": "Brand",
     "location": {"name": "Skåne län", "gps": "55.990257,13.595769"}}
Every problem is reported with the record's position, its id, the field and the
reason, in Swedish, so an operator can find it in the file.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from datetime import UTC, date, datetime
from functools import lru_cache
from typing import Any, NamedTuple

from samordna.analysis.periods import STOCKHOLM, iso_week, tertial
from samordna.core.audit import clean_text
from samordna.integrations.models import event_field
from samordna.integrations.polisen.places import Belonging, belonging

SITE = "https://polisen.se"
# Hours come with one digit before 10 o'clock ("2023-03-26 3:05:00 +02:00").
_DATETIME = re.compile(r"^(\d{4}-\d{2}-\d{2}) (\d{1,2})(:\d{2}:\d{2}) ([+-]\d{2}:\d{2})$")
# Sweden's extent, with a margin: catches latitude and longitude given the wrong way round.
_LAT_RANGE = (54.5, 69.5)
_LON_RANGE = (10.0, 24.5)


def _max_length(field: str) -> int:
    return event_field(field).max_length or 0


_LIMITS = {
    "name": _max_length("name"),
    "type": _max_length("type"),
    "url": _max_length("url") - len(SITE),
    "location.name": _max_length("location_name"),
}


class RecordError(ValueError):
    """One record is unusable: where, which field and why."""

    def __init__(self, *, index: int, external_id: object, field: str, reason: str) -> None:
        where = f"Post {index + 1}" + (
            f" (id {clean_text(external_id, 40)})" if external_id else ""
        )
        super().__init__(f"{where}, fältet '{field}': {reason}")


class PolisenEvent(NamedTuple):
    """One checked record, with the times and places worked out."""

    external_id: str
    occurred_at: datetime  # UTC
    week_key: str
    tertial_key: str
    type: str
    name: str
    summary: str
    url: str  # absolute
    location_name: str
    area_centre_lat: float
    area_centre_lon: float
    place: Belonging

    @property
    def is_summary(self) -> bool:
        # "Sammanfattning natt", "Sammanfattning helg"…: many events in one, not an incident.
        return self.type.startswith("Sammanfattning")


def parse_datetime(text: str) -> datetime:
    """ "2026-08-22 19:51:41 +02:00" as an aware UTC datetime; ValueError if not exactly so."""
    match = _DATETIME.match(text)
    if match is None:
        raise ValueError("tiden ska se ut som 2026-08-22 19:51:41 +02:00")
    day, hour, rest, offset = match.groups()
    try:
        # The C parser is several times faster than building the datetime by hand.
        moment = datetime.fromisoformat(f"{day}T{hour:0>2}{rest}{offset}")
    except ValueError:
        raise ValueError("datumet, klockslaget eller tidszonen finns inte") from None
    return moment.astimezone(UTC)


@lru_cache(maxsize=4096)
def _period_keys(day: date) -> tuple[str, str]:
    return iso_week(day), tertial(day)


def period_keys(moment: datetime) -> tuple[str, str]:
    """(ISO week, tertial) of the moment's Stockholm date; one computation per date."""
    return _period_keys(moment.astimezone(STOCKHOLM).date())


def parse_gps(text: str) -> tuple[float, float]:
    """ "59.274,15.213" as (latitude, longitude) inside Sweden; ValueError otherwise."""
    parts = text.split(",")
    try:
        lat, lon = (float(part) for part in parts)
    except ValueError:
        raise ValueError("ska vara 'latitud,longitud', t.ex. 59.274,15.213") from None
    if not (_LAT_RANGE[0] <= lat <= _LAT_RANGE[1] and _LON_RANGE[0] <= lon <= _LON_RANGE[1]):
        raise ValueError(f"punkten {lat},{lon} ligger inte i Sverige (latitud först)")
    return lat, lon


def parse_records(records: Sequence[Any]) -> tuple[list[PolisenEvent], list[str]]:
    """Every record checked: the good ones parsed, and one line per problem."""
    events: list[PolisenEvent] = []
    problems: list[str] = []
    for index, record in enumerate(records):
        try:
            events.append(parse_record(index, record))
        except RecordError as exc:
            problems.append(str(exc))
    return events, problems


def parse_record(index: int, record: Any) -> PolisenEvent:
    """One record checked and parsed; RecordError names the first problem found."""
    if not isinstance(record, dict):
        raise RecordError(index=index, external_id=None, field="-", reason="är inget objekt")
    external_id = _external_id(index, record.get("id"))

    def fail(field: str, reason: str) -> RecordError:
        return RecordError(index=index, external_id=external_id, field=field, reason=reason)

    location = record.get("location")
    if not isinstance(location, dict):
        raise fail("location", "saknas eller är inget objekt med name och gps")
    texts = {
        field: _text(value, field, fail)
        for field, value in (
            ("name", record.get("name")),
            ("type", record.get("type")),
            ("url", record.get("url")),
            ("location.name", location.get("name")),
        )
    }
    summary = record.get("summary", "")
    if not isinstance(summary, str):
        raise fail("summary", "ska vara text")
    occurred_at = _parsed(parse_datetime, record.get("datetime"), "datetime", fail)
    lat, lon = _parsed(parse_gps, location.get("gps"), "location.gps", fail)
    week_key, tertial_key = period_keys(occurred_at)
    return PolisenEvent(
        external_id=external_id,
        occurred_at=occurred_at,
        week_key=week_key,
        tertial_key=tertial_key,
        type=texts["type"],
        name=texts["name"],
        summary=summary.strip(),
        url=_absolute_url(texts["url"], fail),
        location_name=texts["location.name"],
        area_centre_lat=lat,
        area_centre_lon=lon,
        place=belonging(texts["location.name"], texts["name"]),
    )


def _external_id(index: int, value: Any) -> str:
    # The API's ids are positive integers; a digit string is the same id.
    if isinstance(value, str) and value.isascii() and value.isdigit():
        value = int(value)
    if isinstance(value, bool) or not isinstance(value, int) or value <= 0:
        raise RecordError(
            index=index, external_id=None, field="id", reason="ska vara ett positivt heltal"
        )
    return str(value)


def _text(value: Any, field: str, fail: Any) -> str:
    if not isinstance(value, str) or not value.strip():
        raise fail(field, "saknas eller är tomt")
    text = value.strip()
    if len(text) > _LIMITS[field]:
        raise fail(field, f"är längre än {_LIMITS[field]} tecken")
    return text


def _parsed(parse: Any, value: Any, field: str, fail: Any) -> Any:
    if not isinstance(value, str):
        raise fail(field, "saknas eller är inte text")
    try:
        return parse(value)
    except ValueError as exc:
        raise fail(field, f"{exc} (fick '{clean_text(value, 60)}')") from None


def _absolute_url(url: str, fail: Any) -> str:
    if url.startswith(f"{SITE}/"):
        return url
    if url.startswith("/") and not url.startswith("//"):
        return SITE + url
    raise fail("url", "ska vara en länk på polisen.se, t.ex. /aktuellt/handelser/…")

"""The items query (limit, bbox, bbox-crs, datetime, crs, cursor), checked and bounded.

Every bad value is a 400 that names the parameter and says in Swedish what is wrong;
nothing reaches the database unparsed. A `limit` above the maximum is not an error in
OGC API - Features: the server sends at most its maximum (Part 1, /req/core/fc-limit-response).
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from functools import cache
from typing import Any

import shapely
from pyproj import Transformer
from rest_framework.exceptions import ValidationError
from rest_framework.request import Request
from shapely.geometry import mapping, shape

from samordna.analysis.periods import STOCKHOLM

CRS84 = "http://www.opengis.net/def/crs/OGC/1.3/CRS84"
EPSG3006 = "http://www.opengis.net/def/crs/EPSG/0/3006"
CRS_LIST = [CRS84, EPSG3006]
# What pyproj calls them: CRS84 is WGS84 in longitude, latitude order.
PYPROJ = {CRS84: "OGC:CRS84", EPSG3006: "EPSG:3006"}
# Short spellings people type, for the same two systems.
_ALIASES = {
    "crs84": CRS84,
    "ogc:crs84": CRS84,
    "[ogc:crs84]": CRS84,
    "epsg:3006": EPSG3006,
    "[epsg:3006]": EPSG3006,
    "3006": EPSG3006,
    "http://www.opengis.net/def/crs/epsg/0/3006": EPSG3006,
    "http://www.opengis.net/def/crs/ogc/1.3/crs84": CRS84,
}

DEFAULT_LIMIT = 100
MAX_LIMIT = 10_000
# Generous bounds around Sweden in each system: anything outside is a typing error.
_BBOX_BOUNDS = {CRS84: (-180.0, -90.0, 180.0, 90.0), EPSG3006: (-1e7, 0.0, 1e7, 1e8)}
EARLIEST = datetime(1900, 1, 1, tzinfo=STOCKHOLM)
LATEST = datetime(3000, 1, 1, tzinfo=STOCKHOLM)
_TEXT_MAX = 100

UNKNOWN_CRS = (
    "Okänt koordinatsystem. Använd http://www.opengis.net/def/crs/OGC/1.3/CRS84 (WGS84) "
    "eller http://www.opengis.net/def/crs/EPSG/0/3006 (SWEREF 99 TM)."
)
BAD_LIMIT = f"Ange limit som ett heltal från 1 till {MAX_LIMIT}."
BAD_BBOX = (
    "Ange bbox som fyra tal åtskilda av kommatecken: västligaste, sydligaste, östligaste, "
    "nordligaste koordinaten (till exempel 15.1,59.2,15.3,59.3). Med "
    "bbox-crs=http://www.opengis.net/def/crs/EPSG/0/3006 kommer nordlig före östlig, "
    "i meter: sydligaste, västligaste, nordligaste, östligaste."
)
BAD_DATETIME = (
    "Ange datetime som en tidpunkt (2026-11-16T08:00:00Z eller 2026-11-16) eller ett "
    "intervall med snedstreck (2026-11-01/2026-11-30, ../2026-11-30, 2026-11-01/..), "
    "mellan år 1900 och 2999."
)


@dataclass(frozen=True)
class Query:
    """A checked items query. `start`/`end` bound a half-open interval [start, end)."""

    limit: int = DEFAULT_LIMIT
    bbox: tuple[float, float, float, float] | None = None
    bbox_crs: str = CRS84
    start: datetime | None = None
    end: datetime | None = None
    crs: str = CRS84
    cursor: str | None = None

    def bbox_in(self, crs: str) -> tuple[float, float, float, float] | None:
        """The bounding box in `crs`: the smallest box around the given one."""
        if self.bbox is None or crs == self.bbox_crs:
            return self.bbox
        bounds = _transformer(self.bbox_crs, crs).transform_bounds(*self.bbox, densify_pts=21)
        return (bounds[0], bounds[1], bounds[2], bounds[3])

    @property
    def has_time(self) -> bool:
        return self.start is not None or self.end is not None


@cache
def _transformer(source: str, target: str) -> Transformer:
    return Transformer.from_crs(PYPROJ[source], PYPROJ[target], always_xy=True)


def parse(request: Request, *, paged: bool = True) -> Query:
    params = request.query_params
    if not paged:
        return Query(crs=crs(params.get("crs")))
    bbox_crs = crs(params.get("bbox-crs"), name="bbox-crs")
    start, end = interval(params.get("datetime"))
    return Query(
        limit=limit(params.get("limit")),
        bbox=bbox(params.get("bbox"), bbox_crs),
        bbox_crs=bbox_crs,
        start=start,
        end=end,
        crs=crs(params.get("crs")),
        cursor=params.get("cursor") or None,
    )


def crs(value: str | None, *, name: str = "crs") -> str:
    if value is None or value == "":
        return CRS84
    if value in CRS_LIST:
        return value
    found = _ALIASES.get(value.strip().lower()[:_TEXT_MAX])
    if found is None:
        raise ValidationError({name: [UNKNOWN_CRS]})
    return found


def limit(value: str | None) -> int:
    if value is None or value == "":
        return DEFAULT_LIMIT
    text = value.strip()
    if not text.isdigit() or len(text) > 12 or int(text) < 1:
        raise ValidationError({"limit": [BAD_LIMIT]})
    return min(int(text), MAX_LIMIT)


def bbox(value: str | None, bbox_crs: str) -> tuple[float, float, float, float] | None:
    if value is None or value == "":
        return None
    parts = value[: _TEXT_MAX * 2].split(",")
    try:
        numbers = [float(part) for part in parts]
    except ValueError as exc:
        raise ValidationError({"bbox": [BAD_BBOX]}) from exc
    if len(numbers) == 6:  # with heights: x1, y1, z1, x2, y2, z2; heights do not matter
        numbers = [numbers[0], numbers[1], numbers[3], numbers[4]]
    if len(numbers) != 4 or not all(math.isfinite(n) for n in numbers):
        raise ValidationError({"bbox": [BAD_BBOX]})
    if bbox_crs == EPSG3006:  # given in the CRS's axis order: northing before easting
        numbers = [numbers[1], numbers[0], numbers[3], numbers[2]]
    west, south, east, north = numbers
    low_x, low_y, high_x, high_y = _BBOX_BOUNDS[bbox_crs]
    inside = low_x <= west <= east <= high_x and low_y <= south <= north <= high_y
    if not inside:
        raise ValidationError({"bbox": [BAD_BBOX]})
    return (west, south, east, north)


def interval(value: str | None) -> tuple[datetime | None, datetime | None]:
    """[start, end) for an instant, a date or an interval with open ends ("..")."""
    if value is None or value == "":
        return None, None
    text = value.strip()[:_TEXT_MAX]
    if "/" not in text:
        return _moment(text, end=False), _moment(text, end=True)
    first, _, last = text.partition("/")
    start = None if first in ("", "..") else _moment(first, end=False)
    end = None if last in ("", "..") else _moment(last, end=True)
    if start is not None and end is not None and end <= start:
        raise ValidationError({"datetime": [BAD_DATETIME]})
    return start, end


def _moment(text: str, *, end: bool) -> datetime:
    """A date is the whole Stockholm day; a time without offset is Stockholm time. As an
    interval's end, a date or time is included: the bound is just after it."""
    try:
        if len(text) == 10:
            day = date.fromisoformat(text)
            moment = datetime.combine(day + timedelta(days=end), time(0), tzinfo=STOCKHOLM)
        else:
            moment = datetime.fromisoformat(text)
            if moment.tzinfo is None:
                moment = moment.replace(tzinfo=STOCKHOLM)
            moment += timedelta(microseconds=end)
    except (ValueError, OverflowError) as exc:
        raise ValidationError({"datetime": [BAD_DATETIME]}) from exc
    if not EARLIEST <= moment <= LATEST:
        raise ValidationError({"datetime": [BAD_DATETIME]})
    return moment


def content_crs(value: str) -> str:
    """The Content-Crs header's value (Part 2): the URI in angle brackets."""
    return f"<{value}>"


def swap_axes(geometry: dict[str, Any] | None) -> dict[str, Any] | None:
    """The geometry with each coordinate pair turned round (x, y -> y, x)."""
    if geometry is None:
        return None
    swapped: dict[str, Any] = mapping(shapely.transform(shape(geometry), lambda xy: xy[:, ::-1]))
    return swapped

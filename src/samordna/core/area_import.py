"""Importing areas from GeoJSON: every feature is checked first, then all are written
in one transaction, or none.

An area is known by (municipality, kind, name, vintage): importing the same file
twice updates in place and, when nothing differs, writes nothing at all.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from typing import Any

from django.db import transaction

from samordna.core.audit import clean_text
from samordna.core.geo import SWEREF99TM, WGS84, AreaGeometry, GeometryError, area_geometry
from samordna.core.models import Area, Municipality, User
from samordna.core.services import area_create, area_update_geometry

_EPSG = re.compile(r"EPSG:+(\d+)$", re.IGNORECASE)
_SUPPORTED = {"4326": WGS84, "3006": SWEREF99TM}
_NAME_MAX = Area._meta.get_field("name").max_length or 200
_CODE_MAX = Area._meta.get_field("code").max_length or 40
_VINTAGE_MAX = Area._meta.get_field("vintage").max_length or 20


class AreaImportError(ValueError):
    """The import cannot go ahead. `problems` holds every reason, one line each."""

    def __init__(self, problems: Sequence[str]) -> None:
        super().__init__("\n".join(problems))
        self.problems = list(problems)


@dataclass(frozen=True)
class ImportResult:
    """What an import did (or, in a dry run, would do)."""

    created: int
    updated: int
    unchanged: int
    dry_run: bool = False

    @property
    def total(self) -> int:
        return self.created + self.updated + self.unchanged

    def summary(self) -> str:
        text = (
            f"{self.total} områden: {self.created} nya, {self.updated} uppdaterade, "
            f"{self.unchanged} oförändrade"
        )
        return f"{text} (provkörning, inget sparades)" if self.dry_run else text


@dataclass(frozen=True)
class _Row:
    name: str
    code: str | None
    geometry: AreaGeometry


def normalise_crs(name: str) -> str:
    """'EPSG:3006', 'urn:ogc:def:crs:EPSG::3006', '3006', 'CRS84'… as 'EPSG:3006' or 'EPSG:4326'."""
    text = name.strip()
    if text.upper().endswith("CRS84"):
        return WGS84
    match = _EPSG.search(text) or re.fullmatch(r"(\d+)", text)
    if match and match.group(1) in _SUPPORTED:
        return _SUPPORTED[match.group(1)]
    raise AreaImportError(
        [
            f"Koordinatsystemet '{clean_text(name)}' stöds inte. "
            "Använd EPSG:4326 (WGS84, longitud/latitud) eller EPSG:3006 (SWEREF 99 TM)."
        ]
    )


def collection_features(data: Any, crs: str | None = None) -> tuple[list[Any], str]:
    """The features of a decoded GeoJSON FeatureCollection and the CRS they are in.

    `crs` forces the coordinate system; otherwise the collection's `crs` member
    decides, and failing that the size of the coordinates.
    """
    if not isinstance(data, dict) or data.get("type") != "FeatureCollection":
        raise AreaImportError(["Filen är ingen GeoJSON FeatureCollection."])
    features = data.get("features")
    if not isinstance(features, list):
        raise AreaImportError(["FeatureCollection saknar en lista 'features'."])
    if not features:
        raise AreaImportError(["Filen innehåller inga områden."])
    if crs:
        return features, normalise_crs(crs)
    declared = _declared_crs(data)
    return features, normalise_crs(declared) if declared else guess_crs(features)


def _declared_crs(data: dict[str, Any]) -> str | None:
    member = data.get("crs")
    if not isinstance(member, dict):
        return None
    properties = member.get("properties")
    name = properties.get("name") if isinstance(properties, dict) else None
    return name if isinstance(name, str) else None


def guess_crs(features: Sequence[Any]) -> str:
    """WGS84 or SWEREF 99 TM, judged by whether coordinates look like degrees or metres."""
    positions = [p for f in features if isinstance(f, dict) for p in _positions(f.get("geometry"))]
    if not positions or all(abs(x) <= 180 and abs(y) <= 90 for x, y in positions):
        return WGS84
    # SWEREF 99 TM over Sweden: eastings about 200–1000 km, northings 6100–7700 km.
    if all(0 < x < 1_200_000 and 6_000_000 < y < 7_800_000 for x, y in positions):
        return SWEREF99TM
    raise AreaImportError(
        [
            "Koordinatsystemet går inte att avgöra av koordinaterna. "
            "Ange det: EPSG:4326 eller EPSG:3006 (--crs på kommandoraden)."
        ]
    )


def _positions(geometry: Any) -> Iterator[tuple[float, float]]:
    coordinates = geometry.get("coordinates") if isinstance(geometry, dict) else None
    yield from _flatten(coordinates)


def _flatten(value: Any) -> Iterator[tuple[float, float]]:
    if not isinstance(value, list):
        return
    if len(value) >= 2 and all(_is_number(v) for v in value[:2]):
        yield float(value[0]), float(value[1])
        return
    for item in value:
        yield from _flatten(item)


def _is_number(value: Any) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool)


def areas_import(
    *,
    actor: User | None,
    municipality: Municipality,
    features: Sequence[Any],
    kind: str,
    name_field: str,
    code_field: str | None = None,
    vintage: str = "",
    crs: str = WGS84,
    dry_run: bool = False,
) -> ImportResult:
    """Create or update one area per feature; on any problem raise and write nothing."""
    _check_options(kind=kind, vintage=vintage)
    rows = _checked_rows(features, name_field=name_field, code_field=code_field, crs=crs)
    with transaction.atomic():
        existing = {
            area.name: area
            for area in Area.objects.select_for_update().filter(
                municipality=municipality, kind=kind, vintage=vintage
            )
        }
        new = [row for row in rows if row.name not in existing]
        changed = [
            (row, existing[row.name])
            for row in rows
            if row.name in existing and _differs(existing[row.name], row)
        ]
        if not dry_run:
            for row in new:
                _create(actor=actor, municipality=municipality, kind=kind, vintage=vintage, row=row)
            for row, area in changed:
                area_update_geometry(actor=actor, area=area, geometry=row.geometry, code=row.code)
    return ImportResult(
        created=len(new),
        updated=len(changed),
        unchanged=len(rows) - len(new) - len(changed),
        dry_run=dry_run,
    )


def _create(
    *, actor: User | None, municipality: Municipality, kind: str, vintage: str, row: _Row
) -> None:
    area_create(
        actor=actor,
        municipality=municipality,
        name=row.name,
        kind=kind,
        geometry=row.geometry,
        code=row.code or "",
        vintage=vintage,
    )


def _check_options(*, kind: str, vintage: str) -> None:
    if kind not in Area.Kind.values:
        choices = ", ".join(Area.Kind.values)
        raise AreaImportError([f"Okänd områdestyp '{clean_text(kind)}'. Välj en av: {choices}."])
    if len(vintage) > _VINTAGE_MAX:
        raise AreaImportError([f"Versionen får vara högst {_VINTAGE_MAX} tecken."])


def _differs(area: Area, row: _Row) -> bool:
    return (
        area.geometry != row.geometry.wgs84
        or area.geometry_sweref != row.geometry.sweref
        or (row.code is not None and area.code != row.code)
    )


def _checked_rows(
    features: Sequence[Any], *, name_field: str, code_field: str | None, crs: str
) -> list[_Row]:
    rows: list[_Row] = []
    problems: list[str] = []
    first_seen: dict[str, int] = {}
    for number, feature in enumerate(features, start=1):
        try:
            row = _checked_row(feature, name_field=name_field, code_field=code_field, crs=crs)
        except _FeatureError as exc:
            problems.append(f"Objekt {number}{_label(exc.name)}: {exc}")
            continue
        if row.name in first_seen:
            problems.append(
                f"Objekt {number}{_label(row.name)}: Samma namn som objekt "
                f"{first_seen[row.name]}; varje område får finnas en gång i filen."
            )
            continue
        first_seen[row.name] = number
        rows.append(row)
    if problems:
        raise AreaImportError(problems)
    return rows


def _label(name: str) -> str:
    return f" ({clean_text(name, 80)})" if name else ""


class _FeatureError(ValueError):
    def __init__(self, message: str, name: str = "") -> None:
        super().__init__(message)
        self.name = name


def _checked_row(feature: Any, *, name_field: str, code_field: str | None, crs: str) -> _Row:
    if not isinstance(feature, dict) or feature.get("type") != "Feature":
        raise _FeatureError("Är inte ett GeoJSON-objekt av typen Feature.")
    properties = feature.get("properties") or {}
    if not isinstance(properties, dict):
        raise _FeatureError("Egenskaperna ('properties') är inte ett objekt.")
    name = _text(properties.get(name_field))
    if not name:
        raise _FeatureError(f"Egenskapen '{clean_text(name_field)}' saknas eller är tom.")
    if len(name) > _NAME_MAX:
        raise _FeatureError(f"Namnet är längre än {_NAME_MAX} tecken.", name)
    code = _checked_code(properties, code_field, name)
    if feature.get("geometry") is None:
        raise _FeatureError("Geometri saknas.", name)
    try:
        geometry = area_geometry(feature["geometry"], crs)
    except GeometryError as exc:
        raise _FeatureError(str(exc), name) from exc
    return _Row(name=name, code=code, geometry=geometry)


def _checked_code(properties: dict[str, Any], code_field: str | None, name: str) -> str | None:
    if code_field is None:
        return None
    if code_field not in properties:
        raise _FeatureError(f"Egenskapen '{clean_text(code_field)}' saknas.", name)
    code = _text(properties[code_field])
    if len(code) > _CODE_MAX:
        raise _FeatureError(f"Koden är längre än {_CODE_MAX} tecken.", name)
    return code


def _text(value: Any) -> str:
    if value is None or isinstance(value, dict | list):
        return ""
    return str(value).strip()

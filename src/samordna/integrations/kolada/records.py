"""Checking what Kolada answered before anything is stored: key-figure metadata and
value records become plain dataclasses, and every problem becomes one Swedish line
that names the key figure, the record and the year, so an operator can find it.

Shapes (Kolada API v3, as documented by its users; see docs/operations.md):
`/kpi` values are `{"id", "title", "description", "municipality_type": "K"|"L"|"A",
"is_divided_by_gender": 0|1, ...}`; `/data/...` values are `{"kpi", "municipality",
"period", "values": [{"gender": "T"|"K"|"M", "value": number|null, "count", "status"}]}`.
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from django.utils.translation import gettext as _
from django.utils.translation import ngettext

KPI_ID = re.compile(r"^[A-Z]\d{5}$")
FIRST_YEAR = 1990
GENDERS = ("T", "K", "M")
MUNICIPALITY_TYPES = ("K", "L", "A")
TITLE_MAX, STATUS_MAX = 400, 40


@dataclass(frozen=True)
class KpiMeta:
    id: str
    title: str
    description: str
    municipality_type: str
    has_gender: bool


@dataclass(frozen=True)
class KpiValue:
    kpi_id: str
    year: int
    gender: str
    value: float | None
    count: int | None
    status: str


def parse_kpi_ids(items: Iterable[str]) -> tuple[list[str], list[str]]:
    """Ids in the given order, upper-cased and once each; a problem per malformed id."""
    ids: list[str] = []
    problems: list[str] = []
    for item in items:
        kpi_id = item.strip().upper()
        if not KPI_ID.match(kpi_id):
            problems.append(
                _(
                    "Nyckeltalet '%(id)s' är inget Kolada-id "
                    "(en bokstav och fem siffror, t.ex. N07403)."
                )
                % {"id": item.strip()}
            )
        elif kpi_id not in ids:
            ids.append(kpi_id)
    if not ids and not problems:
        problems.append(_("Ange minst ett nyckeltal."))
    return ids, problems


def check_years(years: Sequence[int], *, current_year: int) -> list[str]:
    """One problem naming every year outside 1990 to this year; an empty list needs one too."""
    if not years:
        return [_("Ange minst ett år.")]
    outside = [str(year) for year in years if not FIRST_YEAR <= year <= current_year]
    if not outside:
        return []
    return [
        ngettext(
            "Året %(years)s ligger utanför %(first)s–%(last)s.",
            "Åren %(years)s ligger utanför %(first)s–%(last)s.",
            len(outside),
        )
        % {"years": ", ".join(outside), "first": FIRST_YEAR, "last": current_year}
    ]


def parse_kpis(
    records: Sequence[Any], wanted: Sequence[str]
) -> tuple[dict[str, KpiMeta], list[str]]:
    """The metadata of `wanted` among `records`; a problem per unknown or unusable one."""
    found: dict[str, KpiMeta] = {}
    problems: list[str] = []
    answered: set[str] = set()
    for record in records:
        if isinstance(record, dict) and record.get("id") in wanted:
            answered.add(record["id"])
            meta, problem = _kpi(record)
            if meta is None:
                problems.append(problem)
            else:
                found[meta.id] = meta
    problems += [
        _("Nyckeltalet %(id)s finns inte i Kolada.") % {"id": kpi_id}
        for kpi_id in wanted
        if kpi_id not in answered
    ]
    return found, problems


def _kpi(record: dict[str, Any]) -> tuple[KpiMeta | None, str]:
    kpi_id, title = str(record["id"]), record.get("title")
    if not isinstance(title, str) or not title.strip():
        return None, _("Nyckeltalet %(id)s saknar titel i Koladas svar.") % {"id": kpi_id}
    kind = record.get("municipality_type")
    kind = kind if kind in MUNICIPALITY_TYPES else ""
    if kind == "L":
        return None, _("Nyckeltalet %(id)s redovisas bara för regioner, inte för kommuner.") % {
            "id": kpi_id
        }
    description = record.get("description")
    gender = record.get("is_divided_by_gender", record.get("divided_by_gender", False))
    return KpiMeta(
        id=kpi_id,
        title=title.strip()[:TITLE_MAX],
        description=description.strip() if isinstance(description, str) else "",
        municipality_type=kind,
        has_gender=gender in (True, 1, "1", "true", "True"),
    ), ""


def parse_values(
    records: Sequence[Any], *, kpi_id: str, municipality_id: str, years: Sequence[int]
) -> tuple[list[KpiValue], list[str]]:
    """One KpiValue per (year, gender) of one key figure; a problem per unusable record."""
    values: dict[tuple[int, str], KpiValue] = {}
    problems: list[str] = []
    for number, record in enumerate(records, start=1):
        where = _("Nyckeltal %(id)s, post %(number)s") % {"id": kpi_id, "number": number}
        year, problem = _record_year(record, kpi_id, municipality_id, years)
        if problem:
            problems.append(f"{where}: {problem}")
            continue
        where = _("Nyckeltal %(id)s, år %(year)s") % {"id": kpi_id, "year": year}
        for item in record["values"]:
            value, problem = _value(item, kpi_id, year)
            if problem:
                problems.append(f"{where}: {problem}")
            elif value is not None and (year, value.gender) in values:
                problems.append(
                    f"{where}: "
                    + _("kön %(gender)s förekommer två gånger.") % {"gender": value.gender}
                )
            elif value is not None:
                values[(year, value.gender)] = value
    return list(values.values()), problems


def _record_year(
    record: Any, kpi_id: str, municipality_id: str, years: Sequence[int]
) -> tuple[int, str]:
    if not isinstance(record, dict):
        return 0, _("posten är inget JSON-objekt.")
    if record.get("kpi", kpi_id) != kpi_id:
        return 0, _("posten gäller ett annat nyckeltal (%(other)s).") % {"other": record["kpi"]}
    if str(record.get("municipality", municipality_id)) != municipality_id:
        return 0, _("posten gäller en annan kommun (%(other)s).") % {
            "other": record["municipality"]
        }
    period = record.get("period")
    year = _integer(period)
    if year is None:
        return 0, _("år (period) saknas eller är inget år: %(value)r.") % {"value": period}
    if year not in years:
        return 0, _("året %(year)s efterfrågades inte.") % {"year": year}
    if not isinstance(record.get("values"), list):
        return 0, _("värdelistan (values) saknas.")
    return year, ""


def _value(item: Any, kpi_id: str, year: int) -> tuple[KpiValue | None, str]:
    if not isinstance(item, dict):
        return None, _("ett värde är inget JSON-objekt.")
    gender = item.get("gender")
    if gender not in GENDERS:
        return None, _("kön %(gender)r är okänt (T, K eller M).") % {"gender": gender}
    value = item.get("value")
    if value is not None and (
        isinstance(value, bool) or not isinstance(value, int | float) or not math.isfinite(value)
    ):
        return None, _("värdet för kön %(gender)s är inget tal: %(value)r.") % {
            "gender": gender,
            "value": value,
        }
    raw_count = item.get("count")
    count = None if raw_count is None else _integer(raw_count)
    if raw_count is not None and (count is None or count < 0):
        return None, _("antalet för kön %(gender)s är inget heltal: %(value)r.") % {
            "gender": gender,
            "value": raw_count,
        }
    status = item.get("status")
    if status is not None and not isinstance(status, str):
        return None, _("statusen för kön %(gender)s är ingen text.") % {"gender": gender}
    return KpiValue(
        kpi_id=kpi_id,
        year=year,
        gender=gender,
        value=None if value is None else float(value),
        count=count,
        status=(status or "").strip()[:STATUS_MAX],
    ), ""


def _integer(value: Any) -> int | None:
    """An int from an int, an integral float or a string of digits; None otherwise."""
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return value
    if isinstance(value, float) and value.is_integer():
        return int(value)
    if isinstance(value, str) and value.strip().isdigit():
        return int(value.strip())
    return None

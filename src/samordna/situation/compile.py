"""Compile a picture into its document (docs/situation-format.md).

The document is the one source of every view of a picture: the page, the JSON, PDF,
XLSX and GeoJSON exports. It holds no free text from observations and no person.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import asdict
from datetime import timedelta
from typing import Any

import numpy as np
from django.conf import settings
from django.db.models import Q
from django.utils import timezone

from samordna.analysis.periods import STOCKHOLM, period_bounds, period_label
from samordna.analysis.timepatterns import hour_weekday_matrix
from samordna.core.models import Area, Municipality
from samordna.reports.counts import counted_observations
from samordna.reports.models import Category, CategorySetting
from samordna.situation.figures import Figures, compute_figures
from samordna.situation.hotspots import hotspots_section
from samordna.situation.presentation import change_sentence

FORMAT = "samordna.situation/1"
WEEKDAYS = ["måndag", "tisdag", "onsdag", "torsdag", "fredag", "lördag", "söndag"]
TOP_UNSAFE = 10
_ROW_FIELDS = (
    "id",
    "category_id",
    "area_id",
    "occurred_from",
    "longitude",
    "latitude",
    "x",
    "y",
    "unsafety",
    "people_count",
    "place_type",
    "place_id",
)


def compile_document(
    municipality: Municipality,
    key: str,
    *,
    picture: dict[str, Any] | None = None,
    meeting: dict[str, Any] | None = None,
) -> dict[str, Any]:
    """The document of `municipality`'s picture of period `key` as it is now."""
    categories = _category_rows(municipality)
    figures = compute_figures(
        municipality.pk,
        key,
        polisen_types={c.pk: list(c.polisen_types) for c in categories.values()},
    )
    rows = _period_rows(municipality.pk, key, figures.periods.kind)
    areas = _area_rows(municipality, figures)
    area_code = {pk: a["code"] for pk, a in areas.items()}
    category_code = {pk: c.code for pk, c in categories.items()}
    category_list = _categories(municipality, figures, categories)
    names = {"area": {a["code"]: a["name"] for a in areas.values()}}
    names["category"] = {c["code"]: c["name"] for c in category_list}
    start, end = period_bounds(key)
    document: dict[str, Any] = {
        "format": FORMAT,
        "municipality": {"slug": municipality.slug, "name": municipality.name},
        "period": {
            "kind": figures.periods.kind,
            "key": key,
            "label": period_label(key),
            "start": start.date().isoformat(),
            "end": (end - timedelta(days=1)).date().isoformat(),
        },
        "comparisons": figures.periods.as_json(),
        "picture": picture or draft_picture(),
        "settings": {
            "alpha": settings.SITUATION_ALPHA,
            "min_count": settings.SITUATION_MIN_COUNT,
            "cell_size_m": settings.SITUATION_HOTSPOT_CELL_M,
            "radius_m": 0,  # no neighbourhood since the hot spots left Gi* (kept for readers)
            "hotspot_baseline_weeks": settings.SITUATION_HOTSPOT_BASELINE,
        },
        "totals": figures.totals,
        "areas": list(areas.values()),
        "categories": category_list,
        "cells": _with_sentences(_cells(figures, area_code, category_code), names),
        "police": _police(figures),
        "hour_weekday": _hour_weekday(rows),
        "hotspots": hotspots_section(municipality.pk, key, figures.periods.kind, rows, areas),
        "top_unsafe": _top_unsafe(rows, area_code, category_code),
        "new_since_previous": _new_since_previous(figures, area_code, category_code),
        "observations": [_observation(r, area_code, category_code) for r in rows],
        "meeting": meeting,
    }
    if figures.periods.kind in ("tertial", "year"):
        document |= goals_sections(municipality, key)
    return document


def _new_since_previous(
    figures: Figures, area_code: dict[int, str], category_code: dict[int, str]
) -> list[dict[str, Any]]:
    return [
        {
            "area": area_code.get(c["area_id"]),
            "category": category_code[c["category_id"]],
            "count": c["count"],
        }
        for c in figures.cells
        if c["count"] and not c["previous"]
    ]


def goals_sections(municipality: Municipality, key: str) -> dict[str, Any]:
    """The tertial and year pictures' "indicators" and "surveys" (goals.report): plain
    rows, the indicators of every active goal and the latest survey rounds."""
    from samordna.goals.report import indicator_rows, survey_rows

    return {
        "indicators": [asdict(row) for row in indicator_rows(municipality, key)],
        "surveys": [asdict(row) for row in survey_rows(municipality, key)],
    }


def draft_picture() -> dict[str, Any]:
    return {
        "status": "draft",
        "version": 1,
        "confirmed_at": None,
        "confirmed_by": None,
        "correction_reason": "",
        "summary": "",
        "content_hash": None,
        "generated_at": timezone.now().isoformat(timespec="seconds"),
    }


def content_hash(document: dict[str, Any]) -> str:
    """SHA-256 over everything but the `picture` block (which carries the hash itself)."""
    content = {k: v for k, v in document.items() if k != "picture"}
    text = json.dumps(content, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256(text.encode()).hexdigest()


def area_code(area: Area) -> str:
    """An area's code in the document: its own code, or "omrade-<id>" when it has none."""
    return area.code or f"omrade-{area.pk}"


def _category_rows(municipality: Municipality) -> dict[int, Category]:
    return {
        c.pk: c
        for c in Category.objects.filter(Q(municipality=None) | Q(municipality=municipality))
    }


def _period_rows(municipality_id: int, key: str, kind: str) -> list[dict[str, Any]]:
    observations = counted_observations(municipality_id)
    if kind == "week":
        observations = observations.filter(week_key=key)
    elif kind == "tertial":
        observations = observations.filter(tertial_key=key)
    else:
        observations = observations.filter(tertial_key__in=[f"{key}-T{n}" for n in (1, 2, 3)])
    # Sorted here, not in SQL: with ORDER BY occurred_from SQLite walks the
    # (municipality, occurred_from) index over all the municipality's rows (65 ms at
    # scale 10) instead of the period's few hundred (7 ms).
    rows = list(observations.order_by().values(*_ROW_FIELDS))
    return sorted(rows, key=lambda r: (r["occurred_from"], r["id"]))


def _area_rows(municipality: Municipality, figures: Figures) -> dict[int, dict[str, Any]]:
    """EST areas always, other areas when something happened there; EST first."""
    areas = Area.objects.filter(
        Q(kind=Area.Kind.EST, is_active=True) | Q(pk__in=[k for k in figures.areas if k]),
        municipality=municipality,
    ).order_by("name")
    empty = {**figures.periods.numbers({}), "flagged": False}
    rows = sorted(areas, key=lambda a: (a.kind != Area.Kind.EST, a.name))
    return {
        a.pk: {
            "code": area_code(a),
            "name": a.name,
            "is_est": a.kind == Area.Kind.EST,
            **figures.areas.get(a.pk, empty),
            "police_events": None,
            "geometry": a.geometry,
        }
        for a in rows
    }


def _categories(
    municipality: Municipality, figures: Figures, categories: dict[int, Category]
) -> list[dict[str, Any]]:
    local = dict(
        CategorySetting.objects.filter(municipality=municipality)
        .exclude(local_name="")
        .values_list("category_id", "local_name")
    )
    shown = sorted(figures.categories, key=lambda pk: (categories[pk].sort_order, pk))
    return [
        {
            "code": categories[pk].code,
            "name": local.get(pk) or categories[pk].name,
            "is_positive": categories[pk].is_positive,
            **figures.categories[pk],
        }
        for pk in shown
    ]


def _cells(
    figures: Figures, area_code: dict[int, str], category_code: dict[int, str]
) -> list[dict[str, Any]]:
    cells = [
        {
            "area": area_code.get(c["area_id"]),
            "category": category_code[c["category_id"]],
            **{k: v for k, v in c.items() if k not in {"area_id", "category_id"}},
            "police_events": None,
        }
        for c in figures.cells
    ]
    return sorted(cells, key=lambda c: (c["area"] or "~", c["category"]))


def _police(figures: Figures) -> dict[str, Any]:
    key, previous = figures.periods.key, figures.periods.previous
    by_type: list[dict[str, Any]] = [
        {"type": t, "count": s.get(key, 0), "previous": s.get(previous, 0)}
        for t, s in figures.police_by_type.items()
        if s.get(key, 0) or s.get(previous, 0)
    ]
    by_type.sort(key=lambda t: (-t["count"], t["type"]))
    return {
        **{k: v for k, v in figures.police.items() if k != "direction"},
        "by_type": by_type,
        "source_note": (
            "Polisens händelser från polisen.se. Polisen anger bara kommunen, "
            "aldrig platsen, så händelserna finns inte per område eller på kartan."
        ),
    }


def _hour_weekday(rows: list[dict[str, Any]]) -> dict[str, Any]:
    local = [r["occurred_from"].astimezone(STOCKHOLM) for r in rows]
    matrix = hour_weekday_matrix(
        np.array([t.weekday() for t in local], dtype=int),
        np.array([t.hour for t in local], dtype=int),
    )
    return {"weekdays": WEEKDAYS, "matrix": matrix.tolist()}


def _with_sentences(
    cells: list[dict[str, Any]], names: dict[str, dict[str, str]]
) -> list[dict[str, Any]]:
    """Each flagged cell with the sentence a coordinator would write about it."""
    for cell in cells:
        cell["sentence"] = ""
        if cell["flagged"]:
            area = names["area"].get(cell["area"] or "", cell["area"] or "")
            category = names["category"].get(cell["category"], cell["category"])
            cell["sentence"] = change_sentence(
                category, area, cell["previous"], cell["count"], cell["expected"]
            )
    return cells


def _top_unsafe(
    rows: list[dict[str, Any]], area_code: dict[int, str], category_code: dict[int, str]
) -> list[dict[str, Any]]:
    ranked = sorted(
        (r for r in rows if r["unsafety"]),
        key=lambda r: (r["unsafety"], r["occurred_from"], r["id"]),
        reverse=True,
    )
    return [
        {
            "id": r["id"],
            "category": category_code[r["category_id"]],
            "area": area_code.get(r["area_id"]),
            "occurred_from": _local_time(r),
            "unsafety": r["unsafety"],
            "people_count": r["people_count"],
            "place_type": r["place_type"],
        }
        for r in ranked[:TOP_UNSAFE]
    ]


def _observation(
    row: dict[str, Any], area_code: dict[int, str], category_code: dict[int, str]
) -> dict[str, Any]:
    return {
        "id": row["id"],
        "category": category_code[row["category_id"]],
        "area": area_code.get(row["area_id"]),
        "occurred_from": _local_time(row),
        "lon": row["longitude"],
        "lat": row["latitude"],
        "unsafety": row["unsafety"],
    }


def _local_time(row: dict[str, Any]) -> str:
    return str(row["occurred_from"].astimezone(STOCKHOLM).isoformat(timespec="minutes"))

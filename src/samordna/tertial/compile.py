"""Compile a tertial (or a year) for the analysis group's tertial analysis.

Built on the period's situation document (docs/situation-format.md): the confirmed
picture's frozen snapshot when the period has one, otherwise the document as it is now.
On top of it: areas ranked by count and by change, developments in the wrong direction
(increases tested against the previous period and the same period last year, as the
picture tests them against the recent mean), time patterns, police statistics beside
own observations, status and cost of the period's interventions, the problems open now
and, when the goals module is there, its indicators and survey results.

Plain data out (JSON-serialisable dicts and lists), no HTML: the page, the PDF, the
XLSX and the API are all written from this one compilation.
"""

from __future__ import annotations

import dataclasses
from collections import defaultdict
from collections.abc import Iterable, Mapping
from datetime import date, timedelta
from typing import Any

from django.conf import settings
from django.db.models import Count, Q
from django.utils import timezone

from samordna.analysis.change import flag_increases
from samordna.analysis.periods import period_bounds, period_kind
from samordna.core.models import Municipality
from samordna.interventions.lights import light
from samordna.interventions.models import CLOSED, Intervention
from samordna.problems.models import Problem, ProblemStatus

FORMAT = "samordna.tertial/1"
KINDS = ("tertial", "year")
TOP_PEAKS = 5


def check_key(key: str) -> str:
    """The key's kind ("tertial" or "year"), or ValueError for any other key."""
    kind = period_kind(key)
    if kind not in KINDS:
        raise ValueError(f"{key!r} is no tertial or year")
    return kind


def period_document(municipality: Municipality, key: str) -> dict[str, Any]:
    """The period's situation document: the confirmed snapshot when there is one."""
    from samordna.situation.compile import compile_document
    from samordna.situation.services import latest_picture, picture_document

    picture = latest_picture(municipality, key)
    if picture is not None and picture.snapshot is not None:
        return picture_document(picture)
    if picture is not None:
        return compile_document(municipality, key, picture=_draft_block(picture))
    return compile_document(municipality, key)


def _draft_block(picture: Any) -> dict[str, Any]:
    from samordna.situation.services import picture_block

    return picture_block(picture)


def compile_tertial(municipality: Municipality, period_key: str) -> dict[str, Any]:
    """Everything the tertial analysis of `period_key` ("2026-T2" or "2026") shows."""
    check_key(period_key)
    document = period_document(municipality, period_key)
    start, end = _dates(period_key)
    compilation: dict[str, Any] = {
        "format": FORMAT,
        "municipality": document["municipality"],
        "period": document["period"],
        "comparisons": document["comparisons"],
        "picture": document["picture"],
        "settings": document["settings"],
        "totals": _figures(document["totals"]),
        "trend": {
            "periods": document["comparisons"]["trend"],
            "own": document["totals"]["trend"],
            "police": document["police"]["trend"],
        },
        "areas_by_count": areas_by_count(document),
        "areas_by_change": areas_by_change(document),
        "wrong_direction": wrong_direction(document),
        "time_patterns": time_patterns(document["hour_weekday"]),
        "police": police_beside_own(document),
        "interventions": interventions_in(municipality, start, end),
        "problems": open_problems(municipality),
    }
    compilation["goals"] = goal_sections(document, municipality, period_key)
    return compilation


def _dates(key: str) -> tuple[date, date]:
    """First and last day of the period (both included), Europe/Stockholm."""
    start, end = period_bounds(key)
    return start.date(), (end - timedelta(days=1)).date()


def _figures(row: Mapping[str, Any]) -> dict[str, Any]:
    return {
        "count": row["count"],
        "previous": row["previous"],
        "recent_mean": row["recent_mean"],
        "last_year": row["last_year"],
        "police_events": row.get("police_events"),
        "direction": row["direction"],
    }


def change(count: int, reference: float) -> dict[str, Any]:
    """{"change": count - reference, "change_pct": percent or None when reference is 0}."""
    pct = round(100 * (count - reference) / reference, 1) if reference else None
    return {"change": round(count - reference, 2), "change_pct": pct}


# --- Areas ranked ---------------------------------------------------------------------


def _area_rows(document: Mapping[str, Any]) -> list[dict[str, Any]]:
    return [
        {
            "area": a["code"],
            "name": a["name"],
            "is_est": a["is_est"],
            "count": a["count"],
            "previous": a["previous"],
            "last_year": a["last_year"],
            "recent_mean": a["recent_mean"],
            **change(a["count"], a["previous"]),
            "change_last_year": a["count"] - a["last_year"],
            "flagged": a["flagged"],
        }
        for a in document["areas"]
    ]


def areas_by_count(document: Mapping[str, Any]) -> list[dict[str, Any]]:
    """Areas with their count, most first (ties by name); rank 1 is the largest."""
    rows = sorted(_area_rows(document), key=lambda r: (-r["count"], r["name"]))
    return [{"rank": n, **row} for n, row in enumerate(rows, start=1)]


def areas_by_change(document: Mapping[str, Any]) -> list[dict[str, Any]]:
    """Areas by their increase against the previous period, largest increase first."""
    rows = sorted(_area_rows(document), key=lambda r: (-r["change"], -r["count"], r["name"]))
    return [{"rank": n, **row} for n, row in enumerate(rows, start=1)]


# --- Developments in the wrong direction ----------------------------------------------


def _tests(counts: list[int], baselines: list[float]) -> tuple[list[bool], list[float]]:
    """Which counts rise more than chance above their baselines (Poisson test, FDR)."""
    if not counts:
        return [], []
    flags = flag_increases(
        counts,
        baselines,
        alpha=settings.SITUATION_ALPHA,
        min_count=settings.SITUATION_MIN_COUNT,
    )
    return [bool(f) for f in flags.flagged], [float(q) for q in flags.q]


def wrong_direction(document: Mapping[str, Any]) -> list[dict[str, Any]]:
    """Area x category cells (and whole areas) that rose more than chance against the
    previous period or the same period last year, or that the picture itself flagged
    against the recent mean. For a positive category (e.g. "good things seen") a fall is
    the wrong direction, so it is never listed for a rise.

    Each row says which comparisons flagged it; the most flagged and the largest rise
    come first.
    """
    candidates = _candidates(document)
    counts = [r["count"] for r in candidates]
    vs_previous, q_previous = _tests(counts, [r["previous"] for r in candidates])
    vs_last_year, q_last_year = _tests(counts, [r["last_year"] for r in candidates])
    rows = []
    for n, row in enumerate(candidates):
        row = {
            **row,
            **change(row["count"], row["previous"]),
            "change_last_year": row["count"] - row["last_year"],
            "flagged_previous": vs_previous[n],
            "q_previous": round(q_previous[n], 6),
            "flagged_last_year": vs_last_year[n],
            "q_last_year": round(q_last_year[n], 6),
        }
        row["flags"] = sum(
            (row["flagged_previous"], row["flagged_last_year"], row["flagged_recent"])
        )
        if row["flags"]:
            rows.append(row)
    rows.sort(key=lambda r: (-r["flags"], -r["change"], r["area_name"], r["category_name"]))
    return rows


def _candidates(document: Mapping[str, Any]) -> list[dict[str, Any]]:
    """Every area x category cell (positive categories left out) and every whole area,
    with the counts the tests compare."""
    positive = {c["code"] for c in document["categories"] if c.get("is_positive")}
    category_names = {c["code"]: c["name"] for c in document["categories"]}
    area_names = {a["code"]: a["name"] for a in document["areas"]}
    candidates: list[dict[str, Any]] = [
        {
            "level": "cell",
            "area": c["area"],
            "area_name": area_names.get(c["area"], "") if c["area"] else "",
            "category": c["category"],
            "category_name": category_names.get(c["category"], c["category"]),
            "count": c["count"],
            "previous": c["previous"],
            "last_year": c["last_year"],
            "recent_mean": c["recent_mean"],
            "flagged_recent": bool(c.get("flagged")),
        }
        for c in document["cells"]
        if c["category"] not in positive and c["area"]
    ]
    candidates += [
        {
            "level": "area",
            "area": a["code"],
            "area_name": a["name"],
            "category": None,
            "category_name": "",
            "count": a["count"],
            "previous": a["previous"],
            "last_year": a["last_year"],
            "recent_mean": a["recent_mean"],
            "flagged_recent": False,
        }
        for a in document["areas"]
    ]
    return candidates


# --- Time patterns --------------------------------------------------------------------


def time_patterns(hour_weekday: Mapping[str, Any]) -> dict[str, Any]:
    """The document's 7 x 24 matrix with its sums by weekday and hour and its peaks."""
    matrix: list[list[int]] = hour_weekday["matrix"]
    weekdays: list[str] = hour_weekday["weekdays"]
    cells: list[dict[str, Any]] = [
        {"weekday": weekdays[d], "hour": h, "count": matrix[d][h]}
        for d in range(len(matrix))
        for h in range(24)
        if matrix[d][h]
    ]
    cells.sort(key=lambda c: (-c["count"], weekdays.index(c["weekday"]), c["hour"]))
    return {
        "weekdays": weekdays,
        "matrix": matrix,
        "by_weekday": [
            {"weekday": weekdays[d], "count": sum(matrix[d])} for d in range(len(matrix))
        ],
        "by_hour": [{"hour": h, "count": sum(row[h] for row in matrix)} for h in range(24)],
        "peaks": cells[:TOP_PEAKS],
    }


# --- Police statistics beside own observations ----------------------------------------


def police_beside_own(document: Mapping[str, Any]) -> dict[str, Any]:
    """Own observations by category and the police's events by type, kept apart: the
    police give only the municipality, never the place."""
    police = document["police"]
    totals = document["totals"]
    return {
        "own": {
            "count": totals["count"],
            "previous": totals["previous"],
            "last_year": totals["last_year"],
        },
        "police": {
            "count": police["count"],
            "previous": police["previous"],
            "last_year": police["last_year"],
        },
        "own_by_category": [
            {
                "category": c["code"],
                "name": c["name"],
                "is_positive": c["is_positive"],
                "count": c["count"],
                "previous": c["previous"],
                "last_year": c["last_year"],
                "police_events": c.get("police_events"),
            }
            for c in document["categories"]
        ],
        "police_by_type": [
            {"type": t["type"], "count": t["count"], "previous": t["previous"]}
            for t in police["by_type"]
        ],
        "source_note": police["source_note"],
    }


# --- Interventions --------------------------------------------------------------------


def _in_period(start: date, end: date) -> Q:
    """Under way at some time in the period: begun by its end, not finished before it
    began (an open one is still under way; a closed one ended by its deadline)."""
    begun = Q(starts_on__lte=end) | Q(starts_on__isnull=True, created_at__date__lte=end)
    not_over = ~Q(status__in=CLOSED) | Q(deadline__gte=start)
    return begun & not_over


def interventions_in(
    municipality: Municipality, start: date, end: date, today: date | None = None
) -> dict[str, Any]:
    """The period's interventions with status, light, cost and hours, and their sums
    per owner organisation and per kind (cost and hours left blank count as 0).

    The light is the one each intervention's page shows today (`interventions.lights`):
    computed from deadline and status, never green when overdue."""
    today = today or timezone.localdate()
    rows = list(
        Intervention.objects.filter(municipality=municipality)
        .filter(_in_period(start, end))
        .select_related("owner_organisation", "problem")
        .order_by("owner_organisation__name", "deadline", "id")
    )
    lights = {i.pk: light(i, today) for i in rows}
    kind_labels = dict(Intervention._meta.get_field("kind").choices or [])
    status_labels = dict(Intervention._meta.get_field("status").choices or [])
    items = [
        {
            "id": i.pk,
            "title": i.title,
            "organisation": i.owner_organisation.name,
            "kind": i.kind,
            "kind_label": str(kind_labels.get(i.kind, "")) if i.kind else "",
            "status": i.status,
            "status_label": str(status_labels.get(i.status, i.status)),
            "rag": lights[i.pk].rag,
            "rag_label": lights[i.pk].label,
            "deadline": i.deadline.isoformat(),
            "cost_sek": i.cost_sek,
            "hours": i.hours,
            "problem": i.problem.title if i.problem_id and i.problem else None,
        }
        for i in rows
    ]
    return {
        "rows": items,
        "by_organisation": _sums(items, "organisation", lambda r: r["organisation"]),
        "by_kind": _sums(items, "kind", lambda r: r["kind_label"] or ""),
        "totals": _sum_row(items),
    }


def _sum_row(items: Iterable[Mapping[str, Any]]) -> dict[str, Any]:
    items = list(items)
    statuses: dict[str, int] = defaultdict(int)
    rags: dict[str, int] = defaultdict(int)
    for r in items:
        statuses[r["status"]] += 1
        rags[r["rag"]] += 1
    return {
        "count": len(items),
        "cost_sek": sum(r["cost_sek"] or 0 for r in items),
        "hours": sum(r["hours"] or 0 for r in items),
        "red": rags.get("red", 0),
        "amber": rags.get("amber", 0),
        "green": rags.get("green", 0),
        "done": statuses.get("done", 0),
        "open": sum(1 for r in items if r["status"] not in CLOSED),
    }


def _sums(items: list[dict[str, Any]], name: str, key: Any) -> list[dict[str, Any]]:
    groups: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for r in items:
        groups[key(r)].append(r)
    rows = [{name: group, **_sum_row(rows)} for group, rows in groups.items()]
    return sorted(rows, key=lambda r: (-r["cost_sek"], r[name]))


# --- Problems -------------------------------------------------------------------------


def open_problems(municipality: Municipality) -> list[dict[str, Any]]:
    """Every problem not closed, as it stands now, highest priority first."""
    status_labels = dict(ProblemStatus.choices)
    rows = (
        Problem.objects.filter(municipality=municipality)
        .exclude(status=ProblemStatus.CLOSED)
        .select_related("owner_organisation")
        .prefetch_related("areas", "categories")
        .annotate(observation_count=Count("observation_links", distinct=True))
        .order_by("priority", "-updated_at", "id")
    )
    return [
        {
            "id": p.pk,
            "title": p.title,
            "status": p.status,
            "status_label": str(status_labels.get(p.status, p.status)),
            "priority": p.priority,
            "priority_label": str(p.get_priority_display()),
            "owner": p.owner_organisation.name if p.owner_organisation else "",
            "areas": sorted(a.name for a in p.areas.all()),
            "categories": sorted(c.name for c in p.categories.all()),
            "observations": p.observation_count,
        }
        for p in rows
    ]


# --- Goals ------------------------------------------------------------------------------


def goal_sections(
    document: dict[str, Any], municipality: Municipality, period_key: str
) -> dict[str, Any]:
    """{"indicators": [...], "surveys": [...]}: the period picture's own (tertial and year
    documents carry them), or computed now for a snapshot frozen before they did."""
    from samordna.situation.compile import goals_sections

    if "indicators" in document and "surveys" in document:
        sections = {"indicators": document["indicators"], "surveys": document["surveys"]}
    else:
        sections = goals_sections(municipality, period_key)
    return {name: [_plain(row) for row in rows] for name, rows in sections.items()}


def _plain(row: Any) -> dict[str, Any]:
    is_row = dataclasses.is_dataclass(row) and not isinstance(row, type)
    data = dataclasses.asdict(row) if is_row else dict(row)
    return {k: _json_value(v) for k, v in data.items()}


def _json_value(value: Any) -> Any:
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, list | tuple):
        return [_json_value(v) for v in value]
    if isinstance(value, dict):
        return {str(k): _json_value(v) for k, v in value.items()}
    if value is None or isinstance(value, bool | int | float | str):
        return value
    return str(value)

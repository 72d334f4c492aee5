"""A situation document made ready for people: names instead of codes, Swedish labels,
local times. The templates (PDF and web page) and the XLSX read the same rows from
here, so every format says the same thing in the same words.

Plain functions over the document (docs/situation-format.md); nothing is computed
that the document does not already hold.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date, datetime
from typing import Any

from django.utils.translation import gettext as _

from samordna.analysis.periods import STOCKHOLM

FINAL_STATUSES = ("confirmed", "distributed")


def status_labels() -> dict[str, str]:
    return {
        "draft": _("Utkast"),
        "proposed": _("Föreslagen"),
        "confirmed": _("Fastställd"),
        "distributed": _("Fastställd och utskickad"),
    }


def direction_labels() -> dict[str, str]:
    return {"up": _("▲ ökar"), "down": _("▼ minskar"), "same": _("● oförändrat")}


def assessment_labels() -> dict[str, str]:
    return {"better": _("Bättre"), "unchanged": _("Oförändrat"), "worse": _("Sämre")}


def place_type_labels() -> dict[str, str]:
    return {
        "public": _("Offentlig miljö"),
        "semi_public": _("Halvoffentlig (trapphus, butik)"),
        "indoor": _("Inomhus"),
    }


def local_time(value: str | None) -> datetime | None:
    """An ISO time of the document as naive Stockholm wall time (what people read)."""
    if not value:
        return None
    return datetime.fromisoformat(value).astimezone(STOCKHOLM).replace(tzinfo=None)


def local_date(value: str | None) -> date | None:
    return date.fromisoformat(value) if value else None


class Names:
    """Area and category codes to names; a null area is "outside the areas"."""

    def __init__(self, document: Mapping[str, Any]) -> None:
        self._areas: dict[str, str] = {a["code"]: a["name"] for a in document["areas"]}
        self._categories: dict[str, str] = {c["code"]: c["name"] for c in document["categories"]}

    def area(self, code: str | None) -> str:
        if code is None:
            return _("Utanför områdena")
        return self._areas.get(code, code)

    def category(self, code: str) -> str:
        return self._categories.get(code, code)


def watermark(document: Mapping[str, Any]) -> str:
    """The text across every page of a picture that is not (yet) confirmed."""
    status = document["picture"]["status"]
    if status in FINAL_STATUSES:
        return ""
    if status == "proposed":
        return _("FÖRSLAG — ej fastställd")
    return _("UTKAST — ej fastställd")


def _figures(row: Mapping[str, Any]) -> dict[str, Any]:
    return {
        "count": row["count"],
        "previous": row["previous"],
        "recent_mean": row["recent_mean"],
        "last_year": row["last_year"],
        "direction": direction_labels().get(row["direction"], row["direction"]),
        "direction_code": row["direction"],
    }


def _observation_rows(rows: list[Mapping[str, Any]], names: Names) -> list[dict[str, Any]]:
    places = place_type_labels()
    return [
        {
            **row,
            "area_name": names.area(row["area"]),
            "category_name": names.category(row["category"]),
            "occurred": local_time(row["occurred_from"]),
            "place": places.get(row.get("place_type") or "", ""),
        }
        for row in rows
    ]


def change_sentence(
    category: str, area: str | None, previous: int, count: int, expected: float
) -> str:
    """ "Skadegörelse i Vivalla ökade från 4 till 11, mer än vanligt." When last period
    was no lower, the usual level says it instead."""
    where = _("i %(area)s") % {"area": area} if area else _("utanför områdena")
    words = {"category": category, "where": where, "count": count, "previous": previous}
    if previous < count:
        return (
            _("%(category)s %(where)s ökade från %(previous)s till %(count)s, mer än vanligt.")
            % words
        )
    return _(
        "%(category)s %(where)s: %(count)s, mer än vanligt (brukar vara omkring %(expected)s)."
    ) % (words | {"expected": round(expected)})


def _flagged(cell: Mapping[str, Any], names: Names) -> dict[str, Any]:
    """A flagged cell with names and its sentence; a document frozen before the
    sentences (and the expected count) existed gets one from the recent mean."""
    row = dict(cell) | {
        "area_name": names.area(cell["area"]),
        "category_name": names.category(cell["category"]),
    }
    row.setdefault("expected", cell["recent_mean"])
    if not row.get("sentence"):
        area = names.area(cell["area"]) if cell["area"] else None
        row["sentence"] = change_sentence(
            row["category_name"], area, cell["previous"], cell["count"], row["expected"]
        )
    return row


def _clusters(hotspots: Mapping[str, Any], names: Names) -> list[dict[str, Any]] | None:
    """The hot spots' clusters with their areas' names; None for a document frozen
    before there were clusters (it has only its cells)."""
    if "clusters" not in hotspots:
        return None
    return [
        dict(c)
        | {
            "observations": len(c["observation_ids"]),
            "area_list": ", ".join(names.area(code) for code in c["areas"]),
        }
        for c in hotspots["clusters"]
    ]


def _meeting(meeting: Mapping[str, Any] | None, names: Names) -> dict[str, Any] | None:
    if meeting is None:
        return None
    labels = assessment_labels()
    return {
        "held_at": local_time(meeting["held_at"]),
        "attendance": meeting["attendance"],
        "assessments": [
            {**a, "area_name": names.area(a["area"]), "label": labels.get(a["assessment"], "")}
            for a in meeting["assessments"]
        ],
        "focus_areas": [names.area(code) for code in meeting["focus_areas"]],
        "focus_text": meeting["focus_text"],
        "decisions": [
            {**d, "deadline_date": local_date(d["deadline"])} for d in meeting["decisions"]
        ],
    }


def _header(document: Mapping[str, Any]) -> dict[str, Any]:
    picture = document["picture"]
    return {
        "status": status_labels().get(picture["status"], picture["status"]),
        "is_final": picture["status"] in FINAL_STATUSES,
        "watermark": watermark(document),
        "confirmed_at": local_time(picture["confirmed_at"]),
        "generated_at": local_time(picture["generated_at"]),
        "start": local_date(document["period"]["start"]),
        "end": local_date(document["period"]["end"]),
    }


def view(document: Mapping[str, Any]) -> dict[str, Any]:
    """Everything the tables show, by table."""
    names = Names(document)
    cells = document["cells"]
    trend_keys = document["comparisons"]["trend"]
    hour_weekday = document["hour_weekday"]
    return {
        "header": _header(document),
        "totals": _figures(document["totals"]) | {"police": document["totals"]["police_events"]},
        "areas": [a | _figures(a) for a in document["areas"]],
        "categories": [c | _figures(c) for c in document["categories"]],
        "flagged": [_flagged(c, names) for c in cells if c["flagged"]],
        "trend": [
            {"key": key, "own": own, "police": police}
            for key, own, police in zip(
                trend_keys, document["totals"]["trend"], document["police"]["trend"], strict=False
            )
        ],
        "hour_weekday": [
            {"weekday": day.capitalize(), "hours": row, "total": sum(row)}
            for day, row in zip(hour_weekday["weekdays"], hour_weekday["matrix"], strict=False)
        ],
        "hours": [f"{hour:02d}" for hour in range(24)],
        "hotspots": document["hotspots"]["cells"],
        "clusters": _clusters(document["hotspots"], names),
        "top_unsafe": _observation_rows(document["top_unsafe"], names),
        "new_since_previous": _observation_rows(
            [n | {"occurred_from": None} for n in document["new_since_previous"]], names
        ),
        "meeting": _meeting(document["meeting"], names),
    }

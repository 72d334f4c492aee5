"""The county's compliance overview: one row per sharing municipality, built from the
law's checklist (county.checklist.statuses), so the two cannot disagree. The page, the
XLSX and the PDF all take their cells from `table()`."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from samordna.core.models import Municipality
from samordna.county.checklist import Status, requirements, statuses
from samordna.integrations.sweden import COUNTIES

HEADERS = [
    "Kommun",
    "Årslägesbild fastställd",
    "Tertiallägesbild fastställd",
    "Åtgärdsplan beslutad",
    "Senast uppföljd",
    "Samordningsfunktion",
    "Åtgärder kopplade till orsaksanalys och uppföljda",
    "Lagens krav uppfyllda",
]


@dataclass(frozen=True)
class ComplianceRow:
    municipality: Municipality
    status: Status
    met: int
    cells: list[str]


def county_name(code: str) -> str:
    return COUNTIES.get(code, f"Län {code}")


def _day(day: date | None, empty: str = "–") -> str:
    return day.isoformat() if day else empty


def _cells(status: Status, met: int, of: int) -> list[str]:
    measures = status.measures
    plan = _day(status.decided_on, "Nej")
    if status.under_revision:
        plan += " (revideras)"
    share = "–"
    if measures.share is not None:
        share = f"{measures.complete} av {measures.total} ({measures.share} %)"
    return [
        status.municipality.name,
        _day(status.year_picture.confirmed_on if status.year_picture else None),
        _day(status.tertial_picture.confirmed_on if status.tertial_picture else None),
        plan,
        _day(status.last_follow_up),
        status.coordination.description if status.coordination else "Inte angiven",
        share,
        f"{met} av {of}",
    ]


def table(municipalities: list[Municipality]) -> list[ComplianceRow]:
    found = statuses(municipalities)
    rows = []
    for municipality in municipalities:
        status = found[municipality.pk]
        checklist = requirements(status)
        met = sum(r.met for r in checklist)
        rows.append(ComplianceRow(municipality, status, met, _cells(status, met, len(checklist))))
    return rows

"""The demo's tertial analysis: the last complete tertial before "today", analysed and
done, with the growing problem (core.demo.story.GROWING_PROBLEM) selected for
root-cause analysis with a justification citing its growth, the sources written, and
the tertial meeting held.

Idempotent: a tertial whose analysis is done is left alone. Everything goes through the
services, as the demo coordinator (`samordnare`). Load it after the problems' demo (the
problem is found by its title; without it nothing is selected).
"""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from typing import Any

from samordna.analysis.periods import STOCKHOLM, period_bounds, shift_period, tertial
from samordna.core.demo import story
from samordna.core.models import Membership, Municipality, User
from samordna.core.roles import Role
from samordna.meetings import services as meeting_services
from samordna.problems.models import Problem, ProblemStatus
from samordna.tertial import services
from samordna.tertial.compile import compile_tertial
from samordna.tertial.models import TertialAnalysis

SOURCES_USED = (
    "Egna iakttagelser från EST-parterna (rapporterade och granskade), polisens händelser "
    "från polisen.se för kommunen, insatsernas lägesrapporter och kostnader, "
    "veckomötenas bedömningar per område."
)
SOURCES_LEFT_OUT = (
    "Räddningstjänstens insatsstatistik kom inte i tid till analysen. Skolornas "
    "incidentrapporter saknas för sommarlovet och används inte. Polisens händelser anger "
    "bara kommunen, inte platsen, så de jämförs bara för hela kommunen."
)
NOTES = {
    2: "Tertialens siffror gicks igenom område för område.",
    3: "Mopedåkningen i Varberga har ökat kraftigt och är flaggad mot både föregående "
    "tertial och samma tertial förra året.",
    6: "Mopedåkningen i Varberga väljs för orsaksanalys.",
    7: "Räddningstjänstens statistik efterfrågas till nästa tertial.",
    8: "Analysgruppen gör orsaksanalysen före nästa styrgruppsmöte.",
    9: "Kort information till partnerna via veckomötet.",
}


def _coordinator(municipality: Municipality) -> User | None:
    memberships = Membership.objects.filter(
        municipality=municipality, role=Role.COORDINATOR, is_active=True
    ).select_related("user")
    preferred = memberships.filter(user__username="samordnare").first() or memberships.first()
    return preferred.user if preferred else None


def growth_row(compilation: dict[str, Any]) -> dict[str, Any] | None:
    """The growing problem's row (Varberga x moped driving) among the developments in
    the wrong direction, if it is there."""
    area_code = next(
        (a["area"] for a in compilation["areas_by_count"] if a["name"] == story.GROWING_AREA),
        None,
    )
    return next(
        (
            r
            for r in compilation["wrong_direction"]
            if r["level"] == "cell"
            and r["area"] == area_code
            and r["category"] == story.GROWING_CATEGORY
        ),
        None,
    )


def justification(row: dict[str, Any] | None, *, first: bool = False) -> str:
    if row is None:
        return (
            "Mopedåkning och buskörning i Varberga har ökat stadigt det senaste halvåret "
            "och är det problem som växer mest."
        )
    return (
        f"Mopedåkning och buskörning i Varberga: {row['count']} iakttagelser under "
        f"tertialen mot {row['previous']} tertialen före och {row['last_year']} samma "
        "tertial förra året. Ökningen är större än slumpen och har pågått hela halvåret; "
        + (
            "den är den tydligaste utvecklingen åt fel håll i kommunen."
            if first
            else "den är en av de tydligaste utvecklingarna åt fel håll i kommunen."
        )
    )


def load_demo_tertial(municipality: Municipality, today: date) -> int:
    """Analyse the last complete tertial before `today`; the number of things made
    (analysis, selection, meeting), 0 when it was already done."""
    key = shift_period(tertial(today), -1)
    existing = TertialAnalysis.objects.filter(municipality=municipality, period_key=key).first()
    if existing is not None and existing.status == TertialAnalysis.Status.DONE:
        return 0
    actor = _coordinator(municipality)
    if actor is None:
        return 0
    made = 0 if existing else 1
    analysis = existing or services.tertial_start(actor=actor, municipality=municipality, key=key)
    compilation = compile_tertial(municipality, key)
    row = growth_row(compilation)
    cells = [r for r in compilation["wrong_direction"] if r["level"] == "cell"] or [None]
    problem = (
        Problem.objects.filter(municipality=municipality, title=story.GROWING_PROBLEM)
        .exclude(status=ProblemStatus.CLOSED)
        .first()
    )
    if problem is not None and not analysis.selections.filter(problem=problem).exists():
        services.tertial_select(
            actor=actor,
            analysis=analysis,
            problem=problem,
            justification=justification(row, first=row is not None and row is cells[0]),
            at=_meeting_time(key),
        )
        made += 1
    if analysis.meeting_id is None:
        _meeting(actor, analysis)
        made += 1
    services.tertial_write(
        actor=actor,
        analysis=analysis,
        conclusions=_conclusions(compilation, problem is not None),
        sources_used=SOURCES_USED,
        sources_left_out=SOURCES_LEFT_OUT,
    )
    services.tertial_done(actor=actor, analysis=analysis)
    return made


def _conclusions(compilation: dict[str, Any], selected: bool) -> str:
    # No sums of the period's interventions here: the demo decides them after this
    # analysis (they address its causes), and the page shows the live figures anyway.
    wrong = len(compilation["wrong_direction"])
    text = f"{wrong} utvecklingar åt fel håll under tertialen."
    if selected:
        text += " Mopedåkningen i Varberga växer tydligt och orsaksanalyseras."
    return text


def _meeting_time(key: str) -> datetime:
    """The first Tuesday after the tertial, 13:00."""
    end = period_bounds(key)[1].date()
    day = end + timedelta(days=(1 - end.weekday()) % 7)
    return datetime.combine(day, time(13), tzinfo=STOCKHOLM)


def _meeting(actor: User, analysis: TertialAnalysis) -> None:
    """The tertial meeting: everybody present, notes under its items, closed."""
    held_at = _meeting_time(analysis.period_key)
    meeting = services.tertial_meeting(actor=actor, analysis=analysis, held_at=held_at)
    rows = list(meeting.attendance.order_by("id"))
    meeting_services.attendance_set(
        actor=actor,
        meeting=meeting,
        rows=[meeting_services.AttendanceInput(r.pk, True) for r in rows],
    )
    for number, notes in NOTES.items():
        item = meeting.agenda_items.filter(number=number).first()
        if item is not None:
            meeting_services.agenda_item_update(actor=actor, item=item, notes=notes, done=True)
    meeting_services.meeting_close(actor=actor, meeting=meeting)

"""The demo's problems and phases (core.demo.story): the growing problem, found over the
summer and analysed after the tertial analysis, and the watched square problem; the
default phase model and a phase for each EST area.

Idempotent: problems are found by title, the phase model and an area's phase are added
only when missing. Everything goes through the services, as the coordinator
(`samordnare`) and the analyst (`analytiker`) when they exist, else as the system.
"""

from __future__ import annotations

from datetime import date, datetime, time, timedelta

from django.db import transaction

from samordna.analysis.periods import STOCKHOLM, tertial, tertial_bounds
from samordna.core.demo import story
from samordna.core.models import Area, Municipality, Organisation, User
from samordna.problems.models import AreaPhase, Phase, Priority, Problem, ProblemStatus
from samordna.problems.phases import area_phase_set, load_default_phases
from samordna.problems.services import ProblemInput, problem_create, problem_step
from samordna.problems.vocabulary import FocusArea
from samordna.reports.models import Category

OWNER = "kommunledning-trygghet"
# Each area's phase, by the default model's names: (phase, days ago) oldest first.
AREA_PHASES = {
    story.GROWING_AREA: (("Oro", 400), ("Försämring", 120)),
    story.SQUARE_AREA: (("Stabilt", 400), ("Oro", 90)),
}
DEFAULT_AREA_PHASE = ("Stabilt", 400)


def load_demo_problems(municipality: Municipality, today: date) -> int:
    """Load what is missing; returns how many problems, phases and area phases were added."""
    added = 0
    with transaction.atomic():
        added += load_default_phases(actor=None, municipality=municipality)
        added += _area_phases(municipality, today)
        added += _growing(municipality, today)
        added += _square(municipality, today)
    return added


def _user(username: str) -> User | None:
    user: User | None = User.objects.filter(username=username, is_active=True).first()
    return user


def _moment(day: date, hour: int = 10) -> datetime:
    return datetime.combine(day, time(hour), tzinfo=STOCKHOLM)


def _areas(municipality: Municipality, *names: str) -> list[Area]:
    return list(Area.objects.filter(municipality=municipality, name__in=names))


def _categories(*codes: str) -> list[Category]:
    return list(Category.objects.filter(municipality=None, code__in=codes))


def _owner(municipality: Municipality) -> Organisation | None:
    return Organisation.objects.filter(municipality=municipality, slug=OWNER).first()


def _growing_dates(today: date) -> tuple[date, date, date]:
    """Found over the summer, chosen in the last finished tertial's analysis, then analysed."""
    last_tertial_end = tertial_bounds(tertial(today))[0].date()
    identified = today - timedelta(days=150)
    prioritised = min(
        max(last_tertial_end + timedelta(days=14), identified + timedelta(days=30)),
        today - timedelta(days=28),
    )
    analysed = max(prioritised + timedelta(days=21), today - timedelta(days=14))
    return identified, prioritised, analysed


def _growing(municipality: Municipality, today: date) -> int:
    if Problem.objects.filter(municipality=municipality, title=story.GROWING_PROBLEM).exists():
        return 0
    areas = _areas(municipality, story.GROWING_AREA)
    categories = _categories(story.GROWING_CATEGORY)
    if not areas or not categories:
        return 0
    coordinator, analyst = _user("samordnare"), _user("analytiker")
    owner = _owner(municipality)
    identified, prioritised, analysed = _growing_dates(today)
    problem = problem_create(
        actor=coordinator,
        municipality=municipality,
        data=ProblemInput(
            title=story.GROWING_PROBLEM,
            description=(
                "Mopeder och crossmotorcyklar körs på gång- och cykelvägar och kring "
                "centrum, främst kvällstid. Rapporterna har ökat sedan våren."
            ),
            areas=areas,
            categories=categories,
            owner_organisation=owner,
            priority=Priority.HIGH,
            tags=[FocusArea.SITUATIONAL],
            rule_enabled=True,
            rule_from=today - timedelta(days=210),
        ),
        raised_by=owner,
        reason="Veckomötet ser fler rapporter om mopedåkning i Varberga vecka efter vecka.",
        at=_moment(identified),
    )
    steps = (
        (
            ProblemStatus.WATCHED,
            identified + timedelta(days=7),
            coordinator,
            "Bevakas på veckomötet: ökningen håller i sig i fyra veckor.",
        ),
        (
            ProblemStatus.PRIORITISED,
            prioritised,
            analyst,
            "Tertialanalysen: den tydligaste ökningen i kommunen. Vald för orsaksanalys.",
        ),
        (
            ProblemStatus.ANALYSED,
            analysed,
            analyst,
            "Orsaksanalysen är gjord med polisen, fastighetsägaren och fritidsgården.",
        ),
    )
    for status, day, actor, reason in steps:
        problem_step(actor=actor, problem=problem, status=status, reason=reason, at=_moment(day))
    return 1


def _square(municipality: Municipality, today: date) -> int:
    if Problem.objects.filter(municipality=municipality, title=story.SQUARE_PROBLEM).exists():
        return 0
    areas = _areas(municipality, story.SQUARE_AREA)
    categories = _categories("nedskrapning-dumpning", "folksamlingar-otrygghet")
    if not areas or not categories:
        return 0
    coordinator = _user("samordnare")
    identified = today - timedelta(days=60)
    problem = problem_create(
        actor=coordinator,
        municipality=municipality,
        data=ProblemInput(
            title=story.SQUARE_PROBLEM,
            description="Skräp och folksamlingar vid torget på helgkvällar.",
            areas=areas,
            categories=categories,
            owner_organisation=_owner(municipality),
            priority=Priority.MEDIUM,
            tags=[FocusArea.SITUATIONAL],
            rule_enabled=True,
            rule_from=today - timedelta(days=120),
        ),
        reason="Återkommer i rapporterna från torget.",
        at=_moment(identified),
    )
    problem_step(
        actor=coordinator,
        problem=problem,
        status=ProblemStatus.WATCHED,
        reason="Bevakas: inte fler än vanligt ännu, men återkommande.",
        at=_moment(identified + timedelta(days=7)),
    )
    return 1


def _area_phases(municipality: Municipality, today: date) -> int:
    phases = {p.name: p for p in Phase.objects.filter(municipality=municipality, is_active=True)}
    added = 0
    areas = Area.objects.filter(municipality=municipality, kind=Area.Kind.EST, is_active=True)
    for area in areas.order_by("name"):
        if AreaPhase.objects.filter(area=area).exists():
            continue
        for name, days in AREA_PHASES.get(area.name, (DEFAULT_AREA_PHASE,)):
            phase = phases.get(name)
            if phase is None:
                continue
            area_phase_set(
                actor=None,
                area=area,
                phase=phase,
                since=today - timedelta(days=days),
                note="Demo: satt av samordnaren." if days < 400 else "",
            )
            added += 1
    return added

"""Writes of the tertial analysis: start it for a period, write its conclusions and
sources, select problems for root-cause analysis (and unselect), mark it done (or open
it again), and start its tertial meeting.

The analysis group (coordinators, analysts, admins) writes; every service checks that
itself, validates everything before it writes (Swedish messages by field, nothing half
saved) and writes its audit event in the same transaction.
"""

from __future__ import annotations

from datetime import datetime

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from samordna.core import audit
from samordna.core.models import Municipality, User
from samordna.core.policies import municipality_ids
from samordna.interventions.text import text_problems
from samordna.meetings.models import Meeting
from samordna.problems.models import Problem, ProblemStatus
from samordna.problems.policies import ANALYSIS_GROUP
from samordna.tertial.compile import check_key
from samordna.tertial.models import TertialAnalysis, TertialSelection

NOT_GROUP = (
    "Bara analysgruppen (samordnare, analytiker och administratörer) ändrar tertialanalysen."
)
DONE = "Tertialanalysen är klar. Öppna den igen för att ändra."
# The workflow up to "prioritised": a problem selected for root-cause analysis moves there.
BEFORE_PRIORITISED = (ProblemStatus.IDENTIFIED, ProblemStatus.WATCHED)


def require_group(actor: User, municipality_id: int) -> None:
    if municipality_id not in municipality_ids(actor, ANALYSIS_GROUP):
        raise PermissionDenied(NOT_GROUP)


def _require_draft(actor: User, analysis: TertialAnalysis) -> None:
    require_group(actor, analysis.municipality_id)
    if analysis.status == TertialAnalysis.Status.DONE:
        raise ValidationError(DONE)


def check_period(key: str) -> str:
    try:
        check_key(key)
    except ValueError as exc:
        raise ValidationError(
            {"period": f"”{key}” är ingen tertial eller år. Skriv till exempel 2026-T2 eller 2026."}
        ) from exc
    return key


def tertial_start(*, actor: User, municipality: Municipality, key: str) -> TertialAnalysis:
    """The period's analysis, started now (linked to the period's picture) unless it
    already exists."""
    from samordna.situation.services import latest_picture

    require_group(actor, municipality.pk)
    check_period(key)
    existing = TertialAnalysis.objects.filter(municipality=municipality, period_key=key)
    if existing.exists():
        return existing.get()
    try:
        with transaction.atomic():
            picture = latest_picture(municipality, key)
            analysis = TertialAnalysis.objects.create(
                municipality=municipality, period_key=key, picture=picture, created_by=actor
            )
            audit.record(
                actor=actor,
                action="tertial.start",
                target=analysis,
                changes={"period": key, "picture": picture.pk if picture else None},
            )
    except IntegrityError:
        return TertialAnalysis.objects.get(municipality=municipality, period_key=key)
    return analysis


def tertial_write(
    *,
    actor: User,
    analysis: TertialAnalysis,
    conclusions: str,
    sources_used: str,
    sources_left_out: str,
) -> TertialAnalysis:
    """The conclusions and the sources used and left out (with why)."""
    _require_draft(actor, analysis)
    after = {
        "conclusions": conclusions.strip(),
        "sources_used": sources_used.strip(),
        "sources_left_out": sources_left_out.strip(),
    }
    problems = text_problems(after)
    if problems:
        raise ValidationError(problems)
    with transaction.atomic():
        before = {name: getattr(analysis, name) for name in after}
        for name, value in after.items():
            setattr(analysis, name, value)
        analysis.updated_at = timezone.now()
        analysis.save(update_fields=[*after, "updated_at"])
        audit.record(
            actor=actor,
            action="tertial.write",
            target=analysis,
            changes=audit.diff(before, after),
        )
    return analysis


def done_problems(analysis: TertialAnalysis) -> dict[str, str]:
    """What is missing before the analysis can be marked done, by field."""
    problems = {}
    if not analysis.conclusions.strip():
        problems["conclusions"] = "Skriv analysgruppens slutsatser innan analysen markeras klar."
    if not analysis.sources_used.strip():
        problems["sources_used"] = "Skriv vilka källor som använts innan analysen markeras klar."
    if not analysis.sources_left_out.strip():
        problems["sources_left_out"] = (
            "Skriv vilka källor som inte använts, och varför, innan analysen markeras klar."
        )
    return problems


def tertial_done(*, actor: User, analysis: TertialAnalysis) -> TertialAnalysis:
    """Mark the analysis done: conclusions and both lists of sources must be written."""
    _require_draft(actor, analysis)
    problems = done_problems(analysis)
    if problems:
        raise ValidationError(problems)
    from samordna.situation.services import latest_picture

    with transaction.atomic():
        # The picture it is done on: the period's newest version (confirmed since, maybe).
        analysis.picture = latest_picture(analysis.municipality, analysis.period_key)
        analysis.status, analysis.updated_at = TertialAnalysis.Status.DONE, timezone.now()
        analysis.save(update_fields=["picture", "status", "updated_at"])
        audit.record(
            actor=actor,
            action="tertial.done",
            target=analysis,
            changes={"selections": analysis.selections.count()},
        )
    return analysis


def tertial_reopen(*, actor: User, analysis: TertialAnalysis) -> TertialAnalysis:
    """Open a done analysis again (it was marked done too early, or something changed)."""
    require_group(actor, analysis.municipality_id)
    if analysis.status != TertialAnalysis.Status.DONE:
        raise ValidationError("Tertialanalysen pågår redan.")
    with transaction.atomic():
        analysis.status, analysis.updated_at = TertialAnalysis.Status.DRAFT, timezone.now()
        analysis.save(update_fields=["status", "updated_at"])
        audit.record(actor=actor, action="tertial.reopen", target=analysis)
    return analysis


def tertial_select(
    *,
    actor: User,
    analysis: TertialAnalysis,
    problem: Problem,
    justification: str,
    at: datetime | None = None,
) -> TertialSelection:
    """Select `problem` for root-cause analysis, with the reason. A problem earlier in
    the workflow than "prioritised" is moved there (problems.services.problem_step).
    `at` is for the demo's history; it defaults to now."""
    _require_draft(actor, analysis)
    justification = justification.strip()
    problems = text_problems({"justification": justification})
    if not justification:
        problems["justification"] = "Motivera varför problemet ska orsaksanalyseras."
    if problem.municipality_id != analysis.municipality_id:
        problems["problem"] = "Problemet finns inte i den här kommunen."
    elif problem.status == ProblemStatus.CLOSED:
        problems["problem"] = "Problemet är avslutat. Öppna det igen för att välja det."
    elif analysis.selections.filter(problem=problem).exists():
        problems["problem"] = "Problemet är redan valt i den här tertialanalysen."
    if problems:
        raise ValidationError(problems)
    with transaction.atomic():
        selection = TertialSelection.objects.create(
            analysis=analysis,
            municipality_id=analysis.municipality_id,
            problem=problem,
            justification=justification,
            selected_by=actor,
            selected_at=at or timezone.now(),
        )
        moved = _prioritise(actor, problem, analysis)
        audit.record(
            actor=actor,
            action="tertial.select",
            target=analysis,
            changes={"problem": problem.pk, "justification": justification, "moved": moved},
        )
    return selection


def _prioritise(actor: User, problem: Problem, analysis: TertialAnalysis) -> bool:
    """Move the problem to "prioritised" when it is earlier; True when it moved."""
    from samordna.problems.services import problem_step

    if problem.status not in BEFORE_PRIORITISED:
        return False
    reason = f"Vald för orsaksanalys i tertialanalysen {analysis.period_key}."
    problem_step(actor=actor, problem=problem, status=ProblemStatus.PRIORITISED, reason=reason)
    return True


def tertial_unselect(*, actor: User, selection: TertialSelection) -> None:
    """Take a problem off the analysis's selection (its workflow step stays)."""
    analysis = selection.analysis
    _require_draft(actor, analysis)
    with transaction.atomic():
        audit.record(
            actor=actor,
            action="tertial.unselect",
            target=analysis,
            changes={"problem": selection.problem_id},
        )
        selection.delete()


def tertial_meeting(
    *, actor: User, analysis: TertialAnalysis, held_at: datetime | None = None
) -> Meeting:
    """The period's tertial meeting (started if need be), linked to the analysis.

    Starting a meeting is for those who run meetings (coordinators and admins)."""
    from samordna.meetings.tertial import tertial_meeting_start

    require_group(actor, analysis.municipality_id)
    if analysis.meeting_id is not None:
        return analysis.meeting  # type: ignore[return-value]  # set: checked above
    with transaction.atomic():
        meeting = tertial_meeting_start(
            actor=actor,
            municipality=analysis.municipality,
            key=analysis.period_key,
            held_at=held_at,
        )
        analysis.meeting, analysis.updated_at = meeting, timezone.now()
        analysis.save(update_fields=["meeting", "updated_at"])
        audit.record(
            actor=actor,
            action="tertial.meeting",
            target=analysis,
            changes={"meeting": meeting.pk},
        )
    return meeting

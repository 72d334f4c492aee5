"""What the reporters of a problem's observations are told, in their words: that their
observation is now part of a problem, and each new status. Places, situations and
statuses only, never persons (the reporter reads it as it is).

The problem's services, its rule links and the interventions (when an intervention of the
problem changes status) call these inside their own transaction.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable

from django.db import transaction
from django.utils import translation
from django.utils.translation import gettext as _

from samordna.problems.models import Problem, ProblemOutcome, ProblemStatus
from samordna.reports.feedback import feedback_record_many
from samordna.reports.models import Feedback, Observation

S = ProblemStatus


def status_message(problem: Problem) -> str:
    """The reporter's words for the problem's new status (no persons, ever)."""
    with translation.override("sv"):
        status = str(S(problem.status).label).lower()
        if problem.status == S.CLOSED and problem.outcome:
            status += f" ({str(ProblemOutcome(problem.outcome).label).lower()})"
        return _(
            "Problemet ”%(title)s”, som din iakttagelse är kopplad till, har ny status: %(status)s."
        ) % {"title": problem.title, "status": status}


def linked_message(problem: Problem) -> str:
    with translation.override("sv"):
        return _(
            "Din iakttagelse är nu kopplad till problemet ”%(title)s”, som samverkansgruppen "
            "arbetar med. Status: %(status)s."
        ) % {"title": problem.title, "status": str(S(problem.status).label).lower()}


def linked_feedback(problem: Problem, observation_ids: Iterable[int]) -> int:
    """Tell the reporters of newly linked observations (once per observation)."""
    return feedback_record_many(
        observation_ids=observation_ids, kind=Feedback.Kind.LINKED, message=linked_message(problem)
    )


def problem_feedback(
    problem: Problem, message: str, *, skip_reporters: Collection[int] = frozenset()
) -> int:
    """Tell every reporter with an observation linked to `problem` what changed.

    One feedback row per reporter (on their latest linked observation), so a reporter
    with many linked observations is told once. Must run inside the caller's
    transaction; returns the number of rows written. `message` is shown to reporters as
    it is: name places, situations and statuses, never persons. The interventions call
    this when an intervention of the problem changes status, and the meeting when it
    decides one (`skip_reporters`: those it has told already).
    """
    if not transaction.get_connection().in_atomic_block:
        raise RuntimeError("problem_feedback() must run inside the caller's transaction")
    latest: dict[int, int] = {}
    rows = (
        Observation.objects.filter(problems=problem, report__reporter__isnull=False)
        .order_by("occurred_from", "pk")
        .values_list("pk", "report__reporter_id")
    )
    for pk, reporter_id in rows:
        if reporter_id not in skip_reporters:
            latest[reporter_id] = pk
    return feedback_record_many(
        observation_ids=latest.values(), kind=Feedback.Kind.CHANGED, message=message
    )

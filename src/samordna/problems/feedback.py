"""What the reporters of a problem's observations are told, in their words: that their
observation is now part of a problem, and each new status. Places, situations and
statuses only, never persons (the reporter reads it as it is).

The problem's services, its rule links, the interventions (a status, a follow-up) and
the meeting (a decision) call these inside their own transaction. Each reporter gets
one item per event (`reports.FeedbackItem`), not one per observation.
"""

from __future__ import annotations

from collections.abc import Iterable

from django.db import transaction
from django.utils import translation
from django.utils.translation import gettext as _

from samordna.problems.models import Problem, ProblemOutcome, ProblemStatus
from samordna.reports.feedback import feedback_record_many
from samordna.reports.feedback_events import feedback_event_queue
from samordna.reports.feedback_items import Group
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
    """Tell the reporters of newly linked observations (a row per observation, one item
    per reporter and problem: "3 av dina iakttagelser är kopplade till problemet …")."""
    with translation.override("sv"):
        many = _(
            "{count} av dina iakttagelser är kopplade till problemet ”%(title)s”, som "
            "samverkansgruppen arbetar med."
        ) % {"title": problem.title}
    message = linked_message(problem)
    return feedback_record_many(
        observation_ids=observation_ids,
        kind=Feedback.Kind.LINKED,
        message=message,
        group=Group(key=f"linked:{problem.pk}", one=message, many=many),
    )


def problem_feedback(
    problem: Problem,
    message: str,
    *,
    key: str,
    kind: str = Feedback.Kind.CHANGED,
    observation_ids: Iterable[int] = (),
) -> None:
    """Tell every reporter with an observation linked to `problem` (by hand or by rule),
    and those of `observation_ids` (a decision's grounds), what happened: one item each
    for the event `key` (e.g. "problem:7:step:33"), however many observations they have.

    Must run inside the caller's transaction: it records the event there (one INSERT),
    and a task tells the reporters after the commit (`reports.feedback_events`).
    `message` is shown to reporters as it is: name places, situations, organisations
    and statuses, never persons. The problem's steps, the interventions (a status, a
    follow-up) and the meeting (a decision) call this.
    """
    if not transaction.get_connection().in_atomic_block:
        raise RuntimeError("problem_feedback() must run inside the caller's transaction")
    linked = Observation.objects.filter(problems=problem).values_list("pk", flat=True)
    feedback_event_queue(
        municipality_id=problem.municipality_id,
        key=key,
        kind=kind,
        message=message,
        observation_ids=[*linked, *observation_ids],
    )

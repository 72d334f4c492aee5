"""Reviewing observations: correct, reject, mark as duplicate or reviewed, one by one or in bulk.

Only coordinators and admins of the observation's municipality review (the Observation
policy's "change"); every service checks that itself, so the web queue, the API and any
later CLI cannot forget it. Each write audits in its own transaction; bad input changes
nothing, and a bulk action changes all of the given observations or none.
"""

from __future__ import annotations

import dataclasses
import math
from datetime import datetime, timedelta
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import models, transaction
from django.utils import timezone

from samordna.analysis.periods import iso_week, tertial
from samordna.core import audit
from samordna.core.models import Area, User
from samordna.privacy import describe, find_personal_data
from samordna.reports.counts import refresh_counts
from samordna.reports.feedback import (
    DUPLICATE_MESSAGE,
    REVIEWED_MESSAGE,
    closed_message,
    feedback_record,
)
from samordna.reports.intake import ObservationInput, check_observation
from samordna.reports.models import Category, Feedback, Observation

DUPLICATE_DISTANCE_M = 50.0
DUPLICATE_WINDOW = timedelta(hours=24)
DUPLICATE_REASON = "dubblett"
REASON_MAX = 1000
BULK_ACTIONS = ("reviewed", "reject")

Status = Observation.Status
# Once an observation is in a confirmed picture or linked to a problem, others rely on it:
# it can no longer be closed from the review queue.
_CLOSABLE = (Status.SUBMITTED, Status.REVIEWED)
_NOT_ALLOWED = "Bara samordnare och administratörer i kommunen kan granska iakttagelser."


def observation_correct(
    *,
    actor: User,
    observation: Observation,
    category: Category | None = None,
    area: Area | None = None,
    occurred_from: datetime | None = None,
    occurred_to: datetime | None = None,
    time_band: str | None = None,
) -> Observation:
    """Correct what, where or when; None leaves a field as it is ("" clears the time band).

    The week and tertial keys follow the new time. Raises ValidationError per field.
    """
    require_reviewer(actor, observation)
    given = {
        "category": category,
        "area": area,
        "occurred_from": occurred_from,
        "occurred_to": occurred_to,
        "time_band": time_band,
    }
    changes = {k: v for k, v in given.items() if v is not None and v != getattr(observation, k)}
    if not changes:
        return observation
    _check_correction(observation, changes)
    with transaction.atomic():
        before = _describe(observation)
        old_week = observation.week_key
        for name, value in changes.items():
            setattr(observation, name, value)
        observation.week_key = iso_week(observation.occurred_from)
        observation.tertial_key = tertial(observation.occurred_from)
        observation.save(update_fields=[*changes, "week_key", "tertial_key"])
        refresh_counts(
            observation.municipality_id, {old_week, observation.week_key}, [observation.pk]
        )
        audit.record(
            actor=actor,
            action="observation.correct",
            target=observation,
            changes=audit.diff(before, _describe(observation)),
        )
    return observation


def observation_reject(*, actor: User, observation: Observation, reason: str) -> Observation:
    """Close the observation with a reason the reporter will read."""
    require_reviewer(actor, observation)
    reason = _check_reason(reason)
    _check_closable(observation)
    with transaction.atomic():
        _reject(observation, actor, reason)
    return observation


def observation_mark_duplicate(
    *, actor: User, observation: Observation, of: Observation
) -> Observation:
    """Close the observation as a duplicate of `of`, the original that stays counted."""
    require_reviewer(actor, observation)
    _check_closable(observation)
    if of.pk == observation.pk or of.municipality_id != observation.municipality_id:
        raise ValidationError({"duplicate_of": "Välj en annan iakttagelse i samma kommun."})
    if of.duplicate_of_id is not None:
        raise ValidationError(
            {"duplicate_of": "Den iakttagelsen är själv en dubblett: välj originalet."}
        )
    with transaction.atomic():
        observation.duplicate_of = of
        _close(observation, actor, DUPLICATE_REASON, extra=["duplicate_of"])
        audit.record(
            actor=actor,
            action="observation.duplicate",
            target=observation,
            changes={"status": Status.CLOSED, "duplicate_of": of.pk},
        )
        feedback_record(
            observation=observation, kind=Feedback.Kind.DUPLICATE, message=DUPLICATE_MESSAGE
        )
    return observation


def observation_mark_reviewed(*, actor: User, observation: Observation) -> Observation:
    """A coordinator has read the observation and it stands as reported."""
    require_reviewer(actor, observation)
    _check_reviewable(observation)
    with transaction.atomic():
        _review(observation, actor)
    return observation


def observations_bulk(
    *,
    actor: User,
    queryset: models.QuerySet[Observation],
    action: str,
    reason: str = "",
) -> int:
    """Apply "reviewed" or "reject" to exactly the observations in `queryset`.

    All or none: if the actor may not review one of them, or one cannot take the
    action, nothing changes. One audit event per observation. Returns how many changed.
    """
    if action not in BULK_ACTIONS:
        raise ValidationError({"action": "Okänd åtgärd: välj granskad eller avvisa."})
    if action == "reject":
        reason = _check_reason(reason)
    with transaction.atomic():
        # Lock exactly the rows the filter matches now; later rows are not touched.
        rows = list(
            Observation.objects.select_for_update()
            .filter(pk__in=queryset.values("pk"))
            .order_by("pk")
        )
        reviewable = Observation.objects.restrict(actor, "change").filter(
            pk__in=[o.pk for o in rows]
        )
        if reviewable.count() != len(rows):
            raise PermissionDenied(_NOT_ALLOWED)
        check = _check_closable if action == "reject" else _check_reviewable
        problems: dict[str, Any] = {}
        for observation in rows:
            try:
                check(observation)
            except ValidationError as error:
                problems[f"observations.{observation.pk}"] = error.messages
        if problems:
            raise ValidationError(problems)
        for observation in rows:
            if action == "reject":
                _reject(observation, actor, reason, bulk=True)
            else:
                _review(observation, actor, bulk=True)
    return len(rows)


def duplicate_candidates(observation: Observation) -> list[Observation]:
    """Possible originals: same category and municipality, within 50 m and 24 hours.

    Nearest first. Closed observations are left out (neither rejected ones nor other
    duplicates make a good original); so is every observation without a map point.
    The caller has already been allowed to review `observation`, and so to see its
    municipality.
    """
    x, y = observation.x, observation.y
    if x is None or y is None:
        return []
    near = (
        Observation.objects.filter(
            municipality_id=observation.municipality_id,
            category_id=observation.category_id,
            occurred_from__gte=observation.occurred_from - DUPLICATE_WINDOW,
            occurred_from__lte=observation.occurred_from + DUPLICATE_WINDOW,
            x__range=(x - DUPLICATE_DISTANCE_M, x + DUPLICATE_DISTANCE_M),
            y__range=(y - DUPLICATE_DISTANCE_M, y + DUPLICATE_DISTANCE_M),
        )
        .exclude(pk=observation.pk)
        .exclude(status=Status.CLOSED)
    )
    # The box above is cheap in SQL; the circle is measured here, in SWEREF metres.
    by_distance = sorted(
        (math.hypot(o.x - x, o.y - y), o.pk, o) for o in near if o.x is not None and o.y is not None
    )
    return [o for distance, _pk, o in by_distance if distance <= DUPLICATE_DISTANCE_M]


# --- checks --------------------------------------------------------------------------


def require_reviewer(actor: User, observation: Observation) -> None:
    """PermissionDenied unless `actor` may review `observation` (entry points ask first,
    so a person who may not review hears that before anything about their input)."""
    policy_allows = Observation.objects.restrict(actor, "change").filter(pk=observation.pk)
    if not policy_allows.exists():
        raise PermissionDenied(_NOT_ALLOWED)


def _check_correction(observation: Observation, changes: dict[str, Any]) -> None:
    corrected = dataclasses.replace(_as_input(observation), **changes)
    problems = check_observation(corrected, observation.municipality)
    # Only what is being corrected is judged now: an old import may lie further back in
    # time than new reports may, and its other fields were accepted when it came in.
    judged = set(changes) | ({"occurred_to"} if "occurred_from" in changes else set())
    relevant = {k: v for k, v in problems.items() if k in judged}
    if relevant:
        raise ValidationError(relevant)


def _check_reason(reason: str) -> str:
    reason = reason.strip()
    if not reason:
        raise ValidationError({"reason": "Skriv varför iakttagelsen avslutas."})
    if len(reason) > REASON_MAX:
        raise ValidationError({"reason": f"Skälet är för långt: högst {REASON_MAX} tecken."})
    findings = find_personal_data(reason)
    if findings:
        raise ValidationError({"reason": describe(findings)})
    return reason


def _check_closable(observation: Observation) -> None:
    if observation.status not in _CLOSABLE:
        raise ValidationError(
            {"status": f"Kan inte avslutas: iakttagelsen är ”{observation.get_status_display()}”."}
        )


def _check_reviewable(observation: Observation) -> None:
    if observation.status != Status.SUBMITTED:
        raise ValidationError(
            {
                "status": "Bara inskickade iakttagelser kan markeras som granskade; "
                f"den här är ”{observation.get_status_display()}”."
            }
        )


# --- writes --------------------------------------------------------------------------


def _set_reviewed(observation: Observation, actor: User, status: str) -> None:
    observation.status = status
    observation.reviewed_at = timezone.now()
    observation.reviewed_by = actor


def _close(
    observation: Observation, actor: User, reason: str, extra: list[str] | None = None
) -> None:
    _set_reviewed(observation, actor, Status.CLOSED)
    observation.closed_reason = reason
    observation.save(
        update_fields=["status", "closed_reason", "reviewed_at", "reviewed_by", *(extra or [])]
    )
    refresh_counts(observation.municipality_id, [observation.week_key], [observation.pk])


def _reject(observation: Observation, actor: User, reason: str, **note: Any) -> None:
    _close(observation, actor, reason)
    audit.record(
        actor=actor,
        action="observation.reject",
        target=observation,
        changes={"status": Status.CLOSED, "closed_reason": reason, **note},
    )
    feedback_record(
        observation=observation, kind=Feedback.Kind.CLOSED, message=closed_message(reason)
    )


def _review(observation: Observation, actor: User, **note: Any) -> None:
    _set_reviewed(observation, actor, Status.REVIEWED)
    observation.save(update_fields=["status", "reviewed_at", "reviewed_by"])
    audit.record(
        actor=actor,
        action="observation.review",
        target=observation,
        changes={"status": Status.REVIEWED, **note},
    )
    feedback_record(observation=observation, kind=Feedback.Kind.REVIEWED, message=REVIEWED_MESSAGE)


def _as_input(observation: Observation) -> ObservationInput:
    names = [f.name for f in dataclasses.fields(ObservationInput)]
    return ObservationInput(**{name: getattr(observation, name) for name in names})


def _describe(observation: Observation) -> dict[str, Any]:
    """The correctable fields as plain values, for the audit diff."""
    return {
        "category": observation.category.code,
        "area": observation.area_id,
        "occurred_from": observation.occurred_from.isoformat(),
        "occurred_to": observation.occurred_to.isoformat() if observation.occurred_to else None,
        "time_band": observation.time_band,
        "week_key": observation.week_key,
    }

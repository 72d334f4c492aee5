"""The leadership group's decisions on escalated needs, and the register they make.

A decision names who takes the question (one organisation, or one with others sharing
it) and may set a standing rule for the boundary between the organisations. The need
gets the decided owner at once; the decision and the rule stay in the register of
responsibility boundaries ("var glappen finns"), which never names a child.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from samordna.cases.auditing import tsi_audit
from samordna.cases.models import CaseMeeting, Escalation, Need, NeedEvent
from samordna.cases.responsibility import can_act_error
from samordna.core.models import Organisation, User


def escalation_decide(
    *,
    actor: User,
    escalation: Escalation,
    outcome: str,
    owner: Organisation,
    shared_with: Iterable[Organisation] = (),
    rule: str = "",
) -> Escalation:
    shared = [o for o in shared_with if o.pk != owner.pk]
    need = escalation.need
    errors = _decision_errors(escalation, outcome, owner, shared, rule)
    if errors:
        raise ValidationError(errors)
    now = timezone.now()
    with transaction.atomic():
        escalation.outcome = outcome
        escalation.owner = owner
        escalation.rule = rule.strip() if outcome == Escalation.Outcome.RULE else ""
        escalation.decided_at = now
        escalation.decided_by = actor
        escalation.save()
        escalation.shared_with.set(shared if outcome == Escalation.Outcome.SHARED else [])
        need.owner = owner
        need.status = Need.Status.ACCEPTED
        need.accepted_at = now
        need.save(update_fields=["owner", "status", "accepted_at"])
        need.co_owners.set(escalation.shared_with.all())
        NeedEvent.objects.create(
            need=need, kind=NeedEvent.Kind.DECIDED, organisation=owner, by=actor, at=now
        )
        tsi_audit(
            actor=actor,
            action="escalation.decide",
            target=escalation,
            organisation=owner,
            changes={"outcome": outcome, "shared_with": sorted(o.pk for o in shared)},
        )
    return escalation


def _decision_errors(
    escalation: Escalation, outcome: str, owner: Organisation, shared: list[Any], rule: str
) -> dict[str, str]:
    errors: dict[str, str] = {}
    if escalation.decided_at is not None:
        errors["outcome"] = "Frågan är redan beslutad."
    if outcome not in Escalation.Outcome.values:
        errors["outcome"] = "Välj ett beslut."
    if outcome == Escalation.Outcome.SHARED and not shared:
        errors["shared_with"] = "Välj vilka organisationer som delar ansvaret."
    if outcome == Escalation.Outcome.RULE and not rule.strip():
        errors["rule"] = "Skriv regeln för gränsen mellan organisationerna."
    owner_error = can_act_error(escalation.need, owner)
    if owner_error:
        errors["owner"] = owner_error
    shared_errors = [can_act_error(escalation.need, o) for o in shared]
    if any(shared_errors):
        errors["shared_with"] = " ".join(filter(None, shared_errors))
    return errors


def open_escalations(programme_ids: Iterable[int]) -> Any:
    """Questions waiting for a decision: lifted, undecided, and still without an owner
    (one the team settled in the meantime needs no decision)."""
    return (
        Escalation.objects.filter(
            programme_id__in=list(programme_ids),
            decided_at__isnull=True,
            need__status__in=[Need.Status.OPEN, Need.Status.PROPOSED],
        )
        .select_related("programme")
        .prefetch_related("boundary")
    )


def register(programme_ids: Iterable[int], organisations: Iterable[int] = ()) -> Any:
    """The decided boundaries, newest first; those touching `organisations` if given."""
    rows = Escalation.objects.filter(programme_id__in=list(programme_ids), decided_at__isnull=False)
    wanted = list(organisations)
    if wanted:
        rows = rows.filter(Q(boundary__in=wanted) | Q(owner__in=wanted)).distinct()
    return (
        rows.select_related("owner", "programme")
        .prefetch_related("boundary", "shared_with")
        .order_by("-decided_at", "-id")
    )


def decided_before(meeting: CaseMeeting) -> Any:
    """The decisions taken since the programme's previous leadership meeting, up to and
    including this meeting's day: what the meeting's record lists."""
    earlier = (
        CaseMeeting.objects.filter(
            programme_id=meeting.programme_id,
            kind=CaseMeeting.Kind.LEADERSHIP,
            held_on__lt=meeting.held_on,
        )
        .order_by("-held_on")
        .values_list("held_on", flat=True)
        .first()
    )
    rows = register([meeting.programme_id]).filter(decided_at__date__lte=meeting.held_on)
    return rows.filter(decided_at__date__gt=earlier) if earlier is not None else rows


def history(escalation: Escalation) -> list[dict[str, Any]]:
    """The bounce history without the child: which organisation did what, and when.
    The reasons stay with the team: they are case content, which the leadership group
    reads only as this routing."""
    events = escalation.need.events.select_related("organisation").order_by("at", "id")
    return [
        {"kind": e.get_kind_display(), "organisation": e.organisation, "at": e.at} for e in events
    ]

"""Nothing falls between chairs: each need gets an owner, who accepts or bounces it.

A need with no accepted owner after the programme's escalation days, or bounced
twice, is escalated to the leadership group (`samordna escalate_needs`, daily).
"""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from samordna.cases.auditing import tsi_audit
from samordna.cases.models import Case, Need, NeedEvent, Programme
from samordna.core.models import Organisation, User

MAX_BOUNCES = 2


def escalation_days(programme: Programme) -> int:
    if programme.escalation_days is not None:
        return programme.escalation_days
    return int(settings.SAMORDNA_CASES_ESCALATION_DAYS)


def need_add(
    *,
    actor: User | None,
    case: Case,
    domain: str,
    description: str,
    owner: Organisation | None = None,
) -> Need:
    with transaction.atomic():
        need = Need.objects.create(
            case=case, municipality=case.municipality, domain=domain, description=description
        )
        tsi_audit(actor=actor, action="need.add", target=case, changes={"need": need.pk})
        if owner is not None:
            need_propose(actor=actor, need=need, owner=owner)
    return need


def need_propose(*, actor: User | None, need: Need, owner: Organisation) -> Need:
    if owner.municipality_id != need.municipality_id:
        raise ValidationError({"owner": "Organisationen hör till en annan kommun."})
    if need.status in {Need.Status.ACCEPTED, Need.Status.CLOSED}:
        raise ValidationError({"owner": "Behovet har redan en ägare."})
    with transaction.atomic():
        need.owner = owner
        need.status = Need.Status.PROPOSED
        need.save(update_fields=["owner", "status"])
        NeedEvent.objects.create(need=need, kind="proposed", organisation=owner, by=actor)
        tsi_audit(
            actor=actor,
            action="need.propose",
            target=need.case,
            organisation=owner,
            changes={"need": need.pk},
        )
    return need


def need_accept(*, actor: User | None, need: Need, organisation: Organisation) -> Need:
    _answering(need, organisation)
    with transaction.atomic():
        need.status = Need.Status.ACCEPTED
        need.accepted_at = timezone.now()
        need.save(update_fields=["status", "accepted_at"])
        NeedEvent.objects.create(need=need, kind="accepted", organisation=organisation, by=actor)
        tsi_audit(
            actor=actor,
            action="need.accept",
            target=need.case,
            organisation=organisation,
            changes={"need": need.pk},
        )
    return need


def need_bounce(*, actor: User | None, need: Need, organisation: Organisation, reason: str) -> Need:
    """Hand the need back ("not ours") with a reason; twice escalates it at once."""
    _answering(need, organisation)
    if not reason.strip():
        raise ValidationError({"reason": "Ange varför behovet lämnas tillbaka."})
    with transaction.atomic():
        need.status = Need.Status.OPEN
        need.owner = None
        need.bounces += 1
        need.save(update_fields=["status", "owner", "bounces"])
        NeedEvent.objects.create(
            need=need, kind="bounced", organisation=organisation, reason=reason.strip(), by=actor
        )
        tsi_audit(
            actor=actor,
            action="need.bounce",
            target=need.case,
            organisation=organisation,
            changes={"need": need.pk, "bounces": need.bounces},
        )
        if need.bounces >= MAX_BOUNCES:
            _escalate(need, timezone.now())
    return need


def _answering(need: Need, organisation: Organisation) -> None:
    if need.status != Need.Status.PROPOSED or need.owner_id != organisation.pk:
        raise ValidationError({"need": "Behovet väntar inte på svar från din organisation."})


def _escalate(need: Need, now: datetime) -> None:
    need.escalated_at = now
    need.save(update_fields=["escalated_at"])
    NeedEvent.objects.create(need=need, kind="escalated")
    tsi_audit(actor=None, action="need.escalate", target=need.case, changes={"need": need.pk})


def overdue(now: datetime) -> Any:
    """Needs that should be with the leadership group and are not yet."""
    found = []
    candidates = Need.objects.filter(
        escalated_at__isnull=True, status__in=[Need.Status.OPEN, Need.Status.PROPOSED]
    ).select_related("case__programme")
    for need in candidates:
        limit = timedelta(days=escalation_days(need.case.programme))
        if need.bounces >= MAX_BOUNCES or need.created_at + limit <= now:
            found.append(need)
    return found


def escalate_due(*, now: datetime) -> int:
    with transaction.atomic():
        needs = overdue(now)
        for need in needs:
            _escalate(need, now)
    return len(needs)


def gaps() -> Q:
    """Needs without an accepted owner."""
    return Q(status__in=[Need.Status.OPEN, Need.Status.PROPOSED])

"""Nothing falls between chairs: each need gets an owner, who accepts or bounces it.

A need with no accepted owner after the programme's escalation days, or bounced
twice, is escalated to the leadership group (`samordna escalate_needs`, daily).
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime, timedelta
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from samordna.cases.access import covered_organisations
from samordna.cases.auditing import tsi_audit
from samordna.cases.models import Case, Escalation, Need, NeedEvent, Programme, ProgrammeMember
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
    if not description.strip():
        raise ValidationError({"description": "Beskriv behovet."})
    if owner is not None:
        probe = Need(case=case, municipality=case.municipality, domain=domain)
        error = can_act_error(probe, owner)
        if error:
            raise ValidationError({"owner": error})
    with transaction.atomic():
        need = Need.objects.create(
            case=case,
            municipality=case.municipality,
            domain=domain,
            description=description.strip(),
        )
        tsi_audit(actor=actor, action="need.add", target=case, changes={"need": need.pk})
        if owner is not None:
            need_propose(actor=actor, need=need, owner=owner)
    return need


def can_act_error(need: Need, organisation: Organisation) -> str:
    """Why `organisation` cannot own the need, or "": it must take part in the programme
    and be covered for the case's content (consent or another legal basis)."""
    case = need.case
    if organisation.municipality_id != need.municipality_id:
        return "Organisationen hör till en annan kommun."
    takes_part = (
        ProgrammeMember.objects.filter(programme_id=case.programme_id, organisation=organisation)
        .exclude(part=ProgrammeMember.Part.LEADERSHIP)
        .exists()
    )
    if not takes_part:
        return f"{organisation.name} deltar inte i programmet och kan inte ta ansvar för behovet."
    covered = covered_organisations(case, timezone.localdate()).get(organisation.pk, frozenset())
    if "case" not in covered:
        return (
            f"{organisation.name} omfattas inte av samtycke eller annan rättslig grund för "
            "ärendets innehåll och kan inte ta ansvar för behovet."
        )
    return ""


def need_propose(
    *,
    actor: User | None,
    need: Need,
    owner: Organisation,
    co_owners: Iterable[Organisation] = (),
) -> Need:
    """Propose an owner, alone or with others sharing the responsibility."""
    shared = [o for o in co_owners if o.pk != owner.pk]
    if need.status in {Need.Status.ACCEPTED, Need.Status.CLOSED}:
        raise ValidationError({"owner": "Behovet har redan en ägare."})
    errors = {"owner": can_act_error(need, owner)}
    errors["co_owners"] = " ".join(filter(None, (can_act_error(need, o) for o in shared)))
    if any(errors.values()):
        raise ValidationError({k: v for k, v in errors.items() if v})
    with transaction.atomic():
        need.owner = owner
        need.status = Need.Status.PROPOSED
        need.save(update_fields=["owner", "status"])
        need.co_owners.set(shared)
        reason = ", ".join(o.name for o in shared)
        NeedEvent.objects.create(
            need=need, kind="proposed", organisation=owner, by=actor, reason=reason
        )
        tsi_audit(
            actor=actor,
            action="need.propose",
            target=need.case,
            organisation=owner,
            changes={"need": need.pk, "co_owners": sorted(o.pk for o in shared)},
        )
    return need


def last_bouncer(need: Need) -> int | None:
    """The organisation that handed the need back last (it may propose the next owner)."""
    event = need.events.filter(kind=NeedEvent.Kind.BOUNCED).order_by("-at", "-id").first()
    return event.organisation_id if event is not None else None


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
        need.co_owners.clear()
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
    NeedEvent.objects.create(need=need, kind="escalated", at=now)
    escalation = Escalation.objects.create(
        programme_id=need.case.programme_id,
        municipality_id=need.municipality_id,
        need=need,
        domain=need.domain,
        cause=Escalation.Cause.BOUNCES if need.bounces >= MAX_BOUNCES else Escalation.Cause.DAYS,
        escalated_at=now,
    )
    boundary = set(need.events.exclude(organisation=None).values_list("organisation_id", flat=True))
    escalation.boundary.set(boundary)
    tsi_audit(
        actor=None,
        action="need.escalate",
        target=need.case,
        changes={"need": need.pk, "escalation": escalation.pk},
    )


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

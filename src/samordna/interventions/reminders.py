"""Nothing falls between chairs: reminders about overdue and unowned interventions.

`remind(municipality, today)` mails, for each open intervention that is overdue or has
no named owner, its owner person, or when nobody is named the owner organisation's
coordinators and partners. At most once per day per intervention (`reminded_at`).
Run daily from cron: `samordna remind_interventions [--municipality SLUG]`.

`reminded_at` is set and audited in the same transaction as the mail is queued; the
mail goes after commit, so a failed run never mails anybody twice the same day.
"""

from __future__ import annotations

import logging
from datetime import date, datetime, time

from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction
from django.db.models import Q, QuerySet
from django.urls import reverse
from django.utils import timezone

from samordna.core import audit
from samordna.core.models import Municipality, User
from samordna.core.roles import Role
from samordna.interventions.models import Intervention, open_q, overdue_q

logger = logging.getLogger("samordna.interventions")

SUBJECT = "Påminnelse om en insats i Samordna"
# Who hears about an intervention nobody is named for: those who answer for the owner.
ORGANISATION_ROLES = (Role.COORDINATOR, Role.PARTNER)


def due(municipality: Municipality, today: date) -> QuerySet[Intervention]:
    """Open interventions that are overdue or unowned and not reminded today."""
    start_of_day = timezone.make_aware(datetime.combine(today, time.min))
    rows: QuerySet[Intervention] = (
        Intervention.objects.filter(municipality=municipality)
        .filter(overdue_q(today) | (open_q() & Q(owner_person__isnull=True)))
        .filter(Q(reminded_at__isnull=True) | Q(reminded_at__lt=start_of_day))
        .select_related("owner_organisation", "owner_person")
        .order_by("deadline", "id")
    )
    return rows


def recipients(intervention: Intervention) -> list[User]:
    """The owner person; when nobody is named, the owner organisation's coordinators
    and partners."""
    person = intervention.owner_person
    if person is not None:
        return [person] if person.is_active and person.email else []
    people = (
        User.objects.filter(
            is_active=True,
            memberships__organisation=intervention.owner_organisation,
            memberships__is_active=True,
            memberships__role__in=ORGANISATION_ROLES,
        )
        .exclude(email="")
        .distinct()
        .order_by("pk")
    )
    return list(people)


def remind(municipality: Municipality, today: date | None = None) -> int:
    """Remind about each due intervention once; returns how many were reminded."""
    today = today or timezone.localdate()
    reminded = 0
    for intervention in due(municipality, today):
        if _remind_one(intervention, today):
            reminded += 1
    return reminded


def _remind_one(intervention: Intervention, today: date) -> bool:
    with transaction.atomic():
        locked = (
            due(intervention.municipality, today)
            .select_for_update(of=("self",))
            .filter(pk=intervention.pk)
            .first()
        )
        if locked is None:  # another run took it
            return False
        people = recipients(locked)
        locked.reminded_at = timezone.now()
        locked.save(update_fields=["reminded_at"])
        audit.record(
            actor=None,
            action="intervention.remind",
            target=locked,
            changes={"to": [p.pk for p in people]},
        )
        body = render(locked, today)
        addresses = [p.email for p in people]
        if addresses:
            transaction.on_commit(lambda: _send(addresses, body))
    return True


def render(intervention: Intervention, today: date) -> str:
    """The mail, in Swedish: what, why it is reminded, and the link. Nothing else."""
    reasons = []
    if intervention.is_open and intervention.deadline < today:
        reasons.append(f"den skulle ha varit klar {intervention.deadline:%Y-%m-%d}")
    if intervention.owner_person_id is None:
        reasons.append("ingen person är utsedd som ansvarig")
    link = settings.SITE_URL.rstrip("/") + reverse(
        "interventions:detail", kwargs={"pk": intervention.pk}
    )
    return (
        f"Insatsen ”{intervention.title}” ({intervention.owner_organisation.name}) "
        f"behöver uppmärksamhet: {' och '.join(reasons)}.\n\n"
        "Rapportera läget, ändra slutdatum eller utse en ansvarig person:\n"
        f"{link}\n\n"
        "Du får det här brevet högst en gång per dag så länge insatsen är försenad "
        "eller saknar ansvarig person.\n"
    )


def _send(addresses: list[str], body: str) -> None:
    for address in addresses:
        try:
            send_mail(SUBJECT, body, None, [address])
        except Exception:
            logger.exception("intervention reminder not sent")

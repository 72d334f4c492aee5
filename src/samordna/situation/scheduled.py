"""The scheduled part of the weekly routine (`samordna compile_pictures`, from cron).

It prepares the draft picture of the week that just ended, for the weekly meeting,
and reminds reporters whose organisation sent nothing that week. Run it early on the
meeting day (docs/operations.md); running it again changes nothing.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass

from django.conf import settings
from django.core.mail import send_mail
from django.db import IntegrityError, transaction
from django.urls import reverse

from samordna.analysis.periods import period_label
from samordna.core import audit
from samordna.core.models import Membership, Municipality
from samordna.core.roles import Role
from samordna.reports.models import Report
from samordna.situation.models import Reminder, SituationPicture
from samordna.situation.services import picture_prepare

logger = logging.getLogger("samordna.situation")


@dataclass
class Prepared:
    picture: SituationPicture
    reminded: int
    failed: int


def prepare_week(municipality: Municipality, week: str) -> Prepared:
    """The week's draft picture, and reminders to the reporters who sent nothing."""
    picture = picture_prepare(actor=None, municipality=municipality, key=week)
    reminded = failed = 0
    for membership in silent_reporters(municipality, week):
        try:
            reminded += _remind(membership, week)
        except OSError:
            failed += 1
    return Prepared(picture=picture, reminded=reminded, failed=failed)


def silent_reporters(municipality: Municipality, week: str) -> list[Membership]:
    """Active reporter memberships whose organisation filed nothing in the week."""
    reported = Report.objects.filter(municipality=municipality, observations__week_key=week).values(
        "organisation_id"
    )
    return list(
        Membership.objects.in_force()
        .filter(
            municipality=municipality,
            role=Role.REPORTER,
            user__is_active=True,
        )
        .exclude(organisation_id__in=reported)
        .exclude(user__email="")
        .select_related("user", "organisation")
        .order_by("pk")
    )


def _remind(membership: Membership, week: str) -> int:
    """Mail one reminder, at most once per person and week; 1 when mailed."""
    try:
        with transaction.atomic():
            reminder = Reminder.objects.create(
                municipality_id=membership.municipality_id, user=membership.user, week_key=week
            )
            audit.record(
                actor=None,
                action="picture.remind",
                target=reminder,
                municipality=membership.municipality,
                organisation=membership.organisation,
                changes={"week": week},
            )
            link = settings.SITE_URL.rstrip("/") + reverse("reports:submit")
            send_mail(
                subject=f"Påminnelse: rapportera {period_label(week)}",
                message=(
                    f"Hej! {membership.organisation} har inte rapporterat något för "
                    f"{period_label(week)} ännu. Veckomötet sammanställer lägesbilden snart.\n\n"
                    f"Rapportera här: {link}\n\nHar ni inget att rapportera behöver du inte göra "
                    "något."
                ),
                from_email=None,
                recipient_list=[membership.user.email],
            )
    except IntegrityError:
        return 0
    return 1

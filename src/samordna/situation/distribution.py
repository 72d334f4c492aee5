"""Distribution (*återkoppling*) of confirmed pictures to the municipality's list.

Confirming queues one `Delivery` per active recipient in the confirming transaction;
after commit the task `situation.tasks.distribute_picture` renders the PDF once and
sends the mails, so confirming answers at once however many recipients there are.
Every delivery ends as sent or failed with its error shown on the picture's page;
failures are retried by the next `samordna deliver_pictures` run (and by the button on
the page) up to `MAX_ATTEMPTS`. A recipient without an e-mail address gets the picture
in the app only, which counts as delivered.
"""

from __future__ import annotations

import logging

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.mail import EmailMessage
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone

from samordna.analysis.periods import period_label
from samordna.core import audit
from samordna.core.models import Organisation, User
from samordna.core.policies import municipality_ids
from samordna.situation import rendered
from samordna.situation.models import Delivery, Recipient, SituationPicture
from samordna.situation.policies import EST_ROLES, require_picture_editor

logger = logging.getLogger("samordna.situation")
MAX_ATTEMPTS = 5


def distribution_queue(picture: SituationPicture) -> int:
    """Create the confirmed picture's deliveries (sent by the caller's task)."""
    recipients = Recipient.objects.filter(municipality_id=picture.municipality_id, is_active=True)
    created = 0
    for recipient in recipients:
        _, new = Delivery.objects.get_or_create(
            picture=picture, recipient=recipient, municipality_id=picture.municipality_id
        )
        created += new
    return created


def deliver_pending(*, picture_id: int | None = None) -> tuple[int, int]:
    """Send what is pending or failed (and not given up); returns (sent, failed)."""
    due = Delivery.objects.filter(
        status__in=[Delivery.Status.PENDING, Delivery.Status.FAILED], attempts__lt=MAX_ATTEMPTS
    ).select_related("picture__municipality", "recipient__user", "recipient__organisation")
    if picture_id is not None:
        due = due.filter(picture_id=picture_id)
    # Read once: after sending, the sent ones no longer match the filter, and their
    # pictures still have to be marked distributed.
    batch = list(due.order_by("id"))
    sent = sum(_deliver(delivery) for delivery in batch)
    for pk in {d.picture_id for d in batch} | ({picture_id} if picture_id else set()):
        _mark_distributed(pk)
    return sent, len(batch) - sent


def _deliver(delivery: Delivery) -> bool:
    address = delivery.recipient.address
    delivery.attempts += 1
    try:
        if address:
            _mail(delivery, address)
    except Exception as exc:
        logger.warning("picture delivery %s failed: %s", delivery.pk, type(exc).__name__)
        delivery.status, delivery.error = Delivery.Status.FAILED, _error_text(exc)
        delivery.save(update_fields=["status", "error", "attempts"])
        return False
    delivery.status, delivery.error, delivery.sent_at = Delivery.Status.SENT, "", timezone.now()
    delivery.save(update_fields=["status", "error", "attempts", "sent_at"])
    return True


def _error_text(exc: Exception) -> str:
    return f"{type(exc).__name__}: {exc}"[:500]


def _mail(delivery: Delivery, address: str) -> None:
    picture = delivery.picture
    label = period_label(picture.period_key)
    link = settings.SITE_URL.rstrip("/") + reverse("situation:picture", args=[picture.pk])
    body = (
        f"Lägesbilden för {label} i {picture.municipality.name} är fastställd"
        f" (version {picture.version}).\n\nLäs den i Samordna: {link}\n\n"
        "Du får det här brevet för att du står på kommunens sändlista för lägesbilder."
    )
    message = EmailMessage(
        subject=f"Fastställd lägesbild {label} – {picture.municipality.name}",
        body=body,
        to=[address],
    )
    if delivery.recipient.attach_pdf and picture.snapshot is not None:
        message.attach(
            f"lagesbild-{picture.period_key}-v{picture.version}.pdf",
            _stored_pdf(picture),
            "application/pdf",
        )
    message.send(fail_silently=False)


def _stored_pdf(picture: SituationPicture) -> bytes:
    """The version's PDF as rendered once for everyone (rendered now if it is not yet)."""
    stem = rendered.frozen_stem(picture.pk, picture.version, picture.content_hash)
    where = rendered.Target(stem, "pdf", settings.LANGUAGE_CODE)
    return rendered.stored(where) or rendered.store(where, picture.snapshot or {})


def _mark_distributed(picture_id: int) -> None:
    with transaction.atomic():
        picture = SituationPicture.objects.select_for_update().get(pk=picture_id)
        deliveries = Delivery.objects.filter(picture=picture)
        if (
            picture.status != SituationPicture.Status.CONFIRMED
            or not deliveries.exists()
            or deliveries.exclude(status=Delivery.Status.SENT).exists()
        ):
            return
        picture.status, picture.distributed_at = (
            SituationPicture.Status.DISTRIBUTED,
            timezone.now(),
        )
        picture.save(update_fields=["status", "distributed_at"])
        audit.record(
            actor=None,
            action="picture.distribute",
            target=picture,
            changes={"deliveries": deliveries.count()},
        )


def delivery_retry(*, actor: User, picture: SituationPicture) -> tuple[int, int]:
    """The page's "try again": failed deliveries get a fresh set of attempts."""
    _require_editor(actor, picture.municipality_id)
    with transaction.atomic():
        retried = Delivery.objects.filter(picture=picture, status=Delivery.Status.FAILED).update(
            attempts=0
        )
        audit.record(
            actor=actor, action="picture.retry", target=picture, changes={"deliveries": retried}
        )
    return deliver_pending(picture_id=picture.pk)


def recipient_add(
    *,
    actor: User,
    municipality_id: int,
    user: User | None = None,
    organisation: Organisation | None = None,
    email: str = "",
    attach_pdf: bool = False,
) -> Recipient:
    """Put a person, or an organisation's address, on the distribution list."""
    _require_editor(actor, municipality_id)
    if (user is None) == (organisation is None):
        raise ValidationError("Välj antingen en person eller en organisation.")
    if user is not None and municipality_id not in municipality_ids(user, EST_ROLES):
        raise ValidationError({"user": "Personen arbetar inte i kommunen."})
    if organisation is not None and organisation.municipality_id != municipality_id:
        raise ValidationError({"organisation": "Organisationen hör inte till kommunen."})
    if organisation is not None and not email:
        raise ValidationError({"email": "Skriv organisationens e-postadress för lägesbilder."})
    try:
        with transaction.atomic():
            recipient, _ = Recipient.objects.update_or_create(
                municipality_id=municipality_id,
                user=user,
                organisation=None if user else organisation,
                email="" if user else email,
                defaults={"is_active": True, "attach_pdf": attach_pdf},
            )
            audit.record(
                actor=actor,
                action="recipient.add",
                target=recipient,
                changes={"attach_pdf": attach_pdf},
            )
    except IntegrityError as exc:
        raise ValidationError("Mottagaren står redan på sändlistan.") from exc
    return recipient


def recipient_remove(*, actor: User, recipient: Recipient) -> Recipient:
    """Take someone off the list; past deliveries keep pointing at them."""
    _require_editor(actor, recipient.municipality_id)
    with transaction.atomic():
        recipient.is_active = False
        recipient.save(update_fields=["is_active"])
        audit.record(actor=actor, action="recipient.remove", target=recipient)
    return recipient


def _require_editor(actor: User, municipality_id: int) -> None:
    require_picture_editor(
        actor, municipality_id, "Bara samordnare och administratörer sköter sändlistan."
    )

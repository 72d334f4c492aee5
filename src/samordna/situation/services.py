"""Writes of the picture's lifecycle: draft -> proposed -> confirmed -> distributed.

Each service checks the actor's right itself, runs in one transaction and writes its
audit event there. Confirming freezes the document (docs/situation-format.md) with its
content hash, tells the reporters of the included observations, and queues the
distribution, which runs after the commit.
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils import timezone

from samordna.analysis.periods import period_kind
from samordna.core import audit
from samordna.core.models import Municipality, User
from samordna.reports.feedback import feedback_in_picture
from samordna.reports.models import Observation
from samordna.situation import rendered, tasks
from samordna.situation.compile import compile_document, content_hash
from samordna.situation.distribution import distribution_queue
from samordna.situation.documents import picture_block, picture_document
from samordna.situation.models import SituationPicture
from samordna.situation.policies import require_picture_editor
from samordna.situation.signals import announce_confirmed

Status = SituationPicture.Status
_OPEN = (Status.DRAFT, Status.PROPOSED)


def check_period(key: str) -> str:
    """The period's kind, or a Swedish ValidationError for a key that is not one."""
    try:
        return period_kind(key)
    except ValueError as exc:
        raise ValidationError(
            {"period": f"”{key}” är ingen period. Skriv till exempel 2026-W47, 2026-T3 eller 2026."}
        ) from exc


def _require_editor(actor: User, municipality_id: int) -> None:
    require_picture_editor(
        actor, municipality_id, "Bara samordnare och administratörer ändrar lägesbilder."
    )


def latest_picture(municipality: Municipality, key: str) -> SituationPicture | None:
    return (
        SituationPicture.objects.filter(municipality=municipality, period_key=key)
        .order_by("-version")
        .first()
    )


def picture_prepare(
    *, actor: User | None, municipality: Municipality, key: str
) -> SituationPicture:
    """The period's current picture, creating the draft (version 1) when there is none.

    `actor` None is the scheduled compilation (`samordna compile_pictures`).
    """
    kind = check_period(key)
    if actor is not None:
        _require_editor(actor, municipality.pk)
    with transaction.atomic():
        existing = latest_picture(municipality, key)
        if existing is not None:
            return existing
        picture = SituationPicture.objects.create(
            municipality=municipality, kind=kind, period_key=key
        )
        audit.record(actor=actor, action="picture.prepare", target=picture, changes={"period": key})
    return picture


def picture_propose(*, actor: User, picture: SituationPicture) -> SituationPicture:
    """Mark a draft as the coordinator's proposal for the meeting."""
    _require_editor(actor, picture.municipality_id)
    with transaction.atomic():
        picture = _locked(picture)
        if picture.status != Status.DRAFT:
            raise ValidationError("Bara ett utkast kan föreslås.")
        picture.status, picture.proposed_at = Status.PROPOSED, timezone.now()
        picture.save(update_fields=["status", "proposed_at"])
        audit.record(actor=actor, action="picture.propose", target=picture)
    return picture


def picture_confirm(
    *,
    actor: User,
    picture: SituationPicture,
    summary: str | None = None,
    meeting: dict[str, Any] | None = None,
) -> SituationPicture:
    """Confirm (*fastställ*): freeze the document, tell reporters, queue distribution."""
    _require_editor(actor, picture.municipality_id)
    with transaction.atomic():
        picture = _locked(picture)
        if picture.status not in _OPEN:
            raise ValidationError("Lägesbilden är redan fastställd. Gör en rättelse i stället.")
        now = timezone.now()
        picture.status, picture.confirmed_at, picture.confirmed_by = Status.CONFIRMED, now, actor
        if summary is not None:
            picture.summary = summary
        document = compile_document(
            picture.municipality,
            picture.period_key,
            picture=picture_block(picture),
            meeting=meeting,
        )
        picture.content_hash = document["picture"]["content_hash"] = content_hash(document)
        picture.snapshot = document
        picture.save()
        included = [o["id"] for o in document["observations"]]
        _tell_reporters(picture, included)
        audit.record(
            actor=actor,
            action="picture.confirm",
            target=picture,
            changes={"observations": len(included), "content_hash": picture.content_hash},
        )
        distribution_queue(picture)
        # After commit, in the task worker: the PDF rendered once, then the mails.
        confirmed_id = picture.pk
        transaction.on_commit(lambda: tasks.distribute_picture.enqueue(confirmed_id))
        transaction.on_commit(lambda: announce_confirmed(confirmed_id))
    return picture


def picture_correct(*, actor: User, picture: SituationPicture, reason: str) -> SituationPicture:
    """Start a corrected version of a confirmed picture; the old version stays as it was."""
    _require_editor(actor, picture.municipality_id)
    reason = reason.strip()
    if not reason:
        raise ValidationError({"reason": "Skriv varför lägesbilden rättas."})
    with transaction.atomic():
        picture = _locked(picture)
        if picture.status in _OPEN:
            raise ValidationError("Utkastet kan ändras direkt; det behöver ingen rättelse.")
        if picture.is_superseded:
            raise ValidationError("Det finns redan en nyare version av lägesbilden.")
        newest = SituationPicture.objects.filter(
            municipality_id=picture.municipality_id, period_key=picture.period_key
        ).aggregate(v=Max("version"))["v"]
        correction = SituationPicture.objects.create(
            municipality_id=picture.municipality_id,
            kind=picture.kind,
            period_key=picture.period_key,
            version=newest + 1,
            summary=picture.summary,
            correction_of=picture,
            correction_reason=reason,
        )
        audit.record(
            actor=actor,
            action="picture.correct",
            target=correction,
            changes={"version": correction.version, "reason": reason},
        )
        # The old version's files were made when it was the newest; made again on
        # request, they say that a correction exists.
        rendered.forget_on_commit(picture.pk)
    return correction


def _locked(picture: SituationPicture) -> SituationPicture:
    return SituationPicture.objects.select_for_update().get(pk=picture.pk)


def _tell_reporters(picture: SituationPicture, observation_ids: list[int]) -> None:
    Observation.objects.filter(
        pk__in=observation_ids,
        status__in=[Observation.Status.SUBMITTED, Observation.Status.REVIEWED],
    ).update(status=Observation.Status.IN_PICTURE)
    feedback_in_picture(
        observation_ids=observation_ids, picture_id=picture.pk, period_key=picture.period_key
    )


__all__ = [
    "check_period",
    "latest_picture",
    "picture_block",
    "picture_confirm",
    "picture_correct",
    "picture_document",
    "picture_prepare",
    "picture_propose",
]

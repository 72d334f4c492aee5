"""The picture's lifecycle: prepare, propose, confirm (frozen), correct, distribute."""

from __future__ import annotations

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.management import call_command
from django.test import TestCase

from samordna.core.models import AuditEvent
from samordna.reports.models import Feedback, Observation
from samordna.reports.review import observation_correct
from samordna.situation import services
from samordna.situation.compile import content_hash
from samordna.situation.distribution import delivery_retry, recipient_add
from samordna.situation.models import Delivery, SituationPicture
from samordna.situation.versions import compare
from tests.reports.factories import category
from tests.situation.factories import in_week, observe

WEEK = "2026-W40"
Status = SituationPicture.Status


def _confirm(world, **kwargs):
    coordinator = world.user("coordinator")
    picture = services.picture_prepare(actor=coordinator, municipality=world.a, key=WEEK)
    with TestCase.captureOnCommitCallbacks(execute=True):
        return services.picture_confirm(actor=coordinator, picture=picture, **kwargs)


def test_prepare_is_idempotent_and_audited(world):
    coordinator = world.user("coordinator")
    first = services.picture_prepare(actor=coordinator, municipality=world.a, key=WEEK)
    again = services.picture_prepare(actor=coordinator, municipality=world.a, key=WEEK)
    assert first.pk == again.pk
    assert (first.kind, first.status, first.version) == ("week", Status.DRAFT, 1)
    assert AuditEvent.objects.filter(action="picture.prepare").count() == 1


def test_a_bad_period_is_refused_in_swedish_and_nothing_is_saved(world):
    with pytest.raises(ValidationError, match="ingen period"):
        services.picture_prepare(actor=world.user("coordinator"), municipality=world.a, key="v47")
    assert not SituationPicture.objects.exists()


@pytest.mark.parametrize("role", ["reporter", "analyst", "partner", "management"])
def test_only_coordinators_and_admins_confirm(world, role):
    picture = services.picture_prepare(actor=None, municipality=world.a, key=WEEK)
    with pytest.raises(PermissionDenied):
        services.picture_confirm(actor=world.user(role), picture=picture)
    picture.refresh_from_db()
    assert picture.status == Status.DRAFT
    assert picture.snapshot is None


def test_a_coordinator_of_another_municipality_cannot_confirm(world):
    picture = services.picture_prepare(actor=None, municipality=world.a, key=WEEK)
    with pytest.raises(PermissionDenied):
        services.picture_confirm(
            actor=world.user("coordinator", "other_municipality"), picture=picture
        )
    assert SituationPicture.objects.get().status == Status.DRAFT


def test_confirming_freezes_the_document_against_later_edits(world):
    first, _second = observe(world, WEEK, 2)
    picture = _confirm(world, summary="Lugn vecka.")
    frozen = services.picture_document(picture)
    assert picture.status == Status.CONFIRMED
    assert picture.content_hash == content_hash(frozen) == frozen["picture"]["content_hash"]
    # Later: one observation moves to another week, a new one arrives.
    observation_correct(
        actor=world.user("coordinator"), observation=first, occurred_from=in_week("2026-W41")
    )
    observe(world, WEEK, 3)
    picture.refresh_from_db()
    again = services.picture_document(picture)
    assert again["totals"]["count"] == 2
    assert [o["id"] for o in again["observations"]] == [o["id"] for o in frozen["observations"]]
    assert content_hash(again) == picture.content_hash
    assert picture.summary == "Lugn vecka."


def test_confirming_tells_the_reporters_and_marks_the_observations(world):
    observations = observe(world, WEEK, 2)
    _confirm(world)
    statuses = set(
        Observation.objects.filter(pk__in=[o.pk for o in observations]).values_list(
            "status", flat=True
        )
    )
    assert statuses == {Observation.Status.IN_PICTURE}
    feedback = Feedback.objects.filter(kind=Feedback.Kind.IN_PICTURE)
    assert feedback.count() == 2
    assert {f.recipient for f in feedback} == {world.user("reporter")}
    assert "vecka 40, 2026" in feedback.first().message


def test_a_confirmed_picture_cannot_be_confirmed_again(world):
    picture = _confirm(world)
    events = AuditEvent.objects.count()
    with pytest.raises(ValidationError, match="redan fastställd"):
        services.picture_confirm(actor=world.user("coordinator"), picture=picture)
    assert AuditEvent.objects.count() == events


def test_a_correction_is_a_new_version_with_a_reason_and_can_be_compared(world):
    observe(world, WEEK)
    picture = _confirm(world)
    with pytest.raises(ValidationError, match="Skriv varför"):
        services.picture_correct(actor=world.user("coordinator"), picture=picture, reason="  ")
    assert SituationPicture.objects.count() == 1
    added = observe(world, WEEK, category=category("anlagd-brand"))
    correction = services.picture_correct(
        actor=world.user("coordinator"), picture=picture, reason="En rapport kom in sent."
    )
    assert (correction.version, correction.status) == (2, Status.DRAFT)
    assert correction.correction_of == picture
    with TestCase.captureOnCommitCallbacks(execute=True):
        correction = services.picture_confirm(actor=world.user("coordinator"), picture=correction)
    picture.refresh_from_db()
    assert picture.is_superseded
    assert services.latest_picture(world.a, WEEK) == correction
    diff = compare(picture.snapshot, correction.snapshot)
    assert diff["added"] == [added[0].pk]
    assert diff["removed"] == []
    assert diff["totals"] == [{"field": "count", "old": 1, "new": 2}]
    with pytest.raises(ValidationError, match="nyare version"):
        services.picture_correct(actor=world.user("coordinator"), picture=picture, reason="x")


def test_distribution_mails_everyone_on_the_list_and_marks_the_picture(world):
    coordinator = world.user("coordinator")
    recipient_add(actor=coordinator, municipality_id=world.a.pk, user=world.user("partner"))
    recipient_add(
        actor=coordinator,
        municipality_id=world.a.pk,
        organisation=world.a2,
        email="lagesbild@polis.example",
    )
    picture = _confirm(world)
    picture.refresh_from_db()
    assert picture.status == Status.DISTRIBUTED
    assert sorted(m.to[0] for m in mail.outbox) == [
        "lagesbild@polis.example",
        "partner-own_org@example.invalid",
    ]
    assert "/lagesbild/bild/" in mail.outbox[0].body
    assert set(Delivery.objects.values_list("status", flat=True)) == {Delivery.Status.SENT}


def test_a_failed_mail_is_shown_and_retried_never_dropped(world, settings, monkeypatch):
    coordinator = world.user("coordinator")
    recipient_add(actor=coordinator, municipality_id=world.a.pk, user=world.user("partner"))

    def refuse(*args, **kwargs):
        raise OSError("mail server down")

    monkeypatch.setattr("django.core.mail.EmailMessage.send", refuse)
    picture = _confirm(world)
    picture.refresh_from_db()
    delivery = Delivery.objects.get()
    assert picture.status == Status.CONFIRMED
    assert (delivery.status, delivery.attempts) == (Delivery.Status.FAILED, 1)
    assert "mail server down" in delivery.error
    monkeypatch.undo()
    sent, failed = delivery_retry(actor=coordinator, picture=picture)
    assert (sent, failed) == (1, 0)
    picture.refresh_from_db()
    assert picture.status == Status.DISTRIBUTED
    assert len(mail.outbox) == 1


def test_a_recipient_must_belong_to_the_municipality(world):
    with pytest.raises(ValidationError, match="arbetar inte i kommunen"):
        recipient_add(
            actor=world.user("coordinator"),
            municipality_id=world.a.pk,
            user=world.user("partner", "other_municipality"),
        )
    with pytest.raises(ValidationError, match="e-postadress"):
        recipient_add(
            actor=world.user("coordinator"), municipality_id=world.a.pk, organisation=world.a2
        )


def test_the_scheduled_retry_marks_the_picture_distributed_once_all_are_sent(world, monkeypatch):
    recipient_add(
        actor=world.user("coordinator"), municipality_id=world.a.pk, user=world.user("partner")
    )
    monkeypatch.setattr(
        "django.core.mail.EmailMessage.send", lambda *a, **k: (_ for _ in ()).throw(OSError())
    )
    picture = _confirm(world)
    monkeypatch.undo()
    # samordna deliver_pictures: no picture named, the failed delivery goes out now.
    call_command("deliver_pictures")
    picture.refresh_from_db()
    assert Delivery.objects.get().status == Delivery.Status.SENT
    assert picture.status == Status.DISTRIBUTED
    snapshot_before = dict(picture.snapshot)
    services.picture_document(picture)
    picture.refresh_from_db()
    assert picture.snapshot == snapshot_before

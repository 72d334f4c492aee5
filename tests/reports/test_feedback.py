"""Feedback to reporters: written by the review services, read in the app, mailed weekly."""

from __future__ import annotations

import uuid
from io import StringIO
from smtplib import SMTPException

import pytest
from django.conf import settings
from django.core import mail
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.db import transaction
from django.test import RequestFactory

from samordna.core.models import AuditEvent
from samordna.reports import feedback_digest, views_feedback
from samordna.reports.context_processors import feedback as feedback_context
from samordna.reports.feedback import (
    DUPLICATE_MESSAGE,
    feedback_mark_read,
    feedback_record,
    unread_count,
)
from samordna.reports.feedback_digest import feedback_send_digest
from samordna.reports.models import Feedback, FeedbackItem, Observation, Report
from samordna.reports.review import (
    observation_mark_duplicate,
    observation_mark_reviewed,
    observation_reject,
    observations_bulk,
)
from samordna.reports.services import report_submit
from tests.reports.factories import (
    SECRET_ADDRESS,
    SECRET_TEXT,
    file_observation,
    observation_input,
)

Kind = Feedback.Kind
REASON = "Gäller en plats utanför kommunen."


def _file_several(world, n: int) -> list[Observation]:
    """One report by A1's reporter with `n` observations."""
    submitted = report_submit(
        actor=world.user("reporter"),
        organisation=world.a1,
        client_uuid=uuid.uuid4(),
        observations=[observation_input(address=f"Gata {i}") for i in range(n)],
    )
    return list(submitted.report.observations.order_by("pk"))


def _client_for(client, user):
    client.force_login(user)
    return client


# --- written by the review services ----------------------------------------------------


def test_a_rejection_tells_the_reporter_once_with_the_reason(world):
    # given an observation filed by A1's reporter
    observation = file_observation(world)
    # when a coordinator rejects it
    observation_reject(actor=world.user("coordinator"), observation=observation, reason=REASON)
    # then its reporter has exactly one "closed" feedback, with the reason in plain words
    feedback = Feedback.objects.get()
    assert feedback.observation == observation
    assert feedback.recipient == world.user("reporter")
    assert feedback.kind == Kind.CLOSED
    assert REASON in feedback.message
    assert feedback.municipality == world.a
    assert feedback.read_at is None
    assert feedback.emailed_at is None


def test_a_duplicate_tells_the_reporter_it_was_merged(world):
    original = file_observation(world)
    duplicate = file_observation(world)

    observation_mark_duplicate(actor=world.user("admin"), observation=duplicate, of=original)

    feedback = Feedback.objects.get()
    assert (feedback.observation, feedback.kind) == (duplicate, Kind.DUPLICATE)
    assert feedback.message == (
        "Din iakttagelse gällde samma sak som en annan rapport och har slagits ihop med den."
    )
    assert feedback.message == str(DUPLICATE_MESSAGE)


def test_marking_reviewed_tells_the_reporter_once(world):
    observation = file_observation(world)

    observation_mark_reviewed(actor=world.user("coordinator"), observation=observation)

    feedback = Feedback.objects.get()
    assert (feedback.kind, feedback.recipient) == (Kind.REVIEWED, world.user("reporter"))
    assert feedback.message


def test_the_message_is_stored_in_swedish_whatever_the_reviewers_language(world):
    from django.utils import translation

    observation = file_observation(world)

    with translation.override("en"):
        observation_mark_duplicate(
            actor=world.user("admin"), observation=observation, of=file_observation(world)
        )

    assert Feedback.objects.get().message.startswith("Din iakttagelse gällde samma sak")


def test_a_report_without_a_reporter_gets_no_feedback(world):
    # given an observation whose report has no reporter (as an import by the system)
    observation = file_observation(world)
    Report.objects.filter(pk=observation.report_id).update(reporter=None)
    # when it is reviewed and then another one rejected
    observation_mark_reviewed(actor=world.user("coordinator"), observation=observation)
    # then the review happened, and nobody was told
    observation.refresh_from_db()
    assert observation.status == Observation.Status.REVIEWED
    assert not Feedback.objects.exists()


def test_feedback_is_recorded_once_per_observation_and_kind(world):
    observation = file_observation(world)

    with transaction.atomic():
        first = feedback_record(observation=observation, kind=Kind.IN_PICTURE, message="Först.")
        again = feedback_record(observation=observation, kind=Kind.IN_PICTURE, message="Igen.")
        other = feedback_record(observation=observation, kind=Kind.LINKED, message="Kopplad.")

    assert first is not None
    assert again is not None
    assert other is not None
    assert again.pk == first.pk
    assert again.message == "Först."
    assert Feedback.objects.filter(observation=observation).count() == 2


def test_feedback_must_be_recorded_inside_the_callers_transaction(world):
    observation = file_observation(world)
    # pytest-django wraps each test in a transaction; leave it out of the picture.
    connection = transaction.get_connection()
    was_atomic = connection.in_atomic_block
    connection.in_atomic_block = False
    try:
        with pytest.raises(RuntimeError):
            feedback_record(observation=observation, kind=Kind.REVIEWED, message="x")
    finally:
        connection.in_atomic_block = was_atomic
    assert not Feedback.objects.exists()


def test_bulk_actions_tell_each_reporter_about_their_own(world):
    # given two observations of A1's reporter and one of A2's
    own = _file_several(world, 2)
    other = file_observation(world, organisation=world.a2)
    ids = [o.pk for o in [*own, other]]
    # when a coordinator marks all three reviewed in bulk
    changed = observations_bulk(
        actor=world.user("coordinator"),
        queryset=Observation.objects.filter(pk__in=ids),
        action="reviewed",
    )
    # then each observation has one "reviewed" feedback, for its own reporter
    assert changed == 3
    rows = Feedback.objects.order_by("observation_id")
    assert [(f.observation_id, f.kind) for f in rows] == [(pk, Kind.REVIEWED) for pk in ids]
    assert [f.recipient for f in rows] == [
        world.user("reporter"),
        world.user("reporter"),
        world.user("reporter", "other_org"),
    ]


def test_a_bulk_rejection_tells_each_reporter_and_a_refused_bulk_tells_nobody(world):
    observations = _file_several(world, 2)
    reviewed = file_observation(world)
    observation_mark_reviewed(actor=world.user("coordinator"), observation=reviewed)
    closed = file_observation(world)
    observation_reject(actor=world.user("coordinator"), observation=closed, reason=REASON)
    before = Feedback.objects.count()

    # a bulk that includes an already closed observation changes nothing, tells nobody
    with pytest.raises(ValidationError):
        observations_bulk(
            actor=world.user("coordinator"),
            queryset=Observation.objects.filter(pk__in=[observations[0].pk, closed.pk]),
            action="reject",
            reason=REASON,
        )
    assert Feedback.objects.count() == before

    # a valid bulk rejection closes each with its own feedback, the reason included
    observations_bulk(
        actor=world.user("coordinator"),
        queryset=Observation.objects.filter(pk__in=[o.pk for o in [*observations, reviewed]]),
        action="reject",
        reason=REASON,
    )
    for observation in [*observations, reviewed]:
        closing = Feedback.objects.get(observation=observation, kind=Kind.CLOSED)
        assert REASON in closing.message
    assert Feedback.objects.filter(observation=reviewed).count() == 2  # reviewed, closed


# --- in the app --------------------------------------------------------------------


def _reviewed(world, n: int = 1) -> list[Observation]:
    observations = _file_several(world, n)
    for observation in observations:
        observation_mark_reviewed(actor=world.user("coordinator"), observation=observation)
    return observations


def _rejected(world, n: int = 1) -> list[Observation]:
    observations = _file_several(world, n)
    for observation in observations:
        observation_reject(actor=world.user("coordinator"), observation=observation, reason=REASON)
    return observations


def test_the_header_counts_unread_feedback_with_one_query(client, world, django_assert_num_queries):
    # given two observations reviewed today (one event) and one rejected (another)
    reporter = world.user("reporter")
    _reviewed(world, 2)
    _rejected(world)
    request = RequestFactory().get("/")
    request.user = reporter

    context = feedback_context(request)
    with django_assert_num_queries(1):
        assert str(context["unread_feedback"]) == "2"
        assert bool(context["unread_feedback"])

    page = _client_for(client, reporter).get("/").content.decode()
    assert "Återkoppling (2)" in page


def test_a_days_reviews_are_one_item_that_grows_and_is_new_again(client, world):
    # given one observation reviewed, and the reporter has read it
    reporter = world.user("reporter")
    first, second = _file_several(world, 2)
    observation_mark_reviewed(actor=world.user("coordinator"), observation=first)
    _client_for(client, reporter).get("/aterkoppling/")
    assert unread_count(reporter) == 0
    # when a second one is reviewed the same day
    observation_mark_reviewed(actor=world.user("coordinator"), observation=second)
    # then it is still one item, now about both, and unread again
    item = FeedbackItem.objects.get()
    assert item.count == 2
    assert item.message.startswith("Samordnaren har gått igenom 2 av dina iakttagelser.")
    assert item.read_at is None
    assert unread_count(reporter) == 1
    assert Feedback.objects.filter(item=item).count() == 2


def test_no_unread_count_when_nothing_is_unread(client, world):
    _reviewed(world)
    feedback_mark_read(
        user=world.user("reporter"), ids=FeedbackItem.objects.values_list("pk", flat=True)
    )

    page = _client_for(client, world.user("reporter")).get("/").content.decode()

    assert "Återkoppling (" not in page
    # The reporter's menu always holds their feedback (issue 17); only the count goes.
    assert '<a href="/aterkoppling/">Återkoppling</a>' in page


def test_the_page_lists_newest_first_and_marks_what_it_showed_read(client, world, monkeypatch):
    # given three pieces of feedback (three rejections), and pages of two
    monkeypatch.setattr(views_feedback, "PAGE_SIZE", 2)
    oldest = _rejected(world, 3)[0]
    client = _client_for(client, world.user("reporter"))
    # when the reporter opens the page
    response = client.get("/aterkoppling/")
    # then the two newest are shown, marked new, and are now read; the oldest is not
    body = response.content.decode()
    assert response.status_code == 200
    assert body.count("Ny</span>") == 2
    assert "Gata 2" in body
    assert "Gata 1" in body
    assert "Gata 0" not in body
    assert body.index("Gata 2") < body.index("Gata 1")
    unread = Feedback.objects.filter(read_at__isnull=True)
    assert list(unread.values_list("observation_id", flat=True)) == [oldest.pk]
    assert FeedbackItem.objects.filter(read_at__isnull=True).count() == 1
    # and the header, drawn after marking, counts the one left
    assert "Återkoppling (1)" in body
    # a second visit shows nothing as new
    assert "Ny</span>" not in client.get("/aterkoppling/").content.decode()


def test_my_reports_shows_each_observation_its_feedback(client, world):
    observation = file_observation(world)
    observation_reject(actor=world.user("coordinator"), observation=observation, reason=REASON)

    body = _client_for(client, world.user("reporter")).get("/mina-rapporter/").content.decode()

    assert "Samordnaren har avslutat din iakttagelse. Skäl: " + REASON in body


def test_nobody_sees_or_marks_anybody_elses_feedback(client, world):
    # given feedback for A1's reporter
    observation = file_observation(world)
    observation_reject(actor=world.user("coordinator"), observation=observation, reason=REASON)
    feedback = Feedback.objects.get()
    message = feedback.message
    for role, relation in [
        ("coordinator", "own_org"),  # reviews it, and reports for A1 too
        ("admin", "own_org"),
        ("reporter", "other_org"),
        ("reporter", "other_municipality"),
    ]:
        other = world.user(role, relation)
        # then nobody else reads it, on the page, in "my reports" or through restrict()
        assert not Feedback.objects.restrict(other).exists()
        assert not FeedbackItem.objects.restrict(other).exists()
        client.force_login(other)
        assert message not in client.get("/aterkoppling/").content.decode()
        assert "Samordnaren har avslutat din" not in client.get("/mina-rapporter/").content.decode()
        # and nobody else can mark it read
        assert feedback_mark_read(user=other, ids=[feedback.item_id]) == 0
    feedback.refresh_from_db()
    assert feedback.read_at is None


# --- the weekly e-mail digest --------------------------------------------------------


def _run(*args: str) -> str:
    out = StringIO()
    call_command("send_feedback_digest", *args, stdout=out)
    return out.getvalue()


def _feedback_for_two_reporters(world) -> None:
    own = file_observation(world)
    other = file_observation(world, organisation=world.a2)
    observation_reject(actor=world.user("coordinator"), observation=own, reason=REASON)
    observation_mark_reviewed(actor=world.user("coordinator", "other_org"), observation=other)
    observation_mark_reviewed(actor=world.user("coordinator"), observation=file_observation(world))


def test_the_digest_sends_each_reporter_one_mail_and_never_twice(
    world, django_capture_on_commit_callbacks
):
    # given feedback for two reporters (two items for A1's, one for A2's)
    _feedback_for_two_reporters(world)
    # when the digest runs
    with django_capture_on_commit_callbacks(execute=True):
        output = _run()
    # then each got one mail, with what became of their own observations
    assert sorted(m.to[0] for m in mail.outbox) == [
        "reporter-other_org@example.invalid",
        "reporter-own_org@example.invalid",
    ]
    own = next(m for m in mail.outbox if m.to == ["reporter-own_org@example.invalid"])
    assert own.subject == "Återkoppling på dina rapporter i Samordna"
    assert REASON in own.body
    assert "Skadegörelse och klotter" in own.body  # the category
    assert SECRET_ADDRESS in own.body  # the place, in the reporter's own words
    assert "Samordnaren har gått igenom" in own.body
    assert SECRET_TEXT not in own.body  # never the free text
    assert f"{settings.SITE_URL.rstrip('/')}/aterkoppling/" in own.body
    assert "2 rapportörer fick brev med sammanlagt 3 återkopplingar." in output
    assert not Feedback.objects.filter(emailed_at__isnull=True).exists()
    assert AuditEvent.objects.filter(action="feedback.digest").count() == 2
    # and a second run sends nothing more
    with django_capture_on_commit_callbacks(execute=True):
        _run()
    assert len(mail.outbox) == 2


def test_only_new_feedback_goes_in_the_next_digest(world, django_capture_on_commit_callbacks):
    observation_reject(
        actor=world.user("coordinator"), observation=file_observation(world), reason=REASON
    )
    with django_capture_on_commit_callbacks(execute=True):
        _run()
    observation_mark_reviewed(actor=world.user("coordinator"), observation=file_observation(world))

    with django_capture_on_commit_callbacks(execute=True):
        _run()

    assert len(mail.outbox) == 2
    assert REASON not in mail.outbox[1].body
    assert "Samordnaren har gått igenom" in mail.outbox[1].body


def test_those_who_declined_get_no_mail(world, django_capture_on_commit_callbacks):
    _feedback_for_two_reporters(world)
    declined = world.user("reporter")
    declined.feedback_email = False
    declined.save(update_fields=["feedback_email"])

    with django_capture_on_commit_callbacks(execute=True):
        _run()

    assert [m.to for m in mail.outbox] == [["reporter-other_org@example.invalid"]]
    assert Feedback.objects.filter(recipient=declined, emailed_at__isnull=True).count() == 2


def test_a_dry_run_sends_and_changes_nothing(world, django_capture_on_commit_callbacks):
    _feedback_for_two_reporters(world)
    events = AuditEvent.objects.count()

    with django_capture_on_commit_callbacks(execute=True):
        output = _run("--dry-run")

    assert mail.outbox == []
    assert Feedback.objects.filter(emailed_at__isnull=True).count() == 3
    assert AuditEvent.objects.count() == events
    assert "2 rapportörer skulle få brev med sammanlagt 3 återkopplingar." in output


def test_a_mail_that_cannot_be_sent_puts_its_feedback_back(
    world, monkeypatch, django_capture_on_commit_callbacks
):
    observation_reject(
        actor=world.user("coordinator"), observation=file_observation(world), reason=REASON
    )

    def broken(*args, **kwargs):
        raise SMTPException("the relay is down")

    monkeypatch.setattr(feedback_digest, "send_mail", broken)
    with (
        pytest.raises(SMTPException),
        django_capture_on_commit_callbacks(execute=True),
    ):
        feedback_send_digest(recipient=world.user("reporter"))

    assert Feedback.objects.get().emailed_at is None


# --- declining the digest on the account page ------------------------------------------


def test_the_account_page_turns_the_digest_off_and_on_and_audits_it(client, world):
    reporter = world.user("reporter")
    client.force_login(reporter)
    assert 'name="feedback_email"' in client.get("/konto/").content.decode()

    response = client.post("/konto/", {})
    reporter.refresh_from_db()
    assert response.status_code == 302
    assert reporter.feedback_email is False
    change = AuditEvent.objects.get(action="user.feedback_email")
    assert change.changes == {"feedback_email": [True, False]}
    assert change.actor == reporter

    client.post("/konto/", {"feedback_email": "on"})
    reporter.refresh_from_db()
    assert reporter.feedback_email is True
    assert AuditEvent.objects.filter(action="user.feedback_email").count() == 2

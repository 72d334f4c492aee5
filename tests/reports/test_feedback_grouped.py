"""Feedback that tells what happened (issue 18): one item per event and reporter, to
every reporter whose observations the event concerns, and to nobody else."""

from __future__ import annotations

from datetime import timedelta
from io import StringIO

from django.core import mail
from django.core.management import call_command
from django.db import transaction
from django.test import TestCase
from django.utils import timezone

from samordna.analysis.periods import iso_week
from samordna.interventions.feedback import change_in_words
from samordna.interventions.followup import FollowUpInput, followup_create
from samordna.interventions.models import Intervention
from samordna.meetings.services import _tell_decision
from samordna.problems.links import problem_link_observations
from samordna.reports.feedback import unread_count
from samordna.reports.feedback_events import (
    feedback_event_deliver,
    feedback_event_queue,
    feedback_events_deliver_pending,
)
from samordna.reports.models import Feedback, FeedbackEvent, FeedbackItem
from samordna.situation import services as situation
from tests.interventions.factories import make_intervention
from tests.meetings.factories import start_meeting
from tests.problems.factories import make_problem
from tests.reports.factories import category, file_observation
from tests.situation.factories import observe

WEEK = "2026-W40"
DECIDED = "Veckomötet beslutade: Belysning i gångtunneln (Alfa bostäder, klart senast"


def _decide(client, world, problem) -> Intervention:
    meeting = start_meeting(world, iso_week(timezone.now()))
    client.force_login(world.user("coordinator"))
    deadline = timezone.localdate() + timedelta(days=14)
    client.post(
        f"/veckomote/{meeting.pk}/beslut/",
        {
            "beslut-title": "Belysning i gångtunneln",
            "beslut-owner_organisation": world.a1.pk,
            "beslut-deadline": deadline.isoformat(),
            "beslut-problem": problem.pk,
        },
    )
    return Intervention.objects.get(decided_in=meeting)


def _page(client, user) -> str:
    client.force_login(user)
    return client.get("/aterkoppling/").content.decode()


def test_a_reporter_linked_by_rule_and_by_hand_sees_the_decision_once(
    client, world, django_capture_on_commit_callbacks
):
    # given a reporter with one observation linked to a problem by its rule, one by hand,
    by_rule = file_observation(world)
    problem = make_problem(world, rule=True)
    by_hand = file_observation(world, category=category("nedskrapning-dumpning"))
    problem_link_observations(actor=None, problem=problem, observations=[by_hand])
    assert set(problem.observations.all()) == {by_rule, by_hand}
    # and a colleague, and a reporter elsewhere, with observations not linked to it
    file_observation(world, world.a2)
    file_observation(world, world.b1)
    before = {u: unread_count(world.user("reporter", u)) for u in ("other_org", "own_org")}
    # when the meeting decides an intervention against the problem
    with django_capture_on_commit_callbacks(execute=True):
        intervention = _decide(client, world, problem)
    # then the reporter has exactly one item about it, about both observations
    reporter = world.user("reporter")
    item = FeedbackItem.objects.get(recipient=reporter, kind=Feedback.Kind.DECIDED)
    assert item.message.startswith(DECIDED)
    assert item.count == 2
    assert unread_count(reporter) == before["own_org"] + 1
    assert DECIDED in _page(client, reporter)
    # and telling, delivering and mailing again adds nothing
    with django_capture_on_commit_callbacks(execute=True), transaction.atomic():
        _tell_decision(intervention, [])
    feedback_event_deliver(FeedbackEvent.objects.get().pk)
    feedback_events_deliver_pending()
    call_command("send_feedback_digest", stdout=StringIO())
    assert FeedbackItem.objects.filter(kind=Feedback.Kind.DECIDED).count() == 1
    assert Feedback.objects.filter(kind=Feedback.Kind.DECIDED).count() == 1
    # and the others hear nothing of it
    for relation in ("other_org", "other_municipality"):
        other = world.user("reporter", relation)
        assert not FeedbackItem.objects.filter(recipient=other, kind="decided").exists()
        assert "Belysning i gångtunneln" not in _page(client, other)
    assert unread_count(world.user("reporter", "other_org")) == before["other_org"]


def test_an_event_is_never_told_outside_its_municipality(world):
    # given an observation of B named among an event of A (a mistake upstream)
    elsewhere = file_observation(world, world.b1)
    with transaction.atomic():
        event = feedback_event_queue(
            municipality_id=world.a.pk,
            key="decision:test",
            kind=Feedback.Kind.DECIDED,
            message="Veckomötet beslutade: något.",
            observation_ids=[elsewhere.pk],
        )
    # when it is delivered, then B's reporter is told nothing
    assert feedback_event_deliver(event.pk) == 0
    assert not FeedbackItem.objects.filter(key="decision:test").exists()


def test_a_decision_whose_task_never_ran_is_told_by_the_digest(client, world):
    # given a linked observation and a decision whose after-commit task did not run
    file_observation(world)
    problem = make_problem(world, rule=True)
    _decide(client, world, problem)
    assert not FeedbackItem.objects.filter(kind=Feedback.Kind.DECIDED).exists()
    # when the weekly digest runs
    with TestCase.captureOnCommitCallbacks(execute=True):
        call_command("send_feedback_digest", stdout=StringIO())
    # then the reporter is told, in the app and in the mail
    assert FeedbackItem.objects.filter(kind=Feedback.Kind.DECIDED).count() == 1
    assert DECIDED in mail.outbox[0].body


def test_three_observations_in_a_confirmed_picture_are_one_item(world):
    # given a reporter with three observations in the week, and a colleague with none
    observe(world, WEEK, 3)
    coordinator = world.user("coordinator")
    picture = situation.picture_prepare(actor=coordinator, municipality=world.a, key=WEEK)
    # when the picture is confirmed
    with TestCase.captureOnCommitCallbacks(execute=True):
        situation.picture_confirm(actor=coordinator, picture=picture)
    # then the reporter has one item saying so, over three rows
    item = FeedbackItem.objects.get()
    assert item.recipient == world.user("reporter")
    assert item.message == "3 av dina iakttagelser kom med i veckans lägesbild (v. 40)."
    assert item.rows.count() == 3
    assert unread_count(world.user("reporter")) == 1
    assert unread_count(world.user("reporter", "other_org")) == 0


def test_the_digest_says_the_grouped_sentence_once(world):
    # given a confirmed picture with three of the reporter's observations
    observe(world, WEEK, 3)
    coordinator = world.user("coordinator")
    picture = situation.picture_prepare(actor=coordinator, municipality=world.a, key=WEEK)
    with TestCase.captureOnCommitCallbacks(execute=True):
        situation.picture_confirm(actor=coordinator, picture=picture)
    # when the digest runs
    out = StringIO()
    with TestCase.captureOnCommitCallbacks(execute=True):
        call_command("send_feedback_digest", stdout=out)
    # then one mail says it in one sentence, not once per observation
    (sent,) = mail.outbox
    assert sent.body.count("3 av dina iakttagelser kom med i veckans lägesbild (v. 40).") == 1
    assert "lägesbilden för vecka 40" not in sent.body
    assert "1 rapportörer fick brev med sammanlagt 1 återkopplingar." in out.getvalue()


def test_a_follow_up_tells_the_problems_reporters(world, django_capture_on_commit_callbacks):
    # given a reporter's observation linked to a problem, and an intervention against it
    file_observation(world)
    problem = make_problem(world, rule=True)
    intervention = make_intervention(world, problem=problem)
    # when the intervention is followed up as done
    with django_capture_on_commit_callbacks(execute=True):
        followup_create(
            actor=None, intervention=intervention, data=FollowUpInput(kind="production", done="yes")
        )
    # then the reporter hears it, once
    item = FeedbackItem.objects.get(kind=Feedback.Kind.FOLLOWED_UP)
    assert item.recipient == world.user("reporter")
    assert item.message.startswith("Problemet du rapporterade om följs upp")
    assert item.message.endswith("den är genomförd.")


def test_the_effect_in_words():
    assert change_in_words({"a0": 10, "a1": 6}) == "minskade med 40 %"
    assert change_in_words({"a0": 4, "a1": 5}) == "ökade med 25 %"
    assert change_in_words({"a0": 3, "a1": 3}) == "var lika många som förut"
    assert change_in_words({"a0": 0, "a1": 2}) == "ökade från 0 till 2"

"""A meeting's decision rests on the week's observations (issue 17): chosen at the
meeting, shown without their text, and their reporters are told what was decided, once."""

from __future__ import annotations

from datetime import timedelta

from django.utils import timezone

from samordna.analysis.periods import iso_week
from samordna.interventions.models import Intervention
from samordna.problems.links import problem_link_observations
from samordna.reports.models import Feedback, FeedbackItem
from tests.meetings.factories import start_meeting
from tests.problems.factories import make_problem
from tests.reports.factories import SECRET_TEXT, file_observation


def _decide(client, meeting, *, owner, **fields):
    data = {
        "beslut-title": "Belysning i gångtunneln",
        "beslut-owner_organisation": owner,
        "beslut-deadline": (timezone.localdate() + timedelta(days=14)).isoformat(),
    }
    data.update({f"beslut-{k}": v for k, v in fields.items()})
    return client.post(f"/veckomote/{meeting.pk}/beslut/", data)


def test_the_weeks_observations_ground_a_decision_and_their_reporters_are_told(
    client, world, django_capture_on_commit_callbacks
):
    meeting = start_meeting(world, iso_week(timezone.now()))
    mine, theirs = file_observation(world), file_observation(world, world.a2)
    client.force_login(world.user("coordinator"))
    page = client.get(f"/veckomote/{meeting.pk}/").content.decode()
    assert f'value="{mine.pk}"' in page
    assert SECRET_TEXT not in page  # a choice names category, place and day, never the text

    with django_capture_on_commit_callbacks(execute=True):
        response = _decide(client, meeting, owner=world.a1.pk, observations=[mine.pk, theirs.pk])

    assert response.status_code == 302
    decided = Intervention.objects.get(decided_in=meeting)
    assert set(decided.observations.all()) == {mine, theirs}
    told = Feedback.objects.filter(message__startswith="Veckomötet beslutade: Belysning")
    assert sorted(told.values_list("recipient__username", flat=True)) == [
        "reporter-other_org",
        "reporter-own_org",
    ]
    assert "Alfa bostäder, klart senast" in told.first().message
    detail = client.get(f"/insatser/{decided.pk}/").content.decode()
    assert "2 iakttagelser som valdes på veckomötet" in detail


def test_another_municipalitys_observation_cannot_ground_a_decision(client, world):
    meeting = start_meeting(world, iso_week(timezone.now()))
    elsewhere = file_observation(world, world.b1)
    feedback = Feedback.objects.count()
    client.force_login(world.user("coordinator"))

    response = _decide(client, meeting, owner=world.a1.pk, observations=[elsewhere.pk])

    assert response.status_code == 200
    assert "Välj bland veckans iakttagelser." in response.content.decode()
    assert not Intervention.objects.exists()
    assert Feedback.objects.count() == feedback


def test_a_reporter_of_both_the_grounds_and_the_problem_is_told_once(
    client, world, django_capture_on_commit_callbacks
):
    meeting = start_meeting(world, iso_week(timezone.now()))
    problem = make_problem(world)
    chosen, linked = file_observation(world), file_observation(world)
    problem_link_observations(actor=None, problem=problem, observations=[linked])
    client.force_login(world.user("coordinator"))

    with django_capture_on_commit_callbacks(execute=True):
        _decide(client, meeting, owner=world.a1.pk, observations=[chosen.pk], problem=problem.pk)

    # one item about both observations, and one row, on the later of them
    told = Feedback.objects.filter(message__startswith="Veckomötet beslutade")
    assert list(told.values_list("recipient__username", "observation_id")) == [
        ("reporter-own_org", linked.pk)
    ]
    item = FeedbackItem.objects.get(kind=Feedback.Kind.DECIDED)
    assert (item.recipient, item.count) == (world.user("reporter"), 2)

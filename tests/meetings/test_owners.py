"""Who may own what the meeting decides (issue 17): the organisations present and their
EST members, never TSI-only staff, each person once."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from samordna.core import services as core_services
from samordna.core.models import AuditEvent
from samordna.interventions.models import Intervention
from samordna.interventions.services import InterventionInput
from samordna.meetings import selectors, services
from samordna.meetings.forms import DecisionForm
from tests.meetings.factories import start_meeting


def _only_a1_present(world):
    meeting = start_meeting(world)
    meeting.attendance.update(present=False)
    meeting.attendance.filter(organisation=world.a1).update(present=True)
    if not meeting.attendance.filter(present=True).exists():
        services.attendance_add(
            actor=world.user("coordinator"),
            meeting=meeting,
            function="housing",
            organisation=world.a1,
        )
    return meeting


def test_owners_are_the_organisations_present_and_their_est_members(world):
    meeting = _only_a1_present(world)
    # The partner of A1 also reports for it: two roles, listed once.
    core_services.membership_create(
        actor=None, user=world.user("partner"), organisation=world.a1, role="reporter"
    )
    form = DecisionForm(
        user=world.user("coordinator"),
        municipality=world.a,
        organisations=selectors.owner_organisations(meeting),
        grounds=selectors.decision_grounds(world.user("coordinator"), meeting),
    )
    assert list(form.fields["owner_organisation"].queryset) == [world.a1]
    people = [u.username for u in form.fields["owner_person"].queryset]
    assert len(people) == len(set(people))
    assert "partner-own_org" in people
    assert "coordinator-own_org" in people
    assert not [p for p in people if p.startswith(("tsi_", "leadership"))]
    assert not [p for p in people if p.endswith(("other_org", "other_municipality"))]


def test_an_organisation_not_present_cannot_own_a_decision(world):
    meeting = _only_a1_present(world)
    events = AuditEvent.objects.count()
    data = InterventionInput(
        title="Sanera klotter",
        owner_organisation=world.a2,
        deadline=timezone.localdate() + timedelta(days=7),
    )
    with pytest.raises(ValidationError) as error:
        services.decision_create(actor=world.user("coordinator"), meeting=meeting, data=data)
    assert "med på mötet" in error.value.message_dict["owner_organisation"][0]
    assert not Intervention.objects.exists()
    assert AuditEvent.objects.count() == events


def test_a_tsi_only_person_cannot_own_an_intervention(world):
    meeting = _only_a1_present(world)
    data = InterventionInput(
        title="Sanera klotter",
        owner_organisation=world.a1,
        owner_person=world.user("tsi_participant"),
        deadline=timezone.localdate() + timedelta(days=7),
    )
    with pytest.raises(ValidationError) as error:
        services.decision_create(actor=world.user("coordinator"), meeting=meeting, data=data)
    assert "owner_person" in error.value.message_dict
    assert not Intervention.objects.exists()


def test_a_decision_is_tied_to_the_problem_it_acts_on(client, world):
    from tests.problems.factories import make_problem

    meeting = _only_a1_present(world)
    problem = make_problem(world)
    client.force_login(world.user("coordinator"))
    page = client.get(f"/veckomote/{meeting.pk}/").content.decode()
    assert "Problembild som beslutet gäller" in page
    response = client.post(
        f"/veckomote/{meeting.pk}/beslut/",
        {
            "beslut-title": "Belysning i gångtunneln",
            "beslut-owner_organisation": world.a1.pk,
            "beslut-deadline": (timezone.localdate() + timedelta(days=7)).isoformat(),
            "beslut-problem": problem.pk,
        },
    )
    assert response.status_code == 302
    decided = Intervention.objects.get(decided_in=meeting)
    assert decided.problem == problem

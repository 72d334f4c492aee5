"""Deciding interventions and reporting their status: audit, rights, validation."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from samordna.core.models import AuditEvent
from samordna.interventions.models import Intervention, InterventionUpdate, overdue_q
from samordna.interventions.services import (
    InterventionInput,
    intervention_create,
    intervention_report,
)
from tests.interventions.factories import make_intervention


def _input(world, **changes) -> InterventionInput:
    values = {
        "title": "Sanera klotter vid torget",
        "owner_organisation": world.a2,
        "deadline": timezone.localdate() + timedelta(days=5),
        "owner_person": world.user("partner", "other_org"),
        "areas": [world.area_a],
    }
    return InterventionInput(**(values | changes))


def test_a_coordinator_decides_an_intervention_and_the_audit_log_says_so(world):
    coordinator = world.user("coordinator")
    intervention = intervention_create(actor=coordinator, municipality=world.a, data=_input(world))
    assert intervention.status == "decided"
    assert intervention.rag == "green"
    assert list(intervention.areas.all()) == [world.area_a]
    event = AuditEvent.objects.get(action="intervention.create", target_id=str(intervention.pk))
    assert event.actor == coordinator
    assert event.municipality == world.a


@pytest.mark.parametrize("role", ["partner", "analyst", "reporter", "management"])
def test_only_coordinators_and_admins_decide(world, role):
    with pytest.raises(PermissionDenied):
        intervention_create(actor=world.user(role), municipality=world.a, data=_input(world))
    assert not Intervention.objects.exists()


def test_a_coordinator_of_another_municipality_cannot_decide_here(world):
    actor = world.user("coordinator", "other_municipality")
    with pytest.raises(PermissionDenied):
        intervention_create(actor=actor, municipality=world.a, data=_input(world))


def test_personal_data_in_the_text_is_refused_and_nothing_is_written(world):
    events = AuditEvent.objects.count()
    data = _input(world, description="Ring 070-123 45 67 om nyckeln.")
    with pytest.raises(ValidationError) as caught:
        intervention_create(actor=world.user("coordinator"), municipality=world.a, data=data)
    assert "telefonnummer" in caught.value.message_dict["description"][0]
    assert not Intervention.objects.exists()
    assert AuditEvent.objects.count() == events


def test_every_problem_is_named_by_its_field(world):
    data = _input(
        world,
        title=" ",
        owner_organisation=world.b1,
        owner_person=world.user("partner", "other_municipality"),
        areas=[world.area_b],
        deadline=timezone.localdate() + timedelta(days=366 * 6),
    )
    with pytest.raises(ValidationError) as caught:
        intervention_create(actor=world.user("coordinator"), municipality=world.a, data=data)
    assert set(caught.value.message_dict) == {
        "title",
        "owner_organisation",
        "owner_person",
        "areas",
        "deadline",
    }


def test_the_owner_organisation_reports_status_and_the_history_keeps_it(world):
    intervention = make_intervention(world)
    partner = world.user("partner")  # partner of A1, the owner
    update = intervention_report(
        actor=partner,
        intervention=intervention,
        status="in_progress",
        rag="amber",
        note="Väntar på el.",
    )
    intervention.refresh_from_db()
    assert (intervention.status, intervention.rag) == ("in_progress", "amber")
    assert update.by == partner
    assert update.municipality == world.a
    event = AuditEvent.objects.get(action="intervention.report")
    assert event.changes["status"] == ["decided", "in_progress"]


@pytest.mark.parametrize(
    ("role", "relation"),
    [("partner", "other_org"), ("reporter", "own_org"), ("coordinator", "other_municipality")],
)
def test_others_may_not_report(world, role, relation):
    intervention = make_intervention(world)
    with pytest.raises(PermissionDenied):
        intervention_report(
            actor=world.user(role, relation), intervention=intervention, status="done", rag="green"
        )
    assert not InterventionUpdate.objects.exists()


def test_a_coordinator_reports_for_any_owner(world):
    intervention = make_intervention(world, owner=world.a2)
    intervention_report(
        actor=world.user("coordinator"), intervention=intervention, status="done", rag="green"
    )
    assert InterventionUpdate.objects.count() == 1


def test_a_bad_report_changes_nothing(world):
    intervention = make_intervention(world)
    events = AuditEvent.objects.count()
    with pytest.raises(ValidationError) as caught:
        intervention_report(
            actor=world.user("coordinator"),
            intervention=intervention,
            status="finished",
            rag="purple",
            note="Kontakta 19121212-1212",
        )
    assert set(caught.value.message_dict) == {"status", "rag", "note"}
    intervention.refresh_from_db()
    assert intervention.status == "decided"
    assert AuditEvent.objects.count() == events
    assert not InterventionUpdate.objects.exists()


def test_overdue_means_deadline_passed_and_not_finished(world):
    late = make_intervention(world, title="Sen", days=-2)
    done = make_intervention(world, title="Klar", days=-2)
    make_intervention(world, title="I tid", days=2)
    intervention_report(
        actor=world.user("coordinator"), intervention=done, status="done", rag="green"
    )
    assert list(Intervention.objects.filter(overdue_q())) == [late]
    assert late.is_overdue
    assert not done.is_overdue

"""Interventions extended: method, problem and causes, people, dates, areas A/B/C;
who may change them; the problem's reporters hear about a status change."""

from __future__ import annotations

from dataclasses import replace
from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from samordna.core.models import AuditEvent
from samordna.interventions.models import Intervention
from samordna.interventions.services import (
    InterventionInput,
    intervention_create,
    intervention_report,
    intervention_update,
    may_change,
)
from samordna.problems.models import ProblemObservation
from samordna.reports.models import Feedback
from tests.interventions.factories import make_area, make_intervention, make_problem_with_causes
from tests.reports.factories import file_observation


def _full(world, **changes) -> InterventionInput:
    problem, causes = make_problem_with_causes(world)
    buffer = make_area(world, "Buffertområdet", 15.30)
    control = make_area(world, "Kontrollområdet", 15.40)
    values = {
        "title": "Riktade patruller vid torget",
        "owner_organisation": world.a2,
        "owner_person": world.user("partner", "other_org"),
        "deadline": timezone.localdate() + timedelta(days=60),
        "starts_on": timezone.localdate(),
        "kind": "situational",
        "strategy": "risk",
        "techniques": ["formal_surveillance", "extend_guardianship"],
        "prevention_level": "primary",
        "evidence": "some",
        "tags": ["situational"],
        "problem": problem,
        "causes": causes[:1],
        "goal": "Hälften så många iakttagelser till nästa tertial.",
        "partners": [world.a1],
        "cost_sek": 120000,
        "hours": 200,
        "areas": [world.area_a],
        "buffer_areas": [buffer],
        "control_areas": [control],
    }
    return InterventionInput(**(values | changes))


def _errors(world, data) -> dict:
    with pytest.raises(ValidationError) as caught:
        intervention_create(actor=world.user("coordinator"), municipality=world.a, data=data)
    assert not Intervention.objects.exists()
    return caught.value.message_dict


def test_a_full_intervention_is_saved_with_everything_and_audited(world):
    data = _full(world)
    intervention = intervention_create(
        actor=world.user("coordinator"), municipality=world.a, data=data
    )
    intervention.refresh_from_db()
    assert intervention.kind == "situational"
    assert intervention.techniques == ["formal_surveillance", "extend_guardianship"]
    assert intervention.tags == ["situational"]
    assert intervention.problem == data.problem
    assert list(intervention.causes.all()) == list(data.causes)
    assert list(intervention.partners.all()) == [world.a1]
    assert list(intervention.buffer_areas.all()) == list(data.buffer_areas)
    assert list(intervention.control_areas.all()) == list(data.control_areas)
    assert (intervention.cost_sek, intervention.hours) == (120000, 200)
    assert AuditEvent.objects.filter(
        action="intervention.create", target_id=str(intervention.pk)
    ).exists()


def test_the_meetings_short_input_still_decides(world):
    intervention = make_intervention(world)
    assert intervention.kind == ""
    assert intervention.techniques == []


def test_a_technique_of_another_strategy_is_refused(world):
    errors = _errors(world, _full(world, techniques=["target_harden"]))
    assert set(errors) == {"techniques"}
    assert "strategin" in errors["techniques"][0]


def test_a_situational_intervention_needs_a_strategy_and_others_have_none(world):
    assert set(_errors(world, _full(world, strategy="", techniques=[]))) == {"strategy"}
    errors = _errors(world, _full(world, kind="social", social_level=""))
    assert {"strategy", "techniques", "social_level"} <= set(errors)


def test_causes_of_another_problem_are_refused(world):
    _other, other_causes = make_problem_with_causes(world, title="Ett annat problem")
    errors = _errors(world, _full(world, causes=other_causes[:1]))
    assert set(errors) == {"causes"}


def test_an_inactive_cause_is_refused(world):
    data = _full(world)
    cause = data.causes[0]
    cause.is_active = False
    cause.save()
    assert set(_errors(world, data)) == {"causes"}


def test_causes_without_a_problem_are_refused(world):
    data = _full(world)
    assert set(_errors(world, replace(data, problem=None))) == {"causes"}


def test_the_owner_person_must_belong_to_the_owner_organisation(world):
    errors = _errors(world, _full(world, owner_person=world.user("partner", "own_org")))
    assert set(errors) == {"owner_person"}
    assert "ansvariga organisationen" in errors["owner_person"][0]


def test_target_buffer_and_control_areas_must_not_overlap(world):
    data = _full(world)
    errors = _errors(
        world, replace(data, buffer_areas=[world.area_a], control_areas=[world.area_a])
    )
    assert set(errors) == {"buffer_areas", "control_areas"}


def test_areas_of_another_municipality_are_refused(world):
    errors = _errors(world, _full(world, control_areas=[world.area_b]))
    assert set(errors) == {"control_areas"}


def test_start_after_end_is_refused(world):
    today = timezone.localdate()
    errors = _errors(world, _full(world, starts_on=today + timedelta(days=61)))
    assert set(errors) == {"starts_on"}


def test_negative_cost_and_unknown_tags_are_refused(world):
    errors = _errors(world, _full(world, cost_sek=-1, tags=["nope"], evidence="x"))
    assert set(errors) == {"cost_sek", "tags", "evidence"}


def test_personal_data_in_the_goal_is_refused(world):
    errors = _errors(world, _full(world, goal="Ring 070-123 45 67."))
    assert set(errors) == {"goal"}


# --- who may change ------------------------------------------------------------------


def test_a_partner_of_the_owner_organisation_changes_its_intervention(world):
    intervention = make_intervention(world)  # owned by A1
    partner = world.user("partner", "own_org")
    assert may_change(partner, intervention)
    data = InterventionInput(
        title="Ny rubrik", owner_organisation=world.a1, deadline=intervention.deadline
    )
    changed = intervention_update(actor=partner, intervention=intervention, data=data)
    assert changed.title == "Ny rubrik"
    event = AuditEvent.objects.get(action="intervention.update")
    assert event.changes["title"] == ["Hemlig insats vid Alfatorget", "Ny rubrik"]


def test_a_partner_cannot_hand_the_intervention_to_another_organisation(world):
    intervention = make_intervention(world)
    data = InterventionInput(
        title=intervention.title, owner_organisation=world.a2, deadline=intervention.deadline
    )
    with pytest.raises(ValidationError) as caught:
        intervention_update(actor=world.user("partner"), intervention=intervention, data=data)
    assert set(caught.value.message_dict) == {"owner_organisation"}
    intervention.refresh_from_db()
    assert intervention.owner_organisation == world.a1


@pytest.mark.parametrize(
    ("role", "relation"),
    [
        ("partner", "other_org"),
        ("reporter", "own_org"),
        ("analyst", "other_org"),
        ("coordinator", "other_municipality"),
    ],
)
def test_others_cannot_change_it_and_nothing_changes(world, role, relation):
    intervention = make_intervention(world)
    actor = world.user(role, relation)
    assert not may_change(actor, intervention)
    data = InterventionInput(
        title="Kapad", owner_organisation=world.a1, deadline=intervention.deadline
    )
    events = AuditEvent.objects.count()
    with pytest.raises(PermissionDenied):
        intervention_update(actor=actor, intervention=intervention, data=data)
    intervention.refresh_from_db()
    assert intervention.title != "Kapad"
    assert AuditEvent.objects.count() == events


def test_a_coordinator_changes_any_intervention_and_its_owner(world):
    intervention = make_intervention(world)
    data = InterventionInput(
        title=intervention.title,
        owner_organisation=world.a2,
        owner_person=world.user("partner", "other_org"),
        deadline=intervention.deadline,
    )
    changed = intervention_update(
        actor=world.user("coordinator", "other_org"), intervention=intervention, data=data
    )
    assert changed.owner_organisation == world.a2


# --- feedback to the problem's reporters -------------------------------------------


def test_a_status_change_tells_the_problems_reporters(world, django_capture_on_commit_callbacks):
    problem, _ = make_problem_with_causes(world)
    observation = file_observation(world)
    ProblemObservation.objects.create(problem=problem, observation=observation)
    intervention = make_intervention(world, problem=problem)
    before = Feedback.objects.count()
    with django_capture_on_commit_callbacks(execute=True):
        intervention_report(
            actor=world.user("partner"),
            intervention=intervention,
            status="in_progress",
            rag="green",
        )
    assert Feedback.objects.count() == before + 1
    feedback = Feedback.objects.order_by("-pk").first()
    assert feedback.observation == observation
    assert "Hemlig insats vid Alfatorget" in feedback.message
    assert "pågår" in feedback.message
    # Same status again (only the traffic light changes): nobody is told again.
    with django_capture_on_commit_callbacks(execute=True):
        intervention_report(
            actor=world.user("partner"), intervention=intervention, status="in_progress", rag="red"
        )
    assert Feedback.objects.count() == before + 1


def test_without_a_problem_nobody_is_told(world, monkeypatch):
    calls = []
    monkeypatch.setattr(
        "samordna.problems.feedback.problem_feedback", lambda *a: calls.append(a) or 0
    )
    intervention = make_intervention(world)
    intervention_report(
        actor=world.user("partner"), intervention=intervention, status="done", rag="green"
    )
    assert calls == []

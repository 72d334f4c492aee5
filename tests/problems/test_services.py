"""Problem services: create and edit, every workflow step, links, feedback, phases."""

from __future__ import annotations

from dataclasses import replace
from datetime import timedelta
from itertools import pairwise

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone

from samordna.core.models import AuditEvent
from samordna.problems.feedback import problem_feedback
from samordna.problems.links import problem_link_observations, problem_unlink_observations
from samordna.problems.models import (
    AreaPhase,
    LinkVia,
    Phase,
    Problem,
    ProblemObservation,
    ProblemStatus,
    ProblemStep,
)
from samordna.problems.phases import (
    DEFAULT_PHASES,
    area_phase_set,
    load_default_phases,
    phase_create,
    phase_move,
    phase_update,
)
from samordna.problems.services import (
    STEPS,
    problem_create,
    problem_set_rule,
    problem_set_tags,
    problem_step,
    problem_update,
)
from samordna.reports.models import Feedback, FeedbackItem
from tests.problems.factories import SECRET_PROBLEM, make_problem, problem_input
from tests.reports.factories import file_observation

S = ProblemStatus
ALL_PAIRS = [(a, b) for a in S.values for b in S.values]


def _audit(action: str) -> int:
    return AuditEvent.objects.filter(action=action).count()


# --- create and edit ------------------------------------------------------------------


def test_a_coordinator_identifies_a_problem_with_its_first_step_and_audit(world):
    actor = world.user("coordinator")
    problem = problem_create(
        actor=actor, municipality=world.a, data=problem_input(world, tags=["situational"])
    )
    assert problem.status == S.IDENTIFIED
    assert problem.tags == ["situational"]
    step = problem.steps.get()
    assert (step.from_status, step.to_status, step.by) == ("", S.IDENTIFIED, actor)
    assert step.reason
    assert AuditEvent.objects.filter(action="problem.create", target_id=str(problem.pk)).exists()


@pytest.mark.parametrize("role", ["partner", "reporter", "management"])
def test_only_the_analysis_group_identifies_problems(world, role):
    with pytest.raises(PermissionDenied):
        problem_create(actor=world.user(role), municipality=world.a, data=problem_input(world))
    assert not Problem.objects.exists()


def test_a_coordinator_of_another_municipality_cannot_create_in_a(world):
    with pytest.raises(PermissionDenied):
        problem_create(
            actor=world.user("coordinator", "other_municipality"),
            municipality=world.a,
            data=problem_input(world),
        )


def test_invalid_input_lists_every_field_and_saves_nothing(world):
    data = problem_input(
        world,
        title=" ",
        description="Ring 070-123 45 67 om du ser något",
        areas=[world.area_b],
        owner_organisation=world.b1,
        tags=["nonsense"],
        rule_enabled=True,
        rule_from=None,
    )
    with pytest.raises(ValidationError) as error:
        problem_create(actor=world.user("coordinator"), municipality=world.a, data=data)
    fields = set(error.value.message_dict)
    assert {"title", "description", "areas", "owner_organisation", "tags", "rule_from"} <= fields
    assert not Problem.objects.exists()
    assert not ProblemStep.objects.exists()
    assert _audit("problem.create") == 0


def test_the_owner_organisation_edits_but_does_not_hand_it_over(world):
    problem = make_problem(world)
    partner = world.user("partner")
    problem_update(actor=partner, problem=problem, data=problem_input(world, title="Ny rubrik"))
    assert Problem.objects.get(pk=problem.pk).title == "Ny rubrik"
    with pytest.raises(ValidationError) as error:
        problem_update(
            actor=partner, problem=problem, data=problem_input(world, owner_organisation=world.a2)
        )
    assert "owner_organisation" in error.value.message_dict
    assert Problem.objects.get(pk=problem.pk).owner_organisation == world.a1


def test_a_partner_of_another_organisation_cannot_change_it(world):
    problem = make_problem(world)
    for relation in ("other_org", "other_municipality"):
        with pytest.raises(PermissionDenied):
            problem_update(
                actor=world.user("partner", relation),
                problem=problem,
                data=problem_input(world, title="Kapat"),
            )
        with pytest.raises(PermissionDenied):
            problem_step(
                actor=world.user("partner", relation),
                problem=problem,
                status=S.WATCHED,
                reason="Vi bevakar",
            )
    assert Problem.objects.get(pk=problem.pk).title == SECRET_PROBLEM
    assert problem.steps.count() == 1


def test_tags_are_set_and_kept_in_the_vocabulary_order(world):
    problem = make_problem(world)
    problem_set_tags(
        actor=world.user("analyst"), problem=problem, tags=["welfare", "situational", "welfare"]
    )
    assert Problem.objects.get(pk=problem.pk).tags == ["situational", "welfare"]
    assert AuditEvent.objects.filter(action="problem.update").exists()


# --- the workflow -----------------------------------------------------------------------


@pytest.mark.parametrize(("from_status", "to_status"), ALL_PAIRS)
def test_every_step_is_allowed_exactly_when_the_workflow_says(world, from_status, to_status):
    problem = make_problem(world)
    Problem.objects.filter(pk=problem.pk).update(status=from_status)
    problem.refresh_from_db()
    outcome = "reduced" if to_status == S.CLOSED else ""
    call = {
        "actor": world.user("coordinator"),
        "problem": problem,
        "status": to_status,
        "reason": "Tertialanalysen visar det.",
        "outcome": outcome,
    }
    if to_status in STEPS[from_status]:
        step = problem_step(**call)
        problem.refresh_from_db()
        assert problem.status == to_status
        assert (step.from_status, step.to_status) == (from_status, to_status)
        assert problem.outcome == outcome
        action = "problem.reopen" if from_status == S.CLOSED else "problem.step"
        assert _audit(action) == 1
    else:
        with pytest.raises(ValidationError) as error:
            problem_step(**call)
        assert "status" in error.value.message_dict
        problem.refresh_from_db()
        assert problem.status == from_status
        assert problem.steps.count() == 1
        assert _audit("problem.step") + _audit("problem.reopen") == 0


def test_the_workflow_reaches_every_status_and_reopens_to_any_earlier_one():
    reachable = {S.IDENTIFIED.value}
    frontier = [S.IDENTIFIED.value]
    while frontier:
        for nxt in STEPS[frontier.pop()]:
            if nxt not in reachable:
                reachable.add(nxt)
                frontier.append(nxt)
    assert reachable == set(S.values)
    assert set(STEPS[S.CLOSED]) == set(S.values) - {S.CLOSED}


@pytest.mark.parametrize("reason", ["", "   "])
def test_every_step_needs_a_reason(world, reason):
    problem = make_problem(world)
    with pytest.raises(ValidationError) as error:
        problem_step(
            actor=world.user("coordinator"), problem=problem, status=S.WATCHED, reason=reason
        )
    assert "reason" in error.value.message_dict
    assert Problem.objects.get(pk=problem.pk).status == S.IDENTIFIED


def test_a_reason_with_personal_data_is_refused(world):
    problem = make_problem(world)
    with pytest.raises(ValidationError) as error:
        problem_step(
            actor=world.user("coordinator"),
            problem=problem,
            status=S.WATCHED,
            reason="Anmält av 811228-9874",
        )
    assert "reason" in error.value.message_dict


def test_closing_needs_an_outcome_and_reopening_clears_it(world):
    problem = make_problem(world)
    actor = world.user("coordinator")
    with pytest.raises(ValidationError) as error:
        problem_step(actor=actor, problem=problem, status=S.CLOSED, reason="Klart")
    assert "outcome" in error.value.message_dict
    with pytest.raises(ValidationError):
        problem_step(
            actor=actor, problem=problem, status=S.WATCHED, reason="Bevaka", outcome="solved"
        )
    problem_step(actor=actor, problem=problem, status=S.CLOSED, reason="Klart", outcome="solved")
    problem.refresh_from_db()
    assert (problem.status, problem.outcome) == (S.CLOSED, "solved")
    problem_step(actor=actor, problem=problem, status=S.WATCHED, reason="Det har börjat igen")
    problem.refresh_from_db()
    assert (problem.status, problem.outcome) == (S.WATCHED, "")
    assert [s.to_status for s in problem.steps.all()] == [S.IDENTIFIED, S.CLOSED, S.WATCHED]


def test_the_owner_organisations_partner_moves_the_problem(world):
    problem = make_problem(world)
    problem_step(actor=world.user("partner"), problem=problem, status=S.WATCHED, reason="Vi ser")
    assert Problem.objects.get(pk=problem.pk).status == S.WATCHED


def test_a_reporter_of_the_owner_organisation_cannot_move_it(world):
    problem = make_problem(world)
    with pytest.raises(PermissionDenied):
        problem_step(
            actor=world.user("reporter"), problem=problem, status=S.WATCHED, reason="Jag vill"
        )


# --- links, the rule and feedback --------------------------------------------------------


def test_a_manual_link_tells_the_reporter_once(world):
    problem = make_problem(world)
    observation = file_observation(world)
    actor = world.user("coordinator")
    assert problem_link_observations(actor=actor, problem=problem, observations=[observation]) == 1
    assert problem_link_observations(actor=actor, problem=problem, observations=[observation]) == 0
    link = ProblemObservation.objects.get(problem=problem, observation=observation)
    assert (link.via, link.added_by) == (LinkVia.MANUAL, actor)
    feedback = Feedback.objects.get(observation=observation)
    assert feedback.kind == Feedback.Kind.LINKED
    assert feedback.recipient == world.user("reporter")
    assert SECRET_PROBLEM in feedback.message
    assert "coordinator" not in feedback.message


def test_observations_of_another_municipality_are_never_linked(world):
    problem = make_problem(world)
    other = file_observation(world, world.b1, longitude=16.55, latitude=59.615)
    with pytest.raises(ValidationError):
        problem_link_observations(
            actor=world.user("coordinator"), problem=problem, observations=[other]
        )
    assert not ProblemObservation.objects.exists()


def test_a_partner_links_only_what_it_may_see(world):
    problem = make_problem(world)
    of_a2 = file_observation(world, world.a2)
    with pytest.raises(ValidationError):
        problem_link_observations(
            actor=world.user("partner"), problem=problem, observations=[of_a2]
        )
    assert not ProblemObservation.objects.exists()


def test_the_rule_links_matching_observations_and_keeps_manual_links(world):
    inside = file_observation(world)
    old = file_observation(world, occurred_from=timezone.now() - timedelta(days=60))
    other_category = file_observation(world, category=_category("nedskrapning-dumpning"))
    problem = make_problem(world)
    problem_link_observations(actor=None, problem=problem, observations=[other_category])
    problem_set_rule(
        actor=world.user("analyst"),
        problem=problem,
        enabled=True,
        rule_from=timezone.localdate() - timedelta(days=30),
    )
    links = dict(problem.observation_links.values_list("observation_id", "via"))
    assert links == {inside.pk: LinkVia.RULE, other_category.pk: LinkVia.MANUAL}
    assert old.pk not in links
    # Turned off: the rule's links go, the manual one stays.
    problem_set_rule(actor=world.user("analyst"), problem=problem, enabled=False)
    links = dict(problem.observation_links.values_list("observation_id", "via"))
    assert links == {other_category.pk: LinkVia.MANUAL}


def test_a_new_observation_is_linked_when_it_arrives(world, django_capture_on_commit_callbacks):
    problem = make_problem(world, rule=True)
    with django_capture_on_commit_callbacks(execute=True):
        observation = file_observation(world)
    link = ProblemObservation.objects.get(problem=problem, observation=observation)
    assert link.via == LinkVia.RULE
    assert Feedback.objects.filter(observation=observation, kind=Feedback.Kind.LINKED).exists()
    assert AuditEvent.objects.filter(action="problem.rule_refresh").exists()


def test_an_observation_moved_out_of_the_area_is_unlinked(
    world, django_capture_on_commit_callbacks
):
    from samordna.core import services as core_services
    from samordna.core.geo import area_geometry
    from samordna.reports.review import observation_correct
    from tests.conftest import SQUARE_B

    elsewhere = core_services.area_create(
        actor=None,
        municipality=world.a,
        name="Annat område",
        kind="est",
        geometry=area_geometry(SQUARE_B),
    )
    problem = make_problem(world, rule=True)
    with django_capture_on_commit_callbacks(execute=True):
        observation = file_observation(world)
        manual = file_observation(world)
    problem_link_observations(actor=None, problem=problem, observations=[manual])
    assert problem.observation_links.count() == 2
    coordinator = world.user("coordinator")
    with django_capture_on_commit_callbacks(execute=True):
        observation_correct(actor=coordinator, observation=observation, area=elsewhere)
        observation_correct(actor=coordinator, observation=manual, area=elsewhere)
    assert list(problem.observation_links.values_list("observation_id", "via")) == [
        (manual.pk, LinkVia.MANUAL)
    ]


def test_a_closed_observation_leaves_the_rule(world, django_capture_on_commit_callbacks):
    from samordna.reports.review import observation_reject

    problem = make_problem(world, rule=True)
    with django_capture_on_commit_callbacks(execute=True):
        observation = file_observation(world)
    with django_capture_on_commit_callbacks(execute=True):
        observation_reject(actor=world.user("coordinator"), observation=observation, reason="Fel")
    assert not problem.observation_links.exists()


def test_rule_links_cannot_be_unlinked_by_hand(world):
    observation = file_observation(world)
    problem = make_problem(world, rule=True)
    with pytest.raises(ValidationError):
        problem_unlink_observations(
            actor=world.user("coordinator"), problem=problem, observations=[observation]
        )
    assert problem.observation_links.count() == 1


def test_a_manual_link_of_a_rule_linked_observation_survives_the_rule(world):
    observation = file_observation(world)
    problem = make_problem(world, rule=True)
    problem_link_observations(actor=None, problem=problem, observations=[observation])
    problem_set_rule(actor=None, problem=problem, enabled=False)
    assert problem.observation_links.get().via == LinkVia.MANUAL


def test_a_step_tells_each_reporter_once_without_naming_anyone(
    world, django_capture_on_commit_callbacks
):
    problem = make_problem(world)
    mine = [file_observation(world), file_observation(world)]
    theirs = file_observation(world, world.a2)
    problem_link_observations(actor=None, problem=problem, observations=[*mine, theirs])
    with django_capture_on_commit_callbacks(execute=True):
        problem_step(
            actor=world.user("analyst"), problem=problem, status=S.PRIORITISED, reason="Växer"
        )
    changed = Feedback.objects.filter(kind=Feedback.Kind.CHANGED)
    assert sorted(f.recipient.username for f in changed) == [
        "reporter-other_org",
        "reporter-own_org",
    ]
    message = changed.first().message
    assert "prioriterad" in message
    assert SECRET_PROBLEM in message
    assert "analyst" not in message
    # A second change is news again.
    with django_capture_on_commit_callbacks(execute=True):
        problem_step(actor=None, problem=problem, status=S.ANALYSED, reason="Analyserat")
    assert Feedback.objects.filter(kind=Feedback.Kind.CHANGED).count() == 4


def test_problem_feedback_tells_each_reporter_once_after_the_commit(
    world, django_capture_on_commit_callbacks
):
    # given a reporter with two observations linked to the problem
    problem = make_problem(world)
    problem_link_observations(
        actor=None, problem=problem, observations=[file_observation(world), file_observation(world)]
    )
    # when an event is recorded: nothing is told inside the transaction
    with django_capture_on_commit_callbacks(execute=True), transaction.atomic():
        problem_feedback(problem, "Insatsen har startat.", key="test:1")
        assert not FeedbackItem.objects.filter(key="test:1").exists()
    # then, after the commit, one item about both, and one row
    item = FeedbackItem.objects.get(key="test:1")
    assert (item.recipient, item.count) == (world.user("reporter"), 2)
    assert item.rows.count() == 1
    # and recording the same event again tells nobody twice
    with django_capture_on_commit_callbacks(execute=True), transaction.atomic():
        problem_feedback(problem, "Insatsen har startat.", key="test:1")
    assert FeedbackItem.objects.filter(key="test:1").count() == 1


# --- phases ------------------------------------------------------------------------------


def test_the_default_phases_are_a_starting_point_loaded_once(world):
    assert load_default_phases(actor=None, municipality=world.a) == len(DEFAULT_PHASES)
    assert load_default_phases(actor=None, municipality=world.a) == 0
    assert [p.order for p in Phase.objects.filter(municipality=world.a)] == [1, 2, 3, 4, 5]


def test_coordinators_edit_the_phase_model_others_cannot(world):
    actor = world.user("coordinator")
    first = phase_create(actor=actor, municipality=world.a, name="Lugnt")
    second = phase_create(actor=actor, municipality=world.a, name="Oroligt")
    phase_move(actor=actor, phase=second, up=True)
    assert list(Phase.objects.filter(municipality=world.a).values_list("name", flat=True)) == [
        "Oroligt",
        "Lugnt",
    ]
    phase_update(actor=actor, phase=first, name="Stabilt", description="", is_active=False)
    assert not Phase.objects.get(pk=first.pk).is_active
    with pytest.raises(ValidationError):
        phase_create(actor=actor, municipality=world.a, name="oroligt")
    for role in ("analyst", "partner"):
        with pytest.raises(PermissionDenied):
            phase_create(actor=world.user(role), municipality=world.a, name="Annat")
    with pytest.raises(PermissionDenied):
        phase_create(
            actor=world.user("coordinator", "other_municipality"), municipality=world.a, name="X"
        )


def test_an_area_gets_a_phase_with_history(world):
    load_default_phases(actor=None, municipality=world.a)
    phases = list(Phase.objects.filter(municipality=world.a))
    actor = world.user("analyst")
    today = timezone.localdate()
    area_phase_set(actor=actor, area=world.area_a, phase=phases[1], since=today - timedelta(60))
    area_phase_set(
        actor=actor, area=world.area_a, phase=phases[2], since=today, note="Fler bränder"
    )
    rows = list(AreaPhase.objects.filter(area=world.area_a))
    assert [r.phase for r in rows] == [phases[2], phases[1]]
    assert rows[0].set_by == actor
    with pytest.raises(ValidationError):
        area_phase_set(actor=actor, area=world.area_a, phase=phases[0], since=today + timedelta(1))
    with pytest.raises(PermissionDenied):
        area_phase_set(actor=world.user("partner"), area=world.area_a, phase=phases[0], since=today)
    assert AreaPhase.objects.count() == 2


def _category(code: str):
    from tests.reports.factories import category

    return category(code)


def test_problem_input_replace_keeps_the_rest(world):
    data = replace(problem_input(world), title="Annat")
    assert data.areas == [world.area_a]


def test_the_cron_command_repairs_missed_links(world):
    from io import StringIO

    from django.core.management import call_command

    problem = make_problem(world, rule=True)
    observation = file_observation(world)  # no on-commit callbacks here: the signal is missed
    assert not problem.observation_links.exists()
    out = StringIO()
    call_command("refresh_problem_links", "--municipality", "alfa", stdout=out)
    assert "Kopplade 1" in out.getvalue()
    assert list(problem.observations.all()) == [observation]


def test_the_demo_loader_is_idempotent_and_tells_the_story(world):
    from samordna.core import services as core_services
    from samordna.core.demo import story
    from samordna.core.geo import area_geometry
    from samordna.problems.demo import load_demo_problems
    from tests.conftest import SQUARE_A

    for name in (story.GROWING_AREA, story.SQUARE_AREA):
        core_services.area_create(
            actor=None,
            municipality=world.a,
            name=name,
            kind="est",
            geometry=area_geometry(SQUARE_A),
        )
    today = timezone.localdate()
    assert load_demo_problems(world.a, today) > 0
    assert load_demo_problems(world.a, today) == 0
    growing = Problem.objects.get(municipality=world.a, title=story.GROWING_PROBLEM)
    assert growing.status == S.ANALYSED
    assert growing.rule_enabled
    assert growing.tags == ["situational"]
    steps = list(growing.steps.all())
    assert [s.to_status for s in steps] == [S.IDENTIFIED, S.WATCHED, S.PRIORITISED, S.ANALYSED]
    assert all(a.at < b.at for a, b in pairwise(steps))
    assert steps[-1].at.date() < today
    square = Problem.objects.get(municipality=world.a, title=story.SQUARE_PROBLEM)
    assert square.status == S.WATCHED
    assert AreaPhase.objects.filter(area__name=story.GROWING_AREA).count() == 2


def test_a_failing_refresh_never_undoes_the_report(
    world, monkeypatch, django_capture_on_commit_callbacks
):
    def broken(*args):
        raise RuntimeError("databasen svarar inte")

    monkeypatch.setattr("samordna.problems.rules.refresh_municipality", broken)
    monkeypatch.setattr("samordna.problems.rules.refresh_changed", broken)
    problem = make_problem(world, rule=True)
    with django_capture_on_commit_callbacks(execute=True):
        observation = file_observation(world)
    assert observation.pk is not None
    assert not problem.observation_links.exists()  # the cron command catches up later

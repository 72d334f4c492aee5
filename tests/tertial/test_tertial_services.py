"""The tertial analysis workflow: start, texts, selections, done (refused without the
sources), reopen, the tertial meeting; audit events; who may."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from samordna.core.models import AuditEvent
from samordna.meetings.models import Meeting
from samordna.problems.models import ProblemStatus
from samordna.tertial import services
from samordna.tertial.models import TertialAnalysis, TertialSelection
from tests.problems.factories import make_problem

KEY = "2025-T3"


@pytest.fixture
def analysis(world):
    return services.tertial_start(actor=world.user("analyst"), municipality=world.a, key=KEY)


def _write(world, analysis, **texts):
    values = {"conclusions": "", "sources_used": "", "sources_left_out": ""} | texts
    return services.tertial_write(actor=world.user("analyst"), analysis=analysis, **values)


def test_starting_twice_gives_the_same_analysis_and_one_audit_event(world, analysis):
    again = services.tertial_start(actor=world.user("coordinator"), municipality=world.a, key=KEY)
    assert again.pk == analysis.pk
    assert AuditEvent.objects.filter(action="tertial.start").count() == 1


def test_the_period_picture_is_linked_when_there_is_one(world):
    from samordna.situation.services import picture_prepare

    picture = picture_prepare(actor=world.user("coordinator"), municipality=world.a, key="2025-T2")
    analysis = services.tertial_start(
        actor=world.user("analyst"), municipality=world.a, key="2025-T2"
    )
    assert analysis.picture_id == picture.pk


@pytest.mark.parametrize("key", ["2026-W02", "tertial", "2026-T4"])
def test_only_a_tertial_or_a_year_can_be_analysed(world, key):
    with pytest.raises(ValidationError) as error:
        services.tertial_start(actor=world.user("analyst"), municipality=world.a, key=key)
    assert "period" in error.value.message_dict
    assert not TertialAnalysis.objects.exists()


@pytest.mark.parametrize(
    ("role", "relation"),
    [
        ("partner", "own_org"),
        ("management", "own_org"),
        ("reporter", "own_org"),
        ("analyst", "other_municipality"),
    ],
)
def test_only_the_analysis_group_of_the_municipality_starts_it(world, role, relation):
    with pytest.raises(PermissionDenied):
        services.tertial_start(actor=world.user(role, relation), municipality=world.a, key=KEY)
    assert not TertialAnalysis.objects.exists()


def test_done_is_refused_without_conclusions_and_both_sources(world, analysis):
    with pytest.raises(ValidationError) as error:
        services.tertial_done(actor=world.user("analyst"), analysis=analysis)
    assert set(error.value.message_dict) == {"conclusions", "sources_used", "sources_left_out"}
    assert "källor" in error.value.message_dict["sources_used"][0]
    _write(world, analysis, conclusions="Klottret ökar.", sources_used="Egna iakttagelser.")
    with pytest.raises(ValidationError) as error:
        services.tertial_done(actor=world.user("analyst"), analysis=analysis)
    assert set(error.value.message_dict) == {"sources_left_out"}
    analysis.refresh_from_db()
    assert analysis.status == TertialAnalysis.Status.DRAFT


def test_done_with_everything_written_then_locked_until_reopened(world, analysis):
    _write(
        world,
        analysis,
        conclusions="Klottret ökar.",
        sources_used="Egna iakttagelser.",
        sources_left_out="Skolans rapporter: kom inte i tid.",
    )
    services.tertial_done(actor=world.user("analyst"), analysis=analysis)
    analysis.refresh_from_db()
    assert analysis.status == TertialAnalysis.Status.DONE
    with pytest.raises(ValidationError):
        _write(world, analysis, conclusions="Ändrat")
    services.tertial_reopen(actor=world.user("coordinator"), analysis=analysis)
    analysis.refresh_from_db()
    assert analysis.status == TertialAnalysis.Status.DRAFT
    actions = list(
        AuditEvent.objects.filter(action__startswith="tertial.").values_list("action", flat=True)
    )
    assert actions.count("tertial.done") == 1
    assert actions.count("tertial.reopen") == 1


def test_texts_with_personal_data_are_refused_and_nothing_is_saved(world, analysis):
    with pytest.raises(ValidationError) as error:
        _write(world, analysis, conclusions="Ring 070-123 45 67", sources_used="Polisen")
    assert "conclusions" in error.value.message_dict
    analysis.refresh_from_db()
    assert analysis.sources_used == ""


def test_selecting_a_problem_prioritises_it_and_is_audited(world, analysis):
    problem = make_problem(world)
    assert problem.status == ProblemStatus.IDENTIFIED
    selection = services.tertial_select(
        actor=world.user("analyst"),
        analysis=analysis,
        problem=problem,
        justification="Klottret har tolvfaldigats mot förra tertialen.",
    )
    problem.refresh_from_db()
    assert problem.status == ProblemStatus.PRIORITISED
    assert selection.selected_by == world.user("analyst")
    event = AuditEvent.objects.get(action="tertial.select")
    assert event.changes["problem"] == problem.pk


def test_a_selection_needs_a_justification_and_is_made_once(world, analysis):
    problem = make_problem(world)
    with pytest.raises(ValidationError) as error:
        services.tertial_select(
            actor=world.user("analyst"), analysis=analysis, problem=problem, justification=" "
        )
    assert "justification" in error.value.message_dict
    problem.refresh_from_db()
    assert problem.status == ProblemStatus.IDENTIFIED
    services.tertial_select(
        actor=world.user("analyst"), analysis=analysis, problem=problem, justification="Växer."
    )
    with pytest.raises(ValidationError) as error:
        services.tertial_select(
            actor=world.user("analyst"), analysis=analysis, problem=problem, justification="Igen."
        )
    assert "problem" in error.value.message_dict
    assert TertialSelection.objects.count() == 1


def test_a_problem_already_further_on_keeps_its_step(world, analysis):
    from samordna.problems.services import problem_step

    problem = make_problem(world)
    for status in (ProblemStatus.PRIORITISED, ProblemStatus.ANALYSED):
        problem_step(actor=None, problem=problem, status=status, reason="Test.")
    problem.refresh_from_db()
    services.tertial_select(
        actor=world.user("analyst"), analysis=analysis, problem=problem, justification="Växer."
    )
    problem.refresh_from_db()
    assert problem.status == ProblemStatus.ANALYSED


def test_another_municipalitys_problem_cannot_be_selected(world, analysis):
    from samordna.problems.models import Problem

    other = Problem.objects.create(municipality=world.b, title="Betas problem")
    with pytest.raises(ValidationError) as error:
        services.tertial_select(
            actor=world.user("analyst"), analysis=analysis, problem=other, justification="Nej."
        )
    assert "problem" in error.value.message_dict


def test_unselect_removes_the_selection(world, analysis):
    problem = make_problem(world)
    selection = services.tertial_select(
        actor=world.user("analyst"), analysis=analysis, problem=problem, justification="Växer."
    )
    services.tertial_unselect(actor=world.user("coordinator"), selection=selection)
    assert not TertialSelection.objects.exists()
    assert AuditEvent.objects.filter(action="tertial.unselect").count() == 1


def test_a_partner_cannot_select(world, analysis):
    problem = make_problem(world)
    with pytest.raises(PermissionDenied):
        services.tertial_select(
            actor=world.user("partner"), analysis=analysis, problem=problem, justification="Jag."
        )


def test_the_tertial_meeting_is_started_once_and_linked(world, analysis):
    meeting = services.tertial_meeting(actor=world.user("coordinator"), analysis=analysis)
    assert meeting.kind == Meeting.Kind.TERTIAL
    assert meeting.period_key == KEY
    analysis.refresh_from_db()
    assert analysis.meeting_id == meeting.pk
    again = services.tertial_meeting(actor=world.user("admin"), analysis=analysis)
    assert again.pk == meeting.pk
    assert Meeting.objects.count() == 1


def test_an_analyst_cannot_start_the_meeting(world, analysis):
    with pytest.raises(PermissionDenied):
        services.tertial_meeting(actor=world.user("analyst"), analysis=analysis)
    assert not Meeting.objects.exists()

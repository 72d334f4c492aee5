"""Writing a cause analysis: validated all or nothing, personal data refused, audited,
causes numbered for good; who reads and who writes (problems.policies)."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from samordna.core.models import AuditEvent
from samordna.problems.analysis import services
from samordna.problems.analysis.demo import CAUSES, load_demo_analysis
from samordna.problems.models import Cause, CauseAnalysis, Problem
from tests.problems.analysis_endpoints import make_analysis

PNR = "811218-9876"


def _problem(world, **kwargs) -> Problem:
    return Problem.objects.create(municipality=world.a, title="Mopeder", **kwargs)


def test_first_save_creates_the_analysis_with_an_audit_event(world) -> None:
    problem = _problem(world)
    analyst = world.user("analyst", "other_org")
    analysis = services.analysis_update(
        actor=analyst,
        problem=problem,
        changes={"fishbone": {"victim": [" Gående "], "offender": [], "place": []}},
    )
    assert analysis.fishbone["victim"] == ["Gående"]
    assert analysis.municipality_id == world.a.pk
    assert analysis.updated_by == analyst
    event = AuditEvent.objects.get(action="cause_analysis.create")
    assert event.changes["fields"] == ["fishbone"]
    assert event.actor == analyst


def test_a_bad_tool_saves_nothing_not_even_the_good_ones(world) -> None:
    problem = _problem(world)
    with pytest.raises(ValidationError) as caught:
        services.analysis_update(
            actor=None,
            problem=problem,
            changes={"summary": "Bra text", "event_chains": [{"title": "x", "links": ["a"]}]},
        )
    assert caught.value.message_dict == {
        "event_chains": ["Händelsekedja 1: en kedja behöver minst två led."]
    }
    assert not CauseAnalysis.objects.exists()
    assert not AuditEvent.objects.filter(action__startswith="cause").exists()


def test_personal_data_in_any_text_is_refused_and_nothing_changes(world) -> None:
    analysis = make_analysis(world)
    before = (analysis.summary, analysis.fishbone)
    changes = {
        "summary": "Ny text",
        "cause_tree": [{"text": "Körning", "children": [{"text": f"pnr {PNR}", "children": []}]}],
    }
    with pytest.raises(ValidationError) as caught:
        services.analysis_update(actor=None, problem=analysis.problem, changes=changes)
    assert "personnummer" in caught.value.message_dict["cause_tree"][0]
    analysis.refresh_from_db()
    assert (analysis.summary, analysis.fishbone) == before
    with pytest.raises(ValidationError):
        services.cause_add(actor=None, problem=analysis.problem, text="Ring 070-123 45 67")
    assert analysis.causes.count() == 1


def test_unknown_fields_and_wrong_types_are_refused(world) -> None:
    with pytest.raises(ValidationError) as caught:
        services.analysis_update(
            actor=None, problem=_problem(world), changes={"is_shared": True, "summary": 3}
        )
    assert caught.value.message_dict == {
        "is_shared": ["Okänt fält."],
        "summary": ["Ska vara text."],
    }


def test_numbers_stay_when_a_cause_is_removed(world) -> None:
    problem = _problem(world)
    causes = [services.cause_add(actor=None, problem=problem, text=t) for t in "abc"]
    assert [c.number for c in causes] == [1, 2, 3]
    services.cause_set_active(actor=None, cause=causes[2], active=False)
    services.cause_set_active(actor=None, cause=causes[1], active=False)
    fourth = services.cause_add(actor=None, problem=problem, text="d", level="school")
    assert fourth.number == 4
    rows = list(
        Cause.objects.filter(analysis__problem=problem).values_list("number", "text", "is_active")
    )
    assert rows == [(1, "a", True), (2, "b", False), (3, "c", False), (4, "d", True)]
    services.cause_set_active(actor=None, cause=causes[1], active=True)
    assert Cause.objects.get(pk=causes[1].pk).number == 2
    actions = list(
        AuditEvent.objects.filter(action__startswith="cause.").values_list("action", flat=True)
    )
    assert actions.count("cause.deactivate") == 2
    assert actions.count("cause.reactivate") == 1


def test_a_cause_needs_text_and_a_known_level(world) -> None:
    with pytest.raises(ValidationError) as caught:
        services.cause_add(actor=None, problem=_problem(world), text=" ", level="city")
    assert set(caught.value.message_dict) == {"text", "level"}
    assert not Cause.objects.exists()


def test_unshared_analysis_is_invisible_to_a_reporter_until_shared(world) -> None:
    analysis = make_analysis(world)
    reporter = world.user("reporter", "own_org")
    partner_elsewhere = world.user("partner", "other_org")
    assert not CauseAnalysis.objects.restrict(reporter, "view").exists()
    assert not Cause.objects.restrict(reporter, "view").exists()
    assert not services.may_view(partner_elsewhere, analysis.problem, analysis)
    assert services.may_view(world.user("management", "other_org"), analysis.problem, analysis)
    services.analysis_share(actor=world.user("coordinator"), analysis=analysis, shared=True)
    assert CauseAnalysis.objects.restrict(reporter, "view").get() == analysis
    assert services.may_view(partner_elsewhere, analysis.problem, analysis)
    assert not CauseAnalysis.objects.restrict(world.user("reporter", "other_municipality")).exists()


def test_a_partner_of_another_organisation_cannot_edit(world) -> None:
    analysis = make_analysis(world)
    outsider = world.user("partner", "other_org")
    with pytest.raises(PermissionDenied):
        services.analysis_update(actor=outsider, problem=analysis.problem, changes={"summary": "x"})
    with pytest.raises(PermissionDenied):
        services.cause_add(actor=outsider, problem=analysis.problem, text="x")
    with pytest.raises(PermissionDenied):
        services.cause_set_active(actor=outsider, cause=analysis.causes.get(), active=False)
    # The owner organisation's partner may; sharing is still the analysis group's.
    owner = world.user("partner", "own_org")
    services.analysis_update(actor=owner, problem=analysis.problem, changes={"summary": "Ny"})
    with pytest.raises(PermissionDenied):
        services.analysis_share(actor=owner, analysis=analysis, shared=True)
    analysis.refresh_from_db()
    assert analysis.summary == "Ny"
    assert not analysis.is_shared


def test_sharing_is_audited_once(world) -> None:
    analysis = make_analysis(world)
    coordinator = world.user("coordinator", "other_org")
    services.analysis_share(actor=coordinator, analysis=analysis, shared=True)
    services.analysis_share(actor=coordinator, analysis=analysis, shared=True)
    assert AuditEvent.objects.filter(action="cause_analysis.share").count() == 1


def test_the_demo_analysis_is_loaded_once(world) -> None:
    from samordna.core.demo.story import GROWING_PROBLEM

    today = timezone.localdate()
    assert load_demo_analysis(world.a, today) == 0  # no such problem: nothing to do
    Problem.objects.create(municipality=world.a, title=GROWING_PROBLEM)
    assert load_demo_analysis(world.a, today) == len(CAUSES)
    assert load_demo_analysis(world.a, today) == 0
    analysis = CauseAnalysis.objects.get(problem__title=GROWING_PROBLEM)
    assert analysis.is_shared
    assert analysis.causes.count() == len(CAUSES)
    assert analysis.event_chains[0]["links"][0] == "Behov av moped"
    assert {f["level"] for f in analysis.factors} == {"individual", "family", "school", "area"}
    assert len(analysis.hypotheses) == 2
    assert set(analysis.triangle) == {
        "offender",
        "target",
        "place",
    }

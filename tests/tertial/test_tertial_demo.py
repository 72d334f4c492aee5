"""The demo's tertial analysis: the growing problem (moped driving in Varberga, see
samordna.demo.profiles GROWTH_*) is found among the developments in the wrong direction,
selected with a justification citing its growth, and the analysis is done."""

from __future__ import annotations

from datetime import date

import pytest

from samordna.core.demo import story
from samordna.demo.loader import load_demo
from samordna.meetings.models import Meeting
from samordna.problems.models import Problem, ProblemStatus
from samordna.tertial.compile import compile_tertial
from samordna.tertial.demo import growth_row, load_demo_tertial
from samordna.tertial.models import TertialAnalysis

TODAY = date(2026, 9, 20)  # the last complete tertial is 2026-T2 (May-August)
KEY = "2026-T2"


@pytest.fixture
def demo(db):
    result = load_demo(today=TODAY, days=560)
    municipality = result.municipality
    if not Problem.objects.filter(municipality=municipality, title=story.GROWING_PROBLEM).exists():
        Problem.objects.create(municipality=municipality, title=story.GROWING_PROBLEM)
    return municipality


def test_the_growing_problem_is_found_in_the_tertial_analysis(demo):
    c = compile_tertial(demo, KEY)
    row = growth_row(c)
    assert row is not None, "Varberga / fordon-mopeder is no development in the wrong direction"
    assert row["area_name"] == story.GROWING_AREA
    assert row["category"] == story.GROWING_CATEGORY
    assert row["flagged_previous"] or row["flagged_last_year"]
    assert row["count"] > row["previous"]
    # Among the first of the wrong-direction list: it grows the most.
    cells = [r for r in c["wrong_direction"] if r["level"] == "cell"]
    assert row in cells[:5]


def test_the_demo_analysis_is_done_with_the_problem_selected_and_a_meeting(demo):
    # load_demo ran it (samordna.demo.loader._est_story): analysis, selection and meeting.
    analysis = TertialAnalysis.objects.get(municipality=demo, period_key=KEY)
    assert analysis.status == TertialAnalysis.Status.DONE
    assert analysis.sources_used
    assert analysis.sources_left_out
    assert analysis.conclusions
    selection = analysis.selections.get()
    assert selection.problem.title == story.GROWING_PROBLEM
    row = growth_row(compile_tertial(demo, KEY))
    assert f"{row['count']} iakttagelser" in selection.justification
    assert selection.problem.status != ProblemStatus.IDENTIFIED
    meeting = analysis.meeting
    assert meeting is not None
    assert meeting.kind == Meeting.Kind.TERTIAL
    assert not meeting.is_open
    # Idempotent.
    assert load_demo_tertial(demo, TODAY) == 0
    assert TertialAnalysis.objects.count() == 1
    assert Meeting.objects.filter(kind=Meeting.Kind.TERTIAL).count() == 1


def test_without_the_problem_nothing_is_selected(demo):
    # given the story's problem under another name, and the next tertial to analyse
    Problem.objects.filter(title=story.GROWING_PROBLEM).update(title="Ett annat problem")
    later = date(2027, 1, 10)  # the last complete tertial is now 2026-T3
    # then the analysis and its meeting are made, and no problem is selected
    assert load_demo_tertial(demo, later) == 2
    assert not TertialAnalysis.objects.get(period_key="2026-T3").selections.exists()

"""Indicator series per source, exact numbers, and the on-track rule."""

from __future__ import annotations

import pytest

from samordna.goals.models import Indicator
from samordna.goals.series import compute, judge, ordinal, path_value, periods_between
from samordna.reports.models import Category
from tests.goals.factories import kolada, make_goal, make_indicator
from tests.reports.factories import at
from tests.situation.factories import OUTSIDE_A, observe, police_event
from tests.surveys.factories import make_own_round

pytestmark = pytest.mark.django_db

END = at("2026-03-01T12:00")  # 2025 and 2025-T3 have ended; 2026 and 2026-T1 have not


def values(series):
    return {p.period: p.value for p in series.points}


# --- the pure rule ------------------------------------------------------------------


def test_path_is_a_straight_line_clamped_to_its_ends():
    assert path_value((2024, 100.0), (2028, 60.0), 2026) == 80.0
    assert path_value((2024, 100.0), (2028, 60.0), 2030) == 60.0
    assert path_value((2024, 100.0), (2028, 60.0), 2023) == 100.0


@pytest.mark.parametrize(
    ("direction", "latest", "on_track", "status"),
    [
        ("decrease", (2026, 80.0), True, "I fas"),  # exactly on the path
        ("decrease", (2026, 79.0), True, "I fas"),
        ("decrease", (2026, 81.0), False, "Inte i fas"),
        ("increase", (2026, 81.0), True, "I fas"),
        ("increase", (2026, 79.0), False, "Inte i fas"),
        ("decrease", (2028, 60.0), True, "Målet nått"),
        ("decrease", (2029, 61.0), False, "Målet inte nått"),
    ],
)
def test_judge_on_and_off_track(direction, latest, on_track, status):
    found = judge(direction=direction, baseline=(2024, 100.0), target=(2028, 60.0), latest=latest)
    assert (found.on_track, found.status) == (on_track, status)


@pytest.mark.parametrize(
    ("baseline", "latest", "status"),
    [
        ((2024, 100.0), None, "Okänt: inga värden ännu"),
        ((2024, None), (2026, 1.0), "Okänt: utgångsvärde saknas"),
        ((2024, 100.0), (2024, 1.0), "Okänt: inget värde efter utgångsläget ännu"),
    ],
)
def test_judge_unknown_says_why(baseline, latest, status):
    found = judge(direction="decrease", baseline=baseline, target=(2028, 60.0), latest=latest)
    assert found.on_track is None
    assert found.status == status


def test_tertials_count_on_one_line():
    assert ordinal("2026-T1") - ordinal("2025-T3") == 1
    assert periods_between("2025-T2", "2026-T1", "tertial") == ["2025-T2", "2025-T3", "2026-T1"]
    assert periods_between("2026", "2025", "year") == []


# --- sources ------------------------------------------------------------------------


def test_observations_count_the_filter_by_year(world):
    graffiti = Category.objects.get(code="skadegorelse-klotter", municipality=None)
    other = Category.objects.exclude(pk=graffiti.pk).filter(municipality=None).first()
    observe(world, "2024-W10", 3)
    observe(world, "2025-W10", 2)
    observe(world, "2025-W40", 1)
    observe(world, "2025-W41", 4, category=other)  # another category
    observe(world, "2025-W42", 5, where=OUTSIDE_A)  # outside the area
    observe(world, "2026-W05", 7)  # 2026 has not ended: not in the series
    closed = observe(world, "2025-W11", 1)[0]
    closed.status = closed.Status.CLOSED
    closed.save()
    from samordna.reports.counts import refresh_counts

    refresh_counts(world.a.pk)
    goal = make_goal(world)
    indicator = make_indicator(
        goal,
        filter={"areas": [world.area_a.pk], "categories": [graffiti.pk]},
        baseline_period="2024",
        target_period="2027",
        target_value=1.0,
    )
    found = compute(indicator, end=END)
    assert values(found) == {"2024": 3.0, "2025": 3.0}
    assert found.baseline_value == 3.0  # read from the series
    assert found.latest.period == "2025"
    # path 3 -> 1 over three years: 2025 expects 2.33, 3 is above it
    assert found.on_track is False
    assert found.status == "Inte i fas"


def test_observations_by_tertial_with_parent_category(world):
    graffiti = Category.objects.get(code="skadegorelse-klotter", municipality=None)
    observe(world, "2025-W10", 2)  # T1
    observe(world, "2025-W40", 1)  # T3
    from samordna.reports.counts import refresh_counts

    refresh_counts(world.a.pk)
    goal = make_goal(world)
    categories = [graffiti.parent_id or graffiti.pk]
    indicator = make_indicator(
        goal,
        filter={"categories": categories},
        granularity="tertial",
        baseline_period="2025-T1",
        baseline_value=4.0,
        target_period="2026-T3",
        target_value=0.0,
    )
    found = compute(indicator, end=END)
    assert values(found) == {"2025-T1": 2.0, "2025-T2": 0.0, "2025-T3": 1.0}
    assert found.baseline_value == 4.0  # given, not read
    assert found.on_track is True


def test_police_events_by_type(world):
    police_event(world, at("2024-05-02T10:00"), "Skadegörelse")
    police_event(world, at("2025-05-02T10:00"), "Skadegörelse")
    police_event(world, at("2025-06-02T10:00"), "Klotter")
    police_event(world, at("2025-06-03T10:00"), "Stöld")
    goal = make_goal(world)
    indicator = make_indicator(
        goal,
        source=Indicator.Source.POLICE,
        filter={"types": ["Skadegörelse", "Klotter"]},
        direction="decrease",
        target_value=0.0,
    )
    found = compute(indicator, end=END)
    assert values(found) == {"2024": 1.0, "2025": 2.0}
    assert found.on_track is False


def test_kolada_total_only(world):
    kpi = kolada(world, {2023: 5.0, 2024: 4.0, 2025: 3.5, 2026: None})
    goal = make_goal(world)
    indicator = make_indicator(
        goal,
        source=Indicator.Source.KOLADA,
        kolada_kpi=kpi,
        baseline_period="2024",
        target_period="2026",
        target_value=3.0,
    )
    found = compute(indicator, end=END)
    assert values(found) == {"2024": 4.0, "2025": 3.5, "2026": None}
    assert found.latest.period == "2025"
    assert found.on_track is True  # 3.5 on the path 4 -> 3 at 2025


def test_survey_item_for_an_area_by_round(world):
    first = make_own_round(world, women=30, men=25, year=2024)
    make_own_round(world, women=20, men=20, year=2025)
    item = first.items.get(code="otrygg")
    goal = make_goal(world)
    indicator = make_indicator(
        goal,
        source=Indicator.Source.SURVEY,
        survey_item=item,
        survey_area=world.area_a,
        baseline_period="2024",
        target_period="2027",
        target_value=10.0,
        unit="%",
    )
    found = compute(indicator, end=END)
    got = values(found)
    # women: 3 of 4 say ja (i % 4), men 1 of 4: 2024 (23 + 6) / 55, 2025 (15 + 5) / 40
    assert got["2024"] == pytest.approx(100 * 29 / 55, abs=1e-3)
    assert got["2025"] == pytest.approx(50.0)
    assert got["2026"] is None


def test_survey_item_below_the_threshold_is_suppressed(world, settings):
    settings.SAMORDNA_SURVEY_MIN_RESPONDENTS = 10
    first = make_own_round(world, women=4, men=4, year=2024)
    make_own_round(world, women=30, men=25, year=2025)
    item = first.items.get(code="oro")
    goal = make_goal(world)
    indicator = make_indicator(
        goal,
        source=Indicator.Source.SURVEY,
        survey_item=item,
        baseline_period="2024",
        target_period="2027",
        target_value=1.0,
    )
    found = compute(indicator, end=END)
    point = found.points[0]
    assert (point.period, point.value, point.suppressed) == ("2024", None, True)
    assert found.baseline_value is None  # a suppressed baseline is no baseline
    assert found.status == "Okänt: utgångsvärde saknas"
    assert found.points[1].value is not None

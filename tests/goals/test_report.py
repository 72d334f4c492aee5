"""goals.report: the rows documents carry (a contract other apps code against)."""

from __future__ import annotations

import dataclasses
import json

import pytest
from django.utils import timezone

from samordna.goals.models import Indicator
from samordna.goals.report import IndicatorRow, SurveyRow, indicator_rows, survey_rows
from tests.goals.factories import SECRET_GOAL, kolada, make_goal, make_indicator
from tests.surveys.factories import make_own_round

pytestmark = pytest.mark.django_db


def test_indicator_rows_for_the_period(world):
    kpi = kolada(world, {2023: 5.0, 2024: 4.0, 2025: 3.5})
    goal = make_goal(world)
    make_indicator(
        goal,
        name="Skadegörelse enligt Kolada",
        source=Indicator.Source.KOLADA,
        kolada_kpi=kpi,
        baseline_period="2023",
        target_period="2025",
        target_value=3.0,
        unit="per 1 000 inv",
    )
    make_goal(world, title="Inaktivt mål", is_active=False)
    make_indicator(make_goal(world, title="Annat", municipality=world.b), municipality=world.b)

    rows = indicator_rows(world.a, "2024-T3")
    assert rows == [
        IndicatorRow(
            goal=SECRET_GOAL,
            indicator="Skadegörelse enligt Kolada",
            source="Kolada",
            unit="per 1 000 inv",
            baseline_period="2023",
            baseline_value=5.0,
            target_period="2025",
            target_value=3.0,
            latest_period="2024",
            latest_value=4.0,
            on_track=True,
            status="I fas",
        )
    ]
    later = indicator_rows(world.a, "2025")
    assert (later[0].latest_value, later[0].on_track, later[0].status) == (
        3.5,
        False,
        "Målet inte nått",
    )
    json.dumps([dataclasses.asdict(r) for r in rows])
    with pytest.raises(dataclasses.FrozenInstanceError):
        rows[0].goal = "x"  # type: ignore[misc]


def test_indicator_rows_without_data_say_unknown(world):
    kpi = kolada(world, {})
    make_indicator(make_goal(world), source=Indicator.Source.KOLADA, kolada_kpi=kpi)
    (row,) = indicator_rows(world.a, "2025")
    assert row.latest_value is None
    assert row.latest_period is None
    assert row.on_track is None
    assert row.status == "Okänt: inga värden ännu"


def test_counted_indicator_before_its_baseline_has_no_value(world):
    make_indicator(make_goal(world), filter={"areas": [world.area_a.pk]}, baseline_period="2024")
    (row,) = indicator_rows(world.a, "2024-T2")  # 2024 has not ended by then
    assert (row.latest_period, row.on_track) == (None, None)
    (row,) = indicator_rows(world.a, "2025")  # no observations: a count of 0 is a value
    assert (row.latest_period, row.latest_value, row.status) == ("2025", 0.0, "I fas")


def test_survey_rows_latest_round_up_to_the_year_and_suppressed(world, settings):
    settings.SAMORDNA_SURVEY_MIN_RESPONDENTS = 10
    make_own_round(world, women=30, men=25, year=2024)
    make_own_round(world, women=30, men=6, year=2025)
    rows = survey_rows(world.a, "2024-T3")
    assert {r.year for r in rows} == {2024}
    share = [r for r in rows if r.item == "Otrygg sent en kväll?"]
    whole = {r.group: r for r in share if r.area == "Hela kommunen"}
    assert set(whole) == {"alla", "kvinnor", "män", "16–29", "65–84"}
    alla = whole["alla"]
    assert (alla.unit, alla.respondents, alla.suppressed) == ("%", 55, False)
    assert alla.value == pytest.approx(100 * 29 / 55, abs=0.01)
    assert alla.ci_low < alla.value < alla.ci_high
    assert [r.group for r in share if r.area == world.area_a.name] == ["alla"]

    later = survey_rows(world.a, "2026")
    assert {r.year for r in later} == {2025}
    men = next(r for r in later if r.group == "män" and r.area == "Hela kommunen" and r.unit == "%")
    assert men.suppressed is True
    assert (men.value, men.ci_low, men.ci_high, men.respondents) == (None, None, None, None)
    json.dumps([dataclasses.asdict(r) for r in later])
    assert all(isinstance(r, SurveyRow) for r in later)


def test_survey_rows_before_any_round_are_empty(world):
    make_own_round(world, year=2025)
    assert survey_rows(world.a, "2024") == []
    assert survey_rows(world.b, str(timezone.now().year)) == []

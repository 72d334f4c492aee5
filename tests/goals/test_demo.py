"""The demo goals: Baronbackarna's two goals, idempotent, synthetic Kolada labelled."""

from __future__ import annotations

from datetime import date

import pytest

from samordna.core import services
from samordna.core.geo import area_geometry
from samordna.goals.demo import SCHOOL_GOAL, SYNTHETIC, VANDALISM_GOAL, load_demo_goals
from samordna.goals.models import Goal
from samordna.goals.report import indicator_rows
from samordna.integrations.models import KoladaValue
from samordna.surveys.imports.rows import Question, RespondentRow
from samordna.surveys.imports.service import SurveyMeta, own_round_create
from samordna.surveys.models import Survey
from tests.conftest import SQUARE_A

pytestmark = pytest.mark.django_db
TODAY = date(2026, 11, 20)


@pytest.fixture
def baronbackarna(world):
    area = services.area_create(
        actor=None,
        municipality=world.a,
        name="Baronbackarna",
        kind="est",
        geometry=area_geometry(SQUARE_A),
    )
    rows = [
        RespondentRow(area, "K" if i % 2 else "M", "30–49", {"ordning": 3.0}) for i in range(30)
    ]
    own_round_create(
        actor=None,
        municipality=world.a,
        meta=SurveyMeta(Survey.Kind.OWN, "Demoenkät (syntetisk)", 2024, is_synthetic=True),
        questions=[Question("ordning", "Hur stort problem är skadegörelse? (0–6)", "index", 0)],
        rows=rows,
        groups={"ordning": "disorder"},
    )
    return area


def test_loads_two_goals_with_all_sources_once(world, baronbackarna):
    assert load_demo_goals(world.a, TODAY) == 2
    assert load_demo_goals(world.a, TODAY) == 0
    vandalism = Goal.objects.get(municipality=world.a, title=VANDALISM_GOAL)
    assert list(vandalism.areas.all()) == [baronbackarna]
    sources = sorted(vandalism.indicators.values_list("source", flat=True))
    assert sources == ["kolada", "observations", "survey"]
    school = Goal.objects.get(municipality=world.a, title=SCHOOL_GOAL)
    assert list(school.indicators.values_list("kolada_kpi_id", flat=True)) == ["N15419"]
    values = KoladaValue.objects.filter(municipality=world.a)
    assert values.count() == 10
    assert set(values.values_list("status", flat=True)) == {SYNTHETIC}
    rows = indicator_rows(world.a, "2026")
    assert len(rows) == 4
    survey = next(r for r in rows if r.source == "Trygghetsmätning")
    assert (survey.baseline_period, survey.baseline_value) == ("2024", 3.0)


def test_without_the_area_nothing_is_loaded(world):
    assert load_demo_goals(world.a, TODAY) == 0
    assert not Goal.objects.exists()


def test_real_kolada_values_are_never_overwritten(world, baronbackarna):
    from tests.goals.factories import kolada

    kolada(world, {2025: 4.2}, kpi_id="U07452")
    load_demo_goals(world.a, TODAY)
    real = KoladaValue.objects.get(municipality=world.a, kpi_id="U07452", year=2025, gender="T")
    assert (real.value, real.status) == (4.2, "")

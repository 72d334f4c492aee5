"""The demo's synthetic own survey: labelled, idempotent, with the expected pattern."""

from __future__ import annotations

from samordna.core.models import AuditEvent
from samordna.surveys import demo
from samordna.surveys.models import Survey, SurveyResponse
from samordna.surveys.selectors import item_results


def test_demo_survey_loads_three_labelled_years_once(world):
    areas = {"Vivalla": world.area_a}

    assert demo.load_demo_surveys(world.a, areas) == 3
    counts = (Survey.objects.count(), SurveyResponse.objects.count(), AuditEvent.objects.count())
    assert demo.load_demo_surveys(world.a, areas) == 0

    assert (
        Survey.objects.count(),
        SurveyResponse.objects.count(),
        AuditEvent.objects.count(),
    ) == counts
    rounds = Survey.objects.filter(title=demo.TITLE).order_by("year")
    assert [s.year for s in rounds] == [2024, 2025, 2026]
    assert all(s.is_synthetic and "Syntetiska" in s.source_note for s in rounds)
    assert SurveyResponse.objects.count() == 3 * demo.AREAS["Vivalla"][0]


def test_demo_answers_are_the_same_every_time(world):
    first = demo.respondents({"Vivalla": world.area_a}, 2025)
    again = demo.respondents({"Vivalla": world.area_a}, 2025)

    assert first == again


def test_women_and_older_people_feel_less_safe_in_the_demo(world):
    demo.load_demo_surveys(world.a, {"Vivalla": world.area_a})
    survey = Survey.objects.get(title=demo.TITLE, year=2024)

    results = item_results(survey, survey.items.get(code="oro-brott"), area=None, minimum=10)

    gender_gap = results.by_gender.gaps[0].gap
    age_gap = results.by_band.gaps[0].gap
    assert gender_gap.low > 0
    assert age_gap.low > 0

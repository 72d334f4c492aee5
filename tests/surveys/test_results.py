"""Results of a round: estimates and gaps from the analysis, small cells suppressed
(with the complementary cell), for own surveys and imported aggregates."""

from __future__ import annotations

import pytest

from samordna.analysis import surveys as s
from samordna.core import services
from samordna.core.geo import area_geometry
from samordna.surveys.imports.rows import RespondentRow
from samordna.surveys.models import Survey, SurveyResponse
from samordna.surveys.selectors import item_results
from tests.conftest import SQUARE_A
from tests.surveys.factories import POLICE, make_own_round, run


def _women_and_men(count_w, count_m):
    women = [4.0 + (i % 3) - 1 for i in range(count_w)]
    men = [2.0 + (i % 3) - 1 for i in range(count_m)]
    return women, men


def test_own_survey_means_and_gap_come_from_the_respondents(world):
    survey = make_own_round(world, women=30, men=25)
    item = survey.items.get(code="oro")

    results = item_results(survey, item, area=None, minimum=10)

    women, men = _women_and_men(30, 25)
    k, m = results.by_gender.cells
    assert k.estimate == s.mean_interval(s.summarise(women))
    assert m.estimate == s.mean_interval(s.summarise(men))
    gap = results.by_gender.gaps[0]
    assert gap.gap == s.mean_gap(s.summarise(women), s.summarise(men))
    assert gap.gap.is_clear
    assert gap.verdict == "tydlig skillnad"
    assert results.by_gender.total.estimate.n == 55
    assert [c.label for c in results.by_area.cells] == [world.area_a.name]
    assert [c.label for c in results.by_band.cells] == ["16–29 år", "65–84 år"]
    assert results.by_band.gaps[0].label == "Äldst (65–84) − yngst (16–29)"


def test_share_items_use_wilson_and_newcombe(world):
    survey = make_own_round(world, women=40, men=40)
    item = survey.items.get(code="otrygg")

    results = item_results(survey, item, area=None, minimum=10)

    # Women: 1.0 except every fourth (i % 4 == 0) -> 30 of 40; men: the reverse, 10 of 40.
    k, m = results.by_gender.cells
    assert k.estimate == s.share_interval(30, 40)
    assert m.estimate == s.share_interval(10, 40)
    assert results.by_gender.gaps[0].gap == s.share_gap(k.estimate, m.estimate)
    assert k.text == "75 % ± 13"
    assert results.by_gender.gaps[0].text.endswith(" %-enh.")


def test_a_small_group_hides_its_partner_and_the_gap(world):
    survey = make_own_round(world, women=30, men=6)
    item = survey.items.get(code="oro")

    results = item_results(survey, item, area=None, minimum=10)

    k, m = results.by_gender.cells
    # Men alone would be total − women: both go.
    assert k.suppressed
    assert m.suppressed
    assert k.estimate is None
    assert m.estimate is None
    assert m.n is None
    assert str(m.suppressed) == "färre än 10 svar"
    assert m.text == "färre än 10 svar"
    assert results.by_gender.total.estimate.n == 36
    assert results.by_gender.gaps[0].gap is None


def test_a_few_other_gender_answers_are_left_out_so_they_cannot_be_read_back(world):
    survey = make_own_round(world, women=30, men=25, other=3)

    results = item_results(survey, survey.items.get(code="oro"), area=None, minimum=10)

    k, m = results.by_gender.cells
    assert k.estimate.n == 30
    assert m.estimate.n == 25
    assert results.by_gender.total.estimate.n == 55  # all − women − men = nobody
    assert results.by_area.total.estimate.n == 55


def test_enough_other_gender_answers_count_in_the_total(world):
    survey = make_own_round(world, women=30, men=25, other=12)

    results = item_results(survey, survey.items.get(code="oro"), area=world.area_a, minimum=10)

    assert results.by_gender.total.estimate.n == 67
    assert results.by_gender.cells[1].estimate.n == 25


def test_the_threshold_is_a_setting(world, settings):
    survey = make_own_round(world, women=30, men=6)
    settings.SAMORDNA_SURVEY_MIN_RESPONDENTS = 5

    results = item_results(survey, survey.items.get(code="oro"), area=None)

    assert results.minimum == 5
    assert results.by_gender.cells[1].estimate.n == 6


def test_years_line_up_the_rounds_of_the_same_survey(world):
    make_own_round(world, year=2024)
    survey = make_own_round(world, year=2025)

    results = item_results(survey, survey.items.get(code="oro"), area=world.area_a, minimum=10)

    assert [row[0] for row in results.year_rows] == [2024, 2025]
    assert results.by_area is None  # one area chosen


def test_police_index_gets_the_conservative_interval(world):
    run(world, Survey.Kind.POLICE, POLICE)
    survey = Survey.objects.get(year=2025)
    item = survey.items.get(code="ordningsstorningar")

    results = item_results(survey, item, area=world.area_a, minimum=10)

    k, _m = results.by_gender.cells
    assert k.estimate == s.mean_interval(s.bounded_summary(2.8, 64, scale_min=0, scale_max=6))
    assert k.estimate.method == s.MEAN_BOUND
    expected = s.mean_gap(
        s.bounded_summary(2.8, 64, scale_min=0, scale_max=6),
        s.bounded_summary(2.0, 56, scale_min=0, scale_max=6),
    )
    assert results.by_gender.gaps[0].gap == expected
    assert results.by_gender.total.estimate.value == pytest.approx(2.4)
    assert [r[0] for r in results.year_rows] == [2024, 2025]


def test_a_small_cell_cannot_be_had_back_from_another_view(world):
    """Men in area A are few. Shown: municipality men, area A and B totals. Without
    hiding men in B too, municipality men − B men would give A men back."""
    second = services.area_create(
        actor=None, municipality=world.a, name="Andra området", kind="est",
        geometry=area_geometry(SQUARE_A),
    )  # fmt: skip
    survey = make_own_round(world, women=30, men=6)
    extra = [
        RespondentRow(second, g, "30–49", {"oro": 3.0, "otrygg": 1.0})
        for g in ["K"] * 30 + ["M"] * 30
    ]
    survey.responses.bulk_create(
        SurveyResponse(
            municipality=world.a, survey=survey, area=r.area, gender=r.gender,
            age_band=r.age_band, answers=r.answers,
        )
        for r in extra
    )  # fmt: skip
    item = survey.items.get(code="oro")

    whole = item_results(survey, item, area=None, minimum=10)
    in_b = item_results(survey, item, area=second, minimum=10)
    in_a = item_results(survey, item, area=world.area_a, minimum=10)

    assert [c.estimate.n for c in whole.by_gender.cells] == [60, 36]
    assert all(c.suppressed for c in in_a.by_gender.cells)
    assert all(c.suppressed for c in in_b.by_gender.cells)
    assert [c.estimate.n for c in whole.by_area.cells] == [60, 36]  # area totals stay

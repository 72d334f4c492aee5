"""Survey charts: accessible, deterministic, and a suppressed cell drawn as its phrase."""

from __future__ import annotations

from samordna.surveys.charts import results_charts
from samordna.surveys.selectors import item_results
from tests.surveys.factories import make_own_round


def test_charts_are_accessible_deterministic_and_never_draw_a_hidden_number(world):
    survey = make_own_round(world, women=30, men=6)
    results = item_results(survey, survey.items.get(code="oro"), area=None, minimum=10)

    first = results_charts(results)
    again = results_charts(
        item_results(survey, survey.items.get(code="oro"), area=None, minimum=10)
    )

    assert first == again
    assert set(first) == {"areas", "years"}
    years = first["years"]
    assert years.startswith("<svg")
    assert 'role="img"' in years
    assert "<title" in years
    assert "färre än 10 svar" in years

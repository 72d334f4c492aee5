"""The situation charts: accessible, deterministic SVG, and a message instead of a
crash when there is nothing to draw."""

from __future__ import annotations

import re
from typing import Any

import pytest

from samordna.situation import charts
from tests.situation.sample_document import empty_document, sample_document

TREND_LABELS = [f"2026-W{week}" for week in range(36, 48)]


@pytest.fixture(scope="module")
def sample_charts() -> dict[str, str]:
    return charts.document_charts(sample_document())


def _title(svg: str) -> str:
    match = re.search(r'<title id="([^"]+)">([^<]*)</title>', svg)
    assert match
    assert f'aria-labelledby="{match.group(1)}"' in svg
    return match.group(2)


@pytest.mark.parametrize("name", ["map", "trend", "hour_weekday"])
def test_charts_are_accessible_inline_svg(sample_charts: dict[str, str], name: str) -> None:
    svg = sample_charts[name]

    assert svg.startswith("<svg ")
    assert 'role="img"' in svg.split(">", 1)[0]
    assert _title(svg)
    assert "<dc:date>" not in svg
    assert "<?xml" not in svg


def test_same_document_gives_byte_identical_svg(sample_charts: dict[str, str]) -> None:
    assert charts.document_charts(sample_document()) == sample_charts


def test_different_documents_give_different_maps(sample_charts: dict[str, str]) -> None:
    other = sample_document()
    other["areas"][0]["direction"] = "down"

    assert charts.map_svg(other) != sample_charts["map"]


def test_map_shades_areas_by_direction_and_names_them(sample_charts: dict[str, str]) -> None:
    svg = sample_charts["map"]
    directions = {a["direction"] for a in sample_document()["areas"]}

    assert directions == {"up", "down", "same"}
    for colour in ("#e69f00", "#56b4e9", "#e8e8e8", "#cc79a7"):
        assert colour in svg.lower()
    assert svg.count("<pattern") == 2  # hatching for up and down, readable in greyscale
    for name in ("Vivalla", "Baronbackarna", "Örebro centrum", "Het cell (Gi*)"):
        assert name in svg
    assert "Karta över Örebro, vecka 47, 2026" in _title(svg)


def test_map_draws_multipolygons_and_skips_missing_geometry() -> None:
    document = sample_document()
    first, second = document["areas"][0], document["areas"][1]
    first["geometry"] = {
        "type": "MultiPolygon",
        "coordinates": [first["geometry"]["coordinates"], second["geometry"]["coordinates"]],
    }
    second["geometry"] = {}

    svg = charts.map_svg(document)

    assert "Vivalla" in svg
    assert "Baronbackarna" not in svg


def test_trend_labels_every_period_and_both_series(sample_charts: dict[str, str]) -> None:
    svg = sample_charts["trend"]

    for label in [*TREND_LABELS, "Egna iakttagelser", "Polisens händelser"]:
        assert label in svg


def test_heat_map_writes_the_counts_and_a_colour_bar(sample_charts: dict[str, str]) -> None:
    svg = sample_charts["hour_weekday"]

    assert "Antal iakttagelser" in svg  # the colour bar's label
    assert "Måndag" in svg
    assert "Söndag" in svg
    assert re.search(r">2</text>", svg)


def test_titles_are_escaped() -> None:
    svg = charts.trend_svg(TREND_LABELS, {"a": [1] * 12}, title="<script>&")

    assert "<script>" not in svg
    assert "&lt;script&gt;&amp;" in svg


@pytest.mark.parametrize(
    ("build", "message"),
    [
        (lambda: charts.trend_svg([], {}, title="Utveckling"), "Inga uppgifter"),
        (lambda: charts.trend_svg(TREND_LABELS, {"a": [0] * 12}, title="U"), "Inga uppgifter"),
        (lambda: charts.hour_weekday_svg([[0] * 24] * 7, ["måndag"] * 7), "Inga iakttagelser"),
        (lambda: charts.hour_weekday_svg([], []), "Inga iakttagelser"),
        (lambda: charts.map_svg(_no_areas()), "Inga områden eller iakttagelser"),
    ],
)
def test_empty_data_gives_an_empty_chart_with_a_message(build: Any, message: str) -> None:
    svg = build()

    assert 'role="img"' in svg
    assert message in svg
    assert message in _title(svg)


def test_empty_document_still_draws_its_areas() -> None:
    svg = charts.document_charts(empty_document())

    assert "Vivalla" in svg["map"]
    assert "Inga iakttagelser" in svg["hour_weekday"]
    assert "Inga uppgifter" in svg["trend"]


def _no_areas() -> dict[str, Any]:
    return empty_document(areas=[])


def test_many_points_become_one_image_so_the_map_stays_small() -> None:
    document = sample_document()
    point = next(o for o in document["observations"] if o["lon"] is not None)
    document["observations"] = [point | {"id": i} for i in range(2000)]

    svg = charts.map_svg(document)

    assert svg.count("<image") == 1
    assert len(svg) < 200_000
    assert charts.map_svg(document) == svg


def test_charts_are_drawn_once_per_content_and_language(settings, tmp_path):
    from django.utils import translation

    from samordna.situation.chart_svg import remembered

    settings.CACHES = {
        **settings.CACHES,
        "charts": {
            "BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
            "LOCATION": tmp_path,
        },
    }
    drawn: list[dict] = []

    def draw(data):
        drawn.append(data)
        return {"map": f"<svg>{data['n']}</svg>"}

    first, second = {"n": 1}, {"n": 2}
    assert remembered("test", first, lambda: draw(first)) == {"map": "<svg>1</svg>"}
    assert remembered("test", dict(first), lambda: draw(first)) == {"map": "<svg>1</svg>"}
    assert drawn == [first]  # the same content again: served, not drawn
    assert remembered("test", second, lambda: draw(second)) == {"map": "<svg>2</svg>"}
    with translation.override("en"):
        remembered("test", first, lambda: draw(first))
    assert drawn == [first, second, first]  # new content, and another language, draw anew

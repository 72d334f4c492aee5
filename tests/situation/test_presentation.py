"""The words and numbers the tables show: the same in the page, the PDF and the XLSX."""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

import pytest
from django.template.loader import render_to_string

from samordna.situation import presentation
from samordna.situation.templatetags.situation_document import num, pvalue, svg_img
from tests.situation.sample_document import empty_document, sample_document

NBSP = "\N{NO-BREAK SPACE}"


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (0, "0"),
        (1234, f"1{NBSP}234"),
        (2.25, "2,2"),
        (4.75, "4,8"),
        (None, "–"),
        (1234.5, f"1{NBSP}234,5"),
    ],
)
def test_numbers_are_written_the_swedish_way(value: object, expected: str) -> None:
    assert num(value) == expected


def test_p_values_are_rounded_and_tiny_ones_bounded() -> None:
    assert pvalue(0.0123) == "0,012"
    assert pvalue(0.00004) == f"<{NBSP}0,001"


@pytest.mark.parametrize(
    ("status", "text"),
    [
        ("draft", "UTKAST — ej fastställd"),
        ("proposed", "FÖRSLAG — ej fastställd"),
        ("confirmed", ""),
        ("distributed", ""),
    ],
)
def test_only_unconfirmed_pictures_carry_a_watermark(status: str, text: str) -> None:
    assert presentation.watermark(sample_document(picture={"status": status})) == text


def test_rows_name_areas_and_categories() -> None:
    rows = presentation.view(sample_document())

    assert [(c["area_name"], c["category_name"]) for c in rows["flagged"]] == [
        ("Vivalla", "Skadegörelse och klotter"),
        ("Baronbackarna", "Ordningsstörning och hot"),
    ]
    assert presentation.Names(sample_document()).area(None) == "Utanför områdena"
    assert rows["header"]["confirmed_at"].isoformat() == "2026-11-23T09:42:00"


@pytest.mark.parametrize("build", [sample_document, empty_document])
def test_tables_include_is_accessible(build: Callable[[], dict[str, Any]]) -> None:
    html = render_to_string("situation/_tables.html", {"document": build()})

    assert html.count("<caption>") == html.count("<table") >= 10
    headers = re.findall(r"<th\b[^>]*>", html)
    assert all('scope="' in th for th in headers)
    assert "<script" not in html
    assert 'style="' not in html


def test_area_rows_hold_the_documents_numbers() -> None:
    document = sample_document()
    html = render_to_string("situation/_table_areas.html", {"document": document})

    for area in document["areas"]:
        cells = re.search(rf"{area['name']}.*?</th>(.*?)</tr>", html, re.S)
        assert cells
        numbers = re.findall(r'<td class="num">([^<]*)</td>', cells.group(1))
        assert numbers[0] == str(area["count"])
        assert numbers[3] == str(area["last_year"])


def test_svg_img_carries_the_title_as_alt() -> None:
    tag = svg_img('<svg role="img"><title id="t">Karta &amp; punkter</title></svg>')

    assert tag.startswith('<img class="chart" src="data:image/svg+xml;base64,')
    assert 'alt="Karta &amp; punkter"' in tag


def _outside_the_disclosure(html: str) -> str:
    return re.sub(r"<details\b.*?</details>", "", html, flags=re.DOTALL)


@pytest.mark.parametrize("partial", ["_table_flagged.html", "_table_hotspots.html"])
def test_the_statistics_stay_behind_the_disclosure(partial: str) -> None:
    html = render_to_string(f"situation/{partial}", {"document": sample_document()})

    assert "<summary>Så har vi räknat</summary>" in html
    main = _outside_the_disclosure(html)
    for word in ("Poisson", "FDR", "Gi*", "Benjamini", ">p<", ">q<", "z-"):
        assert word not in main, word


def test_flags_read_as_sentences_and_hot_spots_as_places() -> None:
    html = render_to_string("situation/_tables.html", {"document": sample_document()})
    main = _outside_the_disclosure(html)

    assert "Skadegörelse och klotter i Vivalla ökade från 2 till" in main
    assert "Vivalla centrum" in main
    assert "SWEREF" not in main


def test_a_picture_frozen_before_clusters_and_sentences_still_renders() -> None:
    # Given a document frozen with the earlier statistics: hot cells without clusters,
    # flagged cells without a sentence or an expected count
    document = sample_document()
    for cell in document["cells"]:
        del cell["sentence"], cell["expected"]
    for cell in document["hotspots"]["cells"]:
        for key in ("baseline", "expected", "p", "cluster"):
            del cell[key]
    for key in ("clusters", "method", "baseline", "tested"):
        del document["hotspots"][key]
    for key in ("baseline", "baseline_method"):
        del document["comparisons"][key]
    # When its tables are rendered
    html = render_to_string("situation/_tables.html", {"document": document})
    # Then the flags still read as sentences, and the old cells sit behind the disclosure.
    main = _outside_the_disclosure(html)
    assert "Skadegörelse och klotter i Vivalla ökade från 2 till" in main
    assert "3 rutor med fler iakttagelser än väntat (äldre beräkning)." in main
    assert "Getis-Ord Gi*" in html
    assert "Gi*" not in main

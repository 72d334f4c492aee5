"""The four exports of a situation document carry the same numbers (issue 4, item 6)."""

from __future__ import annotations

import io
import json
import re
from typing import Any

import numpy as np
import openpyxl
import pypdfium2
import pytest

from samordna.situation import exports
from tests.situation.sample_document import empty_document, sample_document

UNCONFIRMED = {"status": "draft", "confirmed_at": None, "confirmed_by": None}
UNCONFIRMED |= {"content_hash": None}


def _pdf_pages(pdf: bytes) -> list[str]:
    document = pypdfium2.PdfDocument(pdf)
    try:
        # pdfium ends lines with \r\n; the regular expressions below want \n.
        return [page.get_textpage().get_text_range().replace("\r\n", "\n") for page in document]
    finally:
        document.close()


def _mean(value: float) -> str:
    return f"{value:.1f}".replace(".", ",")


@pytest.fixture(scope="module")
def document() -> dict[str, Any]:
    return sample_document()


@pytest.fixture(scope="module")
def pdf(document: dict[str, Any]) -> bytes:
    return exports.render(document, "pdf")


@pytest.fixture(scope="module")
def pdf_text(pdf: bytes) -> str:
    return "\n".join(_pdf_pages(pdf))


@pytest.fixture(scope="module")
def workbook(document: dict[str, Any]) -> Any:
    return openpyxl.load_workbook(io.BytesIO(exports.render(document, "xlsx")))


@pytest.fixture(scope="module")
def geojson(document: dict[str, Any]) -> dict[str, Any]:
    return json.loads(exports.render(document, "geojson"))


def _sheet_rows(workbook: Any, name: str) -> list[list[Any]]:
    return [list(row) for row in workbook[name].iter_rows(min_row=2, values_only=True)]


# --- JSON ------------------------------------------------------------------------------


def test_json_is_the_document_in_its_own_order(document: dict[str, Any]) -> None:
    data = exports.render(document, "json")

    assert json.loads(data) == document
    assert list(json.loads(data)) == list(document)
    assert "Örebro" in data.decode("utf-8")  # UTF-8, not \u escapes


# --- GeoJSON ---------------------------------------------------------------------------


def _layer(collection: dict[str, Any], layer: str) -> list[dict[str, Any]]:
    return [f for f in collection["features"] if f["properties"]["layer"] == layer]


def test_geojson_has_three_layers_with_the_documents_counts(
    document: dict[str, Any], geojson: dict[str, Any]
) -> None:
    located = [o for o in document["observations"] if o["lon"] is not None]

    assert geojson["type"] == "FeatureCollection"
    assert len(_layer(geojson, "area")) == len(document["areas"]) == 6
    assert len(_layer(geojson, "observation")) == len(located) < len(document["observations"])
    assert len(_layer(geojson, "hotspot")) == len(document["hotspots"]["cells"]) == 3
    assert len(geojson["features"]) == 6 + len(located) + 3


def test_geojson_geometry_is_valid_wgs84(document: dict[str, Any], geojson: dict[str, Any]) -> None:
    for feature in geojson["features"]:
        geometry = feature["geometry"]
        if geometry["type"] == "Point":
            lon, lat = geometry["coordinates"]
            assert 10 < lon < 25
            assert 55 < lat < 70
            continue
        assert geometry["type"] == "Polygon"
        for ring in geometry["coordinates"]:
            assert len(ring) >= 4
            assert ring[0] == ring[-1]
    for cell, feature in zip(
        document["hotspots"]["cells"], _layer(geojson, "hotspot"), strict=True
    ):
        ring = feature["geometry"]["coordinates"][0]
        lons, lats = [p[0] for p in ring], [p[1] for p in ring]
        assert min(lons) < cell["lon"] < max(lons)
        assert min(lats) < cell["lat"] < max(lats)
        # A 200 m square: about 0.0018° of latitude high at 59° N.
        assert max(lats) - min(lats) == pytest.approx(0.0018, abs=0.0001)
        assert feature["properties"]["z"] == cell["z"]


# --- XLSX ------------------------------------------------------------------------------


def test_xlsx_sheets_are_the_swedish_tables(workbook: Any) -> None:
    expected = ["Sammanfattning", "Områden", "Kategorier", "Område x kategori", "Polisen"]
    expected += ["Veckodag x timme", "Hot spots", "Iakttagelser", "Möte"]

    assert set(expected) <= set(workbook.sheetnames)
    areas = workbook["Områden"]
    assert areas.freeze_panes == "B2"
    assert all(cell.font.bold for cell in areas[1])
    assert areas.column_dimensions["B"].width > 10


def test_xlsx_figures_equal_the_documents(document: dict[str, Any], workbook: Any) -> None:
    summary = dict(row[:2] for row in _sheet_rows(workbook, "Sammanfattning"))
    assert summary["Egna iakttagelser, antal"] == document["totals"]["count"] == 40
    assert summary["Polisens händelser, antal"] == document["totals"]["police_events"]
    assert summary["Innehållssumma (SHA-256)"] == document["picture"]["content_hash"]
    assert {row[0]: row[3] for row in _sheet_rows(workbook, "Områden")} == {
        a["code"]: a["count"] for a in document["areas"]
    }
    police = _sheet_rows(workbook, "Polisen")
    assert [(r[0], r[1], r[2]) for r in police[:-1]] == [
        (t["type"], t["count"], t["previous"]) for t in document["police"]["by_type"]
    ]
    assert police[-1][:2] == ["Totalt", document["police"]["count"]]
    cells = _sheet_rows(workbook, "Område x kategori")
    assert [(r[0], r[2], r[4], r[9], r[10]) for r in cells] == [
        (c["area"], c["category"], c["count"], c["p"], c["q"]) for c in document["cells"]
    ]
    matrix = [row[1:25] for row in _sheet_rows(workbook, "Veckodag x timme")]
    assert matrix == document["hour_weekday"]["matrix"]


def test_xlsx_keeps_numbers_and_dates_typed(workbook: Any) -> None:
    summary = dict(row[:2] for row in _sheet_rows(workbook, "Sammanfattning"))
    observations = _sheet_rows(workbook, "Iakttagelser")

    assert summary["Första dag"].isoformat() == "2026-11-16T00:00:00"
    assert workbook["Sammanfattning"]["B5"].number_format == "yyyy-mm-dd"
    assert len(observations) == 40
    assert all(isinstance(row[1], type(summary["Fastställd"])) for row in observations)
    assert all(isinstance(row[8], int) for row in observations)


def test_xlsx_is_deterministic_and_neutralises_formulas(document: dict[str, Any]) -> None:
    hostile = sample_document(municipality={"name": "=HYPERLINK(1)"})

    assert exports.render(document, "xlsx") == exports.render(sample_document(), "xlsx")
    book = openpyxl.load_workbook(io.BytesIO(exports.render(hostile, "xlsx")))
    assert book["Sammanfattning"]["B2"].value == "'=HYPERLINK(1)"


# --- PDF -------------------------------------------------------------------------------


def test_pdf_has_the_pages_and_a_coloured_map(pdf: bytes) -> None:
    document = pypdfium2.PdfDocument(pdf)
    try:
        assert len(document) >= 4
        image = document[0].render(scale=1).to_pil().convert("RGB")
    finally:
        document.close()
    # The map's fills: Okabe–Ito orange (up) and sky blue (down), nowhere else on page 1.
    r, g, b = np.asarray(image).astype(int).transpose(2, 0, 1)
    orange = np.count_nonzero((r > 200) & (g > 130) & (g < 190) & (b < 80))
    blue = np.count_nonzero((r < 130) & (g > 160) & (g < 200) & (b > 200))
    assert orange > 300
    assert blue > 30


def test_pdf_holds_the_tables(pdf_text: str) -> None:
    for caption in (
        "Iakttagelser per område",
        "Utveckling, tolv perioder (äldst först)",
        "Iakttagelser och polisens händelser per kategori",
        "Mer än vanligt den här perioden",
        "Polisens händelser per typ",
        "Iakttagelser per veckodag och timme",
        "Platser med fler iakttagelser än de brukar ha",
        "Iakttagelser med högst otrygghet",
        "Nytt sedan föregående period",
        "Närvaro",
        "Bedömning per område",
        "Beslut om omedelbara insatser",
        "sida 1 av",
    ):
        assert caption in pdf_text, caption
    assert "Sanera klotter vid Vivalla torg" in pdf_text


def _pdf_area_row(pdf_text: str, area: dict[str, Any]) -> str:
    row = re.search(rf"^{re.escape(area['name'])}(?: EST)? (.*)$", pdf_text, re.MULTILINE)
    assert row, area["name"]
    return row.group(1)


def test_every_area_has_the_same_count_in_pdf_xlsx_and_geojson(
    document: dict[str, Any], pdf_text: str, workbook: Any, geojson: dict[str, Any]
) -> None:
    xlsx = {row[0]: row[3] for row in _sheet_rows(workbook, "Områden")}
    geo = {f["properties"]["code"]: f["properties"]["count"] for f in _layer(geojson, "area")}
    for area in document["areas"]:
        expected = f"{area['count']} {area['previous']} {_mean(area['recent_mean'])} "
        assert _pdf_area_row(pdf_text, area).startswith(expected + str(area["last_year"]))
        assert xlsx[area["code"]] == geo[area["code"]] == area["count"]


def test_pdf_police_rows_match(document: dict[str, Any], pdf_text: str) -> None:
    for row in document["police"]["by_type"]:
        assert re.search(rf"^{row['type']} {row['count']} {row['previous']}$", pdf_text, re.M)


def test_confirmed_pdf_shows_hash_and_confirmation(document: dict[str, Any], pdf_text: str) -> None:
    assert document["picture"]["content_hash"] in pdf_text.replace("\n", "")
    assert "Fastställd 2026-11-23 09:42 av Eva Lind" in pdf_text
    assert "ej fastställd" not in pdf_text


def test_draft_pdf_is_watermarked_on_every_page() -> None:
    pages = _pdf_pages(exports.render(sample_document(picture=UNCONFIRMED), "pdf"))

    assert all("UTKAST — ej fastställd" in page for page in pages)
    assert "SHA-256" not in "".join(pages)


# --- every format ----------------------------------------------------------------------


@pytest.mark.parametrize("fmt", exports.FORMATS)
def test_empty_document_renders(fmt: str) -> None:
    data = exports.render(empty_document(), fmt)

    assert data.startswith(b"%PDF" if fmt == "pdf" else b"PK" if fmt == "xlsx" else b"{")


def test_empty_pdf_says_there_is_nothing() -> None:
    text = "\n".join(_pdf_pages(exports.render(empty_document(), "pdf")))

    assert "Inga händelser från polisen i perioden." in text
    assert "Inga iakttagelser i perioden." in text
    assert "UTKAST — ej fastställd" in text


def test_unknown_format_is_refused(document: dict[str, Any]) -> None:
    with pytest.raises(ValueError, match="docx"):
        exports.render(document, "docx")


def test_filename_and_content_types(document: dict[str, Any]) -> None:
    assert exports.filename(document, "pdf") == "lagesbild-orebro-2026-W47-v1.pdf"
    assert set(exports.CONTENT_TYPES) == set(exports.FILE_EXTENSIONS) == set(exports.FORMATS)

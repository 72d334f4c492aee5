"""The coordinator's summary, written at confirmation, is in the page and in every
export of the confirmed picture: PDF, XLSX, JSON and GeoJSON (issue 16, item 5)."""

from __future__ import annotations

import io
import json

import openpyxl
import pypdfium2
from django.test import TestCase

from samordna.situation import services
from tests.situation.factories import observe

WEEK = "2026-W40"
SUMMARY = "Lugnare vecka i Alfastad, men nytt klotter vid Alfatorget."


def _confirmed(world):
    coordinator = world.user("coordinator")
    observe(world, WEEK)
    picture = services.picture_prepare(actor=coordinator, municipality=world.a, key=WEEK)
    with TestCase.captureOnCommitCallbacks(execute=True):
        return services.picture_confirm(actor=coordinator, picture=picture, summary=SUMMARY)


def _pdf_text(data: bytes) -> str:
    document = pypdfium2.PdfDocument(data)
    try:
        text = " ".join(page.get_textpage().get_text_range() for page in document)
    finally:
        document.close()
    return " ".join(text.split())


def test_the_summary_is_in_the_page_and_every_export(client, world):
    _confirmed(world)
    client.force_login(world.user("partner"))
    base = f"/lagesbild/{WEEK}/"

    assert SUMMARY in client.get(base).content.decode()
    assert json.loads(client.get(base + "export.json").content)["picture"]["summary"] == SUMMARY
    geojson = json.loads(client.get(base + "export.geojson").content)
    assert geojson["picture"]["summary"] == SUMMARY
    sheet = openpyxl.load_workbook(io.BytesIO(client.get(base + "export.xlsx").content)).active
    assert SUMMARY in [cell for row in sheet.iter_rows(values_only=True) for cell in row]
    assert SUMMARY in _pdf_text(client.get(base + "export.pdf").content)


def test_the_frozen_document_keeps_the_summary_it_was_confirmed_with(world):
    picture = _confirmed(world)
    assert picture.snapshot["picture"]["summary"] == SUMMARY
    type(picture).objects.filter(pk=picture.pk).update(summary="Ändrad i efterhand")
    picture.refresh_from_db()
    assert services.picture_document(picture)["picture"]["summary"] == SUMMARY

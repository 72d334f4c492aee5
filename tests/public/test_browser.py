"""A visitor's browser reads the demo's public page: every count in the table is at
least the threshold or a phrase, and no free text of the demo is anywhere on it."""

from __future__ import annotations

import re
import sqlite3

import pytest

from tests.browser import CHROMIUM, LAUNCH_ARGS, needs_chromium

pytestmark = [pytest.mark.slow, needs_chromium]

THRESHOLD = 5  # the demo publishes with the default
PHRASES = {f"färre än {THRESHOLD}", "visas inte", "–"}


def _free_texts(database) -> list[str]:
    """The demo's texts that must never be public: observations and meeting notes."""
    queries = [
        "SELECT free_text FROM reports_observation WHERE free_text != ''",
        "SELECT notes FROM meetings_agendaitem WHERE notes != ''",
        "SELECT focus_text FROM meetings_meeting WHERE focus_text != ''",
        "SELECT text FROM meetings_areaassessment WHERE text != ''",
    ]
    with sqlite3.connect(database) as connection:
        texts = [row[0] for query in queries for row in connection.execute(query)]
    # Whole texts are long; the first 40 characters are as telling and survive wrapping.
    return sorted({text.strip()[:40] for text in texts if len(text.strip()) >= 12})


def test_the_public_page_shows_no_small_number_and_no_free_text(demo_server):
    from playwright.sync_api import sync_playwright

    url, database = demo_server
    secrets = _free_texts(database)
    assert secrets, "the demo should have free text to look for"

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=str(CHROMIUM), args=LAUNCH_ARGS)
        page = browser.new_page(locale="sv-SE", timezone_id="Europe/Stockholm", bypass_csp=True)
        response = page.goto(url + "/offentlig/orebro/")
        assert response is not None
        assert response.status == 200
        headers = response.headers
        cells = page.locator("table.public-counts td").all_inner_texts()
        text = page.locator("body").inner_text()
        html = page.content()
        browser.close()

    assert cells, "the page should show the table of counts"
    assert any(c.strip() != "–" for c in cells), "the demo's confirmed picture should count"
    numbers = [c.strip() for c in cells if c.strip() not in PHRASES]
    assert all(re.fullmatch(r"\d+", n) and int(n) >= THRESHOLD for n in numbers), numbers
    assert "Vad siffrorna betyder" in text
    for secret in secrets:
        assert secret not in html, secret
    # The page's own response; the browser's /favicon.ico is the ordinary 404 page.
    assert "set-cookie" not in headers
    assert headers["cache-control"] == "public, max-age=300"

"""Issue 16: the week's picture is short on a phone and its filters narrow every part.

On the demo served for real (tests.browser.demo_server), in Chromium at 390 x 844 with
the site's own Content Security Policy: the coordinator opens last week's picture from
the list; what changed, the area table and the map are within the first four screens;
choosing an area narrows the area table, the category table, the hot spots (their table
and the map's squares) and the map's points, without reloading the page, and the
address keeps the filter so that it works without JavaScript too.
Screenshots (page-390.png, page-1280.png) and the page heights go to
$SAMORDNA_SCREENSHOT_DIR for a person to look at.
"""

from __future__ import annotations

import json
import os
import re
from pathlib import Path

import pytest

from samordna.core.demo.cast import DEMO_PASSWORD
from tests.browser import CHROMIUM, LAUNCH_ARGS, PHONE, needs_chromium

pytestmark = [pytest.mark.slow, needs_chromium]

DESKTOP = {"width": 1280, "height": 900}
SCREENS = 4


def _sign_in(browser, url: str, viewport):
    context = browser.new_context(viewport=viewport, locale="sv-SE", timezone_id="Europe/Stockholm")
    page = context.new_page()
    page.goto(url + "/konto/logga-in/")
    page.get_by_label("Användarnamn").fill("samordnare")
    page.get_by_label("Lösenord").fill(DEMO_PASSWORD)
    page.keyboard.press("Enter")
    page.wait_for_url(url + "/")
    return context, page


def _open_last_week(page, url: str) -> None:
    page.goto(url + "/lagesbild/")
    page.get_by_role("link", name=re.compile("Förra veckan")).click()
    page.wait_for_url(re.compile(r".*/lagesbild/\d{4}-W\d{2}/$"))
    # Leaflet replaces the server-drawn map once it has loaded.
    page.locator(".picture-map .leaflet-map").wait_for()


def _top(page, selector: str) -> float:
    box = page.locator(selector).first.evaluate(
        "element => element.getBoundingClientRect().top + window.scrollY"
    )
    return float(box)


def _counts(page) -> dict[str, int]:
    body_rows = "#{} tbody tr:not(:has(td[colspan]))"
    return {
        "areas": page.locator(body_rows.format("tabell-omraden")).count(),
        "observations": sum(
            int(text.replace("\N{NO-BREAK SPACE}", ""))
            for text in page.locator(
                "#tabell-kategorier tbody tr td:nth-child(2)"
            ).all_text_contents()
        ),
        "hot_rows": page.locator(body_rows.format("tabell-hotspots")).count(),
        "points": page.locator(".leaflet-map path.map-point").count(),
        "hot_squares": page.locator(".leaflet-map path.map-hot").count(),
    }


def test_the_picture_is_short_on_a_phone_and_every_part_follows_the_area(demo_server, tmp_path):
    from playwright.sync_api import sync_playwright

    url, _ = demo_server
    shots = Path(os.environ.get("SAMORDNA_SCREENSHOT_DIR", tmp_path))
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=str(CHROMIUM), args=LAUNCH_ARGS)
        try:
            # Given the coordinator on a phone, on last week's picture
            context, page = _sign_in(browser, url, PHONE)
            _open_last_week(page, url)
            page.screenshot(path=str(shots / "page-390.png"), full_page=True)
            heights = {"390": page.evaluate("document.body.scrollHeight")}

            # Then what changed, the area table and the map are within four screens
            limit = SCREENS * PHONE["height"]
            for part in ("#changes-heading", "#tabell-omraden", ".picture-map"):
                assert _top(page, part) < limit, f"{part} starts below {SCREENS} screens"
            # and no statistical term stands in the main view (only behind the disclosures)
            main_view = page.locator("main").inner_text()
            for term in ("Poisson", "FDR", "Gi*", "p-värde"):
                assert term not in main_view
            # The method is told behind a disclosure beside each statistic, closed.
            methods = page.locator("details:has(> summary:text('Så har vi räknat'))")
            assert methods.count() >= 1
            assert not any(methods.nth(i).get_attribute("open") for i in range(methods.count()))
            before = _counts(page)
            assert before["areas"] > 1
            assert before["observations"] > 0
            assert before["points"] > 0

            # When she chooses one area
            page.get_by_label("Område", exact=True).select_option(label="Vivalla")
            page.wait_for_url(re.compile(r".*\?omrade=ORE-VIVALLA.*"))
            page.locator(".picture-map .leaflet-map").wait_for()
            page.locator("#picture-body .filtered-note").wait_for()
            after = _counts(page)

            # Then every part shows that area only, and fewer of everything
            assert after["areas"] == 1
            assert page.locator("#tabell-omraden tbody th").inner_text().startswith("Vivalla")
            assert 0 < after["observations"] < before["observations"]
            assert 0 < after["points"] < before["points"]
            assert after["hot_rows"] < before["hot_rows"] or before["hot_rows"] == 0
            assert after["hot_squares"] < before["hot_squares"] or before["hot_squares"] == 0
            assert after["hot_rows"] == after["hot_squares"], "the map shows the table's spots"
            context.close()

            # And on a desktop the same page, for the record
            context, page = _sign_in(browser, url, DESKTOP)
            _open_last_week(page, url)
            page.screenshot(path=str(shots / "page-1280.png"), full_page=True)
            heights["1280"] = page.evaluate("document.body.scrollHeight")
            (shots / "page-heights.json").write_text(json.dumps(heights))
            context.close()
        finally:
            browser.close()


def test_the_filter_works_without_javascript(demo_server):
    from playwright.sync_api import sync_playwright

    url, _ = demo_server
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=str(CHROMIUM), args=LAUNCH_ARGS)
        try:
            context = browser.new_context(viewport=PHONE, java_script_enabled=False)
            page = context.new_page()
            page.goto(url + "/konto/logga-in/")
            page.get_by_label("Användarnamn").fill("samordnare")
            page.get_by_label("Lösenord").fill(DEMO_PASSWORD)
            page.keyboard.press("Enter")
            page.wait_for_url(url + "/")
            page.goto(url + "/lagesbild/")
            page.get_by_role("link", name=re.compile("Förra veckan")).click()
            all_rows = page.locator("#tabell-omraden tbody tr").count()
            # When the form is sent as a plain GET
            page.get_by_label("Område", exact=True).select_option(label="Vivalla")
            page.get_by_role("button", name="Visa", exact=True).click()
            page.wait_for_url(re.compile(r".*omrade=ORE-VIVALLA.*"))
            # Then the page that comes back is narrowed to the area
            assert all_rows > 1
            assert page.locator("#tabell-omraden tbody tr").count() == 1
            assert "Visar bara" in page.locator("main").inner_text()
            context.close()
        finally:
            browser.close()

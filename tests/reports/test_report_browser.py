"""Issue 18, done when: at 390 px a caretaker files an observation with one screen of
input and no scrolling before "Skicka"; another goes offline, files two reports, comes
back online, and both arrive exactly once. On the demo served for real (tests/browser.py);
axe-core (tests/vendor) finds no critical or serious WCAG 2.1 A/AA problem on the form.
Screenshots of the form go to SAMORDNA_SCREENSHOT_DIR (default: the test's tmp dir) as
form-390.png, form-1280.png and form-offline-390.png.
"""

from __future__ import annotations

import os
import sqlite3
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from samordna.core.demo.cast import DEMO_PASSWORD
from tests.browser import CHROMIUM, LAUNCH_ARGS, PHONE, needs_chromium

pytestmark = [pytest.mark.slow, needs_chromium]

AXE = Path(__file__).parents[1] / "vendor" / "axe.min.js"
DESKTOP = {"width": 1280, "height": 900}
TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
RUN_AXE = """tags => axe.run(document, {runOnly: {type: 'tag', values: tags}}).then(r =>
  r.violations.filter(v => v.impact === 'critical' || v.impact === 'serious').map(v =>
    v.id + ' (' + v.impact + '): '
    + v.nodes.slice(0, 3).map(n => n.target.join(' ')).join(' | ')))"""
CARETAKER = "rapportor"  # the demo's caretaker: ÖBO's reporter
# A pin in the middle of another EST area than the chosen place's, as the map would set.
PIN_IN_ANOTHER_AREA = """() => {
  const areas = JSON.parse(document.getElementById('areas-geojson').textContent);
  const placeAreas = JSON.parse(document.getElementById('place-areas').textContent);
  const select = document.getElementById('id_obs-0-place');
  const other = areas.features.find(
    f => f.properties.est && f.properties.id !== placeAreas[select.value]);
  const g = other.geometry;
  const ring = (g.type === 'Polygon' ? g.coordinates : g.coordinates[0])[0];
  const mean = i => ring.reduce((sum, c) => sum + c[i], 0) / ring.length;
  document.querySelector('[name=obs-0-longitude]').value = mean(0).toFixed(6);
  document.querySelector('[name=obs-0-latitude]').value = mean(1).toFixed(6);
  select.dispatchEvent(new Event('change', {bubbles: true}));
  return other.properties.name;
}"""


def _sign_in(browser, url: str, viewport=PHONE):
    # bypass_csp: axe and wait_for_function are evaluated strings, which our CSP refuses.
    context = browser.new_context(
        viewport=viewport, locale="sv-SE", timezone_id="Europe/Stockholm", bypass_csp=True
    )
    page = context.new_page()
    page.goto(url + "/konto/logga-in/")
    page.get_by_label("Användarnamn").fill(CARETAKER)
    page.get_by_label("Lösenord").fill(DEMO_PASSWORD)
    page.keyboard.press("Enter")
    page.wait_for_url(url + "/")
    return context, page


def _web_reports(database: Path) -> list[tuple[str, int]]:
    """(client UUID, observations) of every web report by the caretaker."""
    with sqlite3.connect(database) as db:
        return db.execute(
            "SELECT r.client_uuid, count(o.id) FROM reports_report r"
            " JOIN core_user u ON u.id = r.reporter_id"
            " LEFT JOIN reports_observation o ON o.report_id = r.id"
            " WHERE u.username = ? AND r.source = 'web' GROUP BY r.id",
            (CARETAKER,),
        ).fetchall()


def _occurred(database: Path, client_uuid: str) -> datetime:
    with sqlite3.connect(database) as db:
        (value,) = db.execute(
            "SELECT o.occurred_from FROM reports_observation o"
            " JOIN reports_report r ON r.id = o.report_id WHERE r.client_uuid = ?",
            (client_uuid,),
        ).fetchone()
    return datetime.fromisoformat(value).replace(tzinfo=UTC)


def _essentials(page, *, category_index: int, place_index: int, note: str) -> None:
    """What, where (from the place list) and a note; "När?" stays at "Nu"."""
    page.locator("#id_obs-0-category").select_option(index=category_index)
    page.locator("#id_obs-0-place").select_option(index=place_index)
    page.locator("#id_obs-0-free_text").fill(note)


def _axe(page) -> list[str]:
    page.add_script_tag(path=str(AXE))
    return list(page.evaluate(RUN_AXE, TAGS))


def test_a_caretaker_files_an_observation_on_one_phone_screen(demo_server, tmp_path):
    from playwright.sync_api import sync_playwright

    url, database = demo_server
    shots = Path(os.environ.get("SAMORDNA_SCREENSHOT_DIR", tmp_path))
    before = _web_reports(database)
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=str(CHROMIUM), args=LAUNCH_ARGS)
        context, page = _sign_in(browser, url)
        page.goto(url + "/rapportera/")
        # The municipality's most used categories come first.
        assert page.locator("#id_obs-0-category optgroup").first.get_attribute("label") == (
            "Vanligast här"
        )

        # Given the essentials filled in: what, where, a note ("När?" is "Nu")
        _essentials(page, category_index=1, place_index=1, note="Nytt klotter på busskuren.")
        page.screenshot(path=str(shots / "form-390.png"), full_page=True)

        # Then nothing was scrolled and "Skicka" is on the first screen
        assert page.evaluate("window.scrollY") == 0
        box = page.get_by_role("button", name="Skicka", exact=True).bounding_box()
        assert box is not None
        assert box["y"] + box["height"] <= PHONE["height"], box
        # "Mer detaljer" is closed and prefilled
        assert page.locator("details.more-details").get_attribute("open") is None
        assert page.locator("#id_obs-0-certainty_0").is_checked()
        assert _axe(page) == []

        # A pin in another area than the place is flagged, and nothing is sent
        pin_area = page.evaluate(PIN_IN_ANOTHER_AREA)
        page.get_by_role("button", name="Skicka", exact=True).click()
        warning = page.locator("[data-map-status]")
        assert f"men punkten ligger i {pin_area}" in warning.inner_text()
        assert page.evaluate("document.activeElement.hasAttribute('data-map-status')")
        assert page.url == url + "/rapportera/"
        page.get_by_role("button", name="Ta bort punkten").click()
        assert warning.inner_text() == ""

        # When it is sent, it is filed, once
        page.get_by_role("button", name="Skicka", exact=True).click()
        page.wait_for_url(url + "/rapportera/tack/")
        assert "Tack! Din rapport med 1 iakttagelse är mottagen." in page.content()

        page.set_viewport_size(DESKTOP)
        page.goto(url + "/rapportera/")
        page.screenshot(path=str(shots / "form-1280.png"), full_page=True)
        assert _axe(page) == []
        context.close()
        browser.close()

    new = [row for row in _web_reports(database) if row not in before]
    assert [count for _, count in new] == [1]


def test_two_reports_filed_offline_arrive_once_when_the_network_returns(demo_server, tmp_path):
    from playwright.sync_api import sync_playwright

    url, database = demo_server
    shots = Path(os.environ.get("SAMORDNA_SCREENSHOT_DIR", tmp_path))
    before = _web_reports(database)
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=str(CHROMIUM), args=LAUNCH_ARGS)
        context, page = _sign_in(browser, url)
        page.goto(url + "/rapportera/")
        # The service worker takes the page over and keeps the form for offline use.
        page.wait_for_function("navigator.serviceWorker && navigator.serviceWorker.controller")
        manifest = page.locator("link[rel=manifest]").get_attribute("href")
        assert page.request.get(url + manifest).json()["scope"] == "/rapportera/"

        # Given the phone without network: the form still opens (from the service worker)
        context.set_offline(True)
        page.reload()
        assert page.get_by_role("button", name="Skicka", exact=True).is_visible()
        first_uuid = page.locator("input[name=client_uuid]").input_value()

        # When two reports are filed
        written = datetime.now(UTC)
        _essentials(page, category_index=1, place_index=1, note="Trasig belysning i porten.")
        page.get_by_role("button", name="Skicka", exact=True).click()
        page.wait_for_function("document.querySelectorAll('[data-state=waiting]').length === 1")
        second_uuid = page.locator("input[name=client_uuid]").input_value()
        assert second_uuid != first_uuid
        _essentials(page, category_index=3, place_index=2, note="Nedskräpat vid återvinningen.")
        page.get_by_role("button", name="Skicka", exact=True).click()
        page.wait_for_function("document.querySelectorAll('[data-state=waiting]').length === 2")
        outbox = page.locator("[data-outbox]")
        assert outbox.is_visible()
        assert outbox.inner_text().count("Väntar på nätet") == 2
        page.screenshot(path=str(shots / "form-offline-390.png"), full_page=True)

        # Then nothing reached the server while offline
        assert [row for row in _web_reports(database) if row not in before] == []

        # And when the network returns, both arrive and the page says so
        online = datetime.now(UTC)
        context.set_offline(False)
        page.wait_for_function(
            "document.querySelectorAll('[data-state=arrived]').length === 2", timeout=30000
        )
        assert outbox.inner_text().count("Mottagen") == 2
        # Opening the page again sends nothing twice
        page.reload()
        page.wait_for_timeout(1000)
        context.close()
        browser.close()

    new = [row for row in _web_reports(database) if row not in before]
    assert sorted(uuid.replace("-", "") for uuid, _ in new) == sorted(
        u.replace("-", "") for u in (first_uuid, second_uuid)
    )
    assert [count for _, count in new] == [1, 1]
    # "Nu" is when they were written, not when the network came back
    for client_uuid, _ in new:
        assert written - timedelta(minutes=1) <= _occurred(database, client_uuid) <= online

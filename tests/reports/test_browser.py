"""A reporter on a phone files a two-observation report with the keyboard alone,
in the real browser against the demo served for real (tests/browser.py)."""

from __future__ import annotations

import os
import sqlite3
from datetime import date, datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from samordna.core.demo.cast import DEMO_PASSWORD
from tests.browser import CHROMIUM, LAUNCH_ARGS, PHONE, needs_chromium

pytestmark = [pytest.mark.slow, needs_chromium]


def _tab_to(page, element_id: str, limit: int = 120) -> None:
    """Press Tab until the element has focus: the keyboard is the only way in."""
    for _ in range(limit):
        if page.evaluate("document.activeElement && document.activeElement.id") == element_id:
            return
        page.keyboard.press("Tab")
    raise AssertionError(f"Tab never reached #{element_id}")


def _value(page, element_id: str) -> str:
    return page.evaluate(f"document.getElementById('{element_id}').value")


def _today() -> date:
    # The browser runs in Stockholm time (timezone_id below), as the app does.
    return datetime.now(ZoneInfo("Europe/Stockholm")).date()


def _step_back_a_little(page, element_id: str) -> None:
    """Move the date into the past with the arrow keys, whatever the segment order.

    ArrowDown steps the focused segment (year, month or day, by the browser's locale);
    a month or day that wraps around lands in the future, so try the next segment.
    """
    for _ in range(3):
        page.keyboard.press("ArrowDown")
        if date.fromisoformat(_value(page, element_id)) < _today():
            return
        page.keyboard.press("ArrowUp")
        page.keyboard.press("ArrowRight")
    raise AssertionError("the date never moved into the past")


def _fill_block(page, n: int, category: str, *, where: str) -> None:
    prefix = f"id_obs-{n}-"
    _tab_to(page, prefix + "category")
    page.keyboard.type(category)  # a closed <select> picks the first option that matches
    if where == "place":
        _tab_to(page, prefix + "place")
        page.keyboard.press("ArrowDown")  # the first place in the list
        assert _value(page, prefix + "place")
    else:
        _tab_to(page, f"obs-{n}-more-where")  # "Område eller adress" opens with Enter
        page.keyboard.press("Enter")
        _tab_to(page, prefix + "address")
        page.keyboard.type(where)
    # "När?" is "Nu" until changed: the arrow keys move to "Annan dag" (date and time of day).
    _tab_to(page, prefix + "when_0")
    page.keyboard.press("ArrowRight")
    page.keyboard.press("ArrowRight")
    _tab_to(page, prefix + "date")
    _step_back_a_little(page, prefix + "date")
    _tab_to(page, prefix + "time_band_0")
    page.keyboard.press("Space")
    page.keyboard.press("ArrowDown")
    page.keyboard.press("ArrowDown")  # morning -> day -> evening
    _tab_to(page, prefix + "free_text")
    page.keyboard.type("Nytt klotter på busskuren, lampan vid gångvägen är trasig.")
    # The rest is under "Mer detaljer", prefilled; the keyboard opens it and changes one.
    _tab_to(page, f"obs-{n}-more-details")
    page.keyboard.press("Enter")
    _tab_to(page, prefix + "unsafety_0")
    page.keyboard.press("ArrowDown")  # 1 (the default) -> 2 – ganska otryggt


def test_a_two_observation_report_is_filed_on_a_phone_with_the_keyboard_alone(
    demo_server, tmp_path
):
    from playwright.sync_api import sync_playwright

    url, database = demo_server
    shots = Path(os.environ.get("SAMORDNA_SCREENSHOT_DIR", tmp_path))
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=str(CHROMIUM), args=LAUNCH_ARGS)
        page = browser.new_page(
            viewport=PHONE, locale="sv-SE", timezone_id="Europe/Stockholm", bypass_csp=True
        )
        page.goto(url + "/konto/logga-in/")
        _tab_to(page, "id_username")
        page.keyboard.type("rapportor")
        page.keyboard.press("Tab")
        page.keyboard.type(DEMO_PASSWORD)
        page.keyboard.press("Enter")
        page.wait_for_url(url + "/")

        page.goto(url + "/rapportera/")
        assert "Det här är ingen polisanmälan." in page.content()
        page.screenshot(path=str(shots / "report_form_390.png"), full_page=True)
        _fill_block(page, 0, "Skadeg", where="Storgatan 12")
        # The draft is kept on the device while typing.
        page.wait_for_function("Object.keys(localStorage).some(k => k.includes('rapportutkast'))")

        _tab_to(page, "add-observation")
        page.keyboard.press("Enter")
        assert page.evaluate("document.activeElement.id") == "obs-1-heading"
        _fill_block(page, 1, "Anlagd", where="place")

        _tab_to(page, "submit-report")
        page.keyboard.press("Enter")
        page.wait_for_url(url + "/rapportera/tack/")
        assert "Tack! Din rapport med 2 iakttagelser är mottagen." in page.content()
        drafts = "Object.keys(localStorage).filter(k => k.includes('rapportutkast')).length"
        assert page.evaluate(drafts) == 0

        page.set_viewport_size({"width": 1280, "height": 900})
        page.goto(url + "/rapportera/")
        page.screenshot(path=str(shots / "report_form_1280.png"), full_page=True)
        browser.close()

    with sqlite3.connect(database) as db:
        rows = db.execute(
            "SELECT o.category_id, o.address, o.place_id, o.unsafety, o.time_band"
            " FROM reports_observation o JOIN reports_report r ON r.id = o.report_id"
            " WHERE r.source = 'web' ORDER BY o.id"
        ).fetchall()
    assert len(rows) == 2
    assert rows[0][1] == "Storgatan 12"
    assert rows[1][2] is not None
    assert {row[3] for row in rows} == {2}
    assert {row[4] for row in rows} == {"evening"}

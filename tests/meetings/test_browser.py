"""A coordinator runs the weekly meeting on a phone in the real browser and confirms.

Against the demo served for real (tests/browser.py), with the system Chromium.
"""

from __future__ import annotations

import os
import sqlite3
from datetime import datetime
from pathlib import Path

import pytest

from samordna.analysis.periods import STOCKHOLM, iso_week
from samordna.core.demo.cast import DEMO_PASSWORD
from tests.browser import CHROMIUM, LAUNCH_ARGS, PHONE, needs_chromium

pytestmark = [pytest.mark.slow, needs_chromium]


def _sign_in(page, url: str) -> None:
    page.goto(url + "/konto/logga-in/")
    page.get_by_label("Användarnamn").fill("samordnare")
    page.get_by_label("Lösenord").fill(DEMO_PASSWORD)
    page.keyboard.press("Enter")
    page.wait_for_url(url + "/")


def _run_meeting(page, url: str, week: str) -> None:
    page.goto(url + "/veckomote/")
    page.get_by_label("Vecka som mötet går igenom").fill(week)
    page.get_by_role("button", name="Starta mötet").click()
    page.wait_for_selector("#steg-1")
    # 1 attendance: the first function on the list is present.
    page.locator(".attendance-who input").first.check()
    # ÖBO's housing company is there too: owners come from those present (issue 17).
    page.locator(".attendance-who", has_text="ÖBO").first.locator("input").check()
    page.get_by_role("button", name="Spara närvaron").click()
    page.wait_for_selector("text=Närvaron är sparad.")
    # 5 the first EST area is worse than last week.
    first_area = page.locator("fieldset.assessment").first
    first_area.get_by_label("Sämre").check()
    first_area.locator("textarea").fill("Mer klotter kring torget.")
    page.get_by_role("button", name="Spara bedömningarna").click()
    page.wait_for_selector("text=Bedömningarna är sparade.")
    # 7 an immediate intervention with an owner and a deadline.
    page.get_by_label("Insats", exact=True).fill("Sanera klotter vid torget")
    page.get_by_label("Ansvarig organisation").select_option(label="ÖBO")
    page.get_by_label("Klart senast").fill("2030-01-31")
    page.get_by_role("button", name="Spara beslutet").click()
    page.wait_for_selector("text=Beslutet är sparat som en insats.")
    # 6 confirm the picture.
    page.get_by_role("button", name="Fastställ lägesbilden").click()
    page.wait_for_selector("text=Lägesbilden är fastställd.")


def test_a_coordinator_runs_the_meeting_on_a_phone_and_confirms_the_picture(demo_server, tmp_path):
    from playwright.sync_api import sync_playwright

    url, database = demo_server
    shots = Path(os.environ.get("SAMORDNA_SCREENSHOT_DIR", tmp_path))
    # This week: the demo already holds (and has closed) last week's meeting.
    week = iso_week(datetime.now(tz=STOCKHOLM))
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=str(CHROMIUM), args=LAUNCH_ARGS)
        page = browser.new_page(
            viewport=PHONE, locale="sv-SE", timezone_id="Europe/Stockholm", bypass_csp=True
        )
        _sign_in(page, url)
        _run_meeting(page, url, week)
        status = page.locator("#steg-6 .picture-status")
        assert status.inner_text().startswith("Fastställd")
        page.screenshot(path=str(shots / "meeting_confirmed_390.png"))
        # The picture itself says so too, with the meeting's decision in it.
        page.locator("#confirmed-picture").click()
        page.wait_for_url("**/lagesbild/**")
        assert "Fastställd" in page.content()
        assert "Sanera klotter vid torget" in page.content()
        page.go_back()
        page.wait_for_selector("#steg-1")
        page.get_by_role("link", name="Minnesanteckningar").first.click()
        page.wait_for_url("**/minnesanteckningar/")
        assert "Sanera klotter vid torget" in page.content()
        assert "Mer klotter kring torget." in page.content()
        browser.close()

    with sqlite3.connect(database) as db:
        status, snapshot = db.execute(
            "SELECT status, snapshot FROM situation_situationpicture WHERE period_key = ?",
            (week,),
        ).fetchone()
    assert status == "confirmed"
    assert '"Sanera klotter vid torget"' in snapshot
    assert '"assessment": "worse"' in snapshot

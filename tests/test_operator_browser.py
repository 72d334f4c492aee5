"""Issue 19, done when (onboarding): on a fresh demo the operator signs in with the
second factor, creates Kumla (1881) through the pages, uploads two areas and invites its
admin by e-mail; the admin follows the link, chooses a password, signs in and sees an
empty, working municipality.

On the demo served for real (tests.browser.serve_demo), with Debian's Chromium. The
server sends mail to files (Django's file backend), so the test reads the invitation as
the admin would. Screenshots of the operator's pages at 1280 and 390 px go to
SAMORDNA_SCREENSHOT_DIR (else the test's own folder).
"""

from __future__ import annotations

import base64
import os
import re
from pathlib import Path

import pytest
from django_otp.oath import totp

from samordna.core.demo.cast import DEMO_PASSWORD
from tests.browser import CHROMIUM, LAUNCH_ARGS, PHONE, needs_chromium, serve_demo

pytestmark = [pytest.mark.slow, needs_chromium]

DESKTOP = {"width": 1280, "height": 900}
AREAS = Path(__file__).parent / "operations" / "kumla_areas.geojson"
ADMIN_PASSWORD = "kumla-trygghet-fungerar-bra"  # a test user's, on a throwaway demo


@pytest.fixture
def mailing_demo(demo_folder, tmp_path, monkeypatch):
    """The demo served with its mail written to files in `tmp_path / "mail"`."""
    outbox = tmp_path / "mail"
    outbox.mkdir()
    monkeypatch.setenv("EMAIL_BACKEND", "django.core.mail.backends.filebased.EmailBackend")
    monkeypatch.setenv("EMAIL_FILE_PATH", str(outbox))
    for url, _database in serve_demo(demo_folder(14), tmp_path / "var"):
        yield url, outbox


def _context(browser):
    return browser.new_context(
        viewport=DESKTOP, locale="sv-SE", timezone_id="Europe/Stockholm", bypass_csp=True
    )


def _shots(page, shots: Path, name: str) -> None:
    for width, viewport in (("1280", DESKTOP), ("390", PHONE)):
        page.set_viewport_size(viewport)
        page.screenshot(path=str(shots / f"{name}-{width}.png"), full_page=True)
    page.set_viewport_size(DESKTOP)


def _ok(page) -> None:
    assert not page.locator(".error-summary").count(), page.locator("main").inner_text()


def _operator_signs_in(page, url: str) -> None:
    page.goto(url + "/konto/logga-in/")
    page.get_by_label("Användarnamn").fill("drift")
    page.get_by_label("Lösenord").fill(DEMO_PASSWORD)
    page.keyboard.press("Enter")
    page.wait_for_url("**/konto/tvastegs/aktivera/")
    key = base64.b32decode(page.locator("figure code").inner_text().strip())
    page.get_by_label("Engångskod").fill(f"{totp(key):06d}")
    page.get_by_role("button", name="Aktivera").click()
    page.wait_for_url(url + "/")


def _operator_onboards_kumla(page, url: str, shots: Path) -> None:
    page.get_by_role("link", name="Kommuner", exact=True).first.click()
    page.wait_for_url(url + "/drift/")
    assert "Örebro" in page.locator("table").inner_text()
    _shots(page, shots, "drift-kommuner")
    page.get_by_role("link", name="Ny kommun").click()
    page.get_by_label("Kommunkod").fill("1881")
    _shots(page, shots, "drift-ny-kommun")
    page.get_by_role("button", name="Skapa kommunen").click()
    page.wait_for_url(re.compile(r".*/drift/kommuner/\d+/$"))
    _ok(page)
    assert page.get_by_role("heading", name="Kumla", exact=True).is_visible()
    onboarding = page.url

    page.get_by_label("GeoJSON-fil").set_input_files(str(AREAS))
    page.get_by_role("button", name="Förhandsgranska").click()
    assert "2 områden: 2 nya" in page.locator("main").inner_text()
    _shots(page, shots, "drift-omraden-forhandsgranskning")
    page.get_by_role("button", name="Spara områdena").click()
    page.wait_for_url(onboarding)
    _ok(page)

    page.get_by_label("Namn", exact=True).fill("Kommunstyrelseförvaltningen (webbtest)")
    page.get_by_label("Typ", exact=True).select_option(label="Kommunal förvaltning")
    page.get_by_role("button", name="Lägg till organisationen").click()
    page.wait_for_url(onboarding)
    _ok(page)

    page.get_by_label("Användarnamn").fill("kumla-admin")
    page.get_by_label("E-postadress").fill("kumla-admin@example.invalid")
    page.get_by_label("Organisation", exact=True).select_option(
        label="Kommunstyrelseförvaltningen (webbtest)"
    )
    page.get_by_role("button", name="Skicka inbjudan").click()
    page.wait_for_url(onboarding)
    _ok(page)
    steps = page.locator("ol.onboarding-steps").inner_text()
    assert "2 områden" in steps
    assert "1 organisation" in steps
    assert "1 inbjuden, 0 har loggat in" in steps
    _shots(page, shots, "drift-kom-igang")


def _invitation_path(outbox: Path) -> str:
    [message] = [p.read_text(encoding="utf-8") for p in outbox.iterdir()]
    assert "kumla-admin@example.invalid" in message
    [path] = re.findall(r"https?://[^/\s]+(/konto/losenord/aterstall/\S+/\S+/)", message)
    return path


def _admin_signs_up_and_in(page, url: str, path: str) -> None:
    page.goto(url + path)
    page.get_by_label("Nytt lösenord").fill(ADMIN_PASSWORD)
    page.get_by_label("Upprepa lösenordet").fill(ADMIN_PASSWORD)
    page.get_by_role("button", name="Spara lösenordet").click()
    page.wait_for_url("**/konto/losenord/klart/")
    page.goto(url + "/konto/logga-in/")
    page.get_by_label("Användarnamn").fill("kumla-admin")
    page.get_by_label("Lösenord").fill(ADMIN_PASSWORD)
    page.keyboard.press("Enter")
    page.wait_for_url(url + "/")


def _admin_sees_an_empty_working_municipality(page, url: str) -> None:
    assert "Kumla" in page.locator("header").inner_text()
    assert page.get_by_role("heading", name="Administration").is_visible()
    assert page.goto(url + "/omraden/").status == 200
    areas = page.locator("main").inner_text()
    assert "Kumla centrum" in areas
    assert "Kumla norra" in areas
    assert "Vivalla" not in areas  # Örebro's, not Kumla's
    assert page.goto(url + "/granskning/").status == 200
    assert "Inga nya rapporter att granska." in page.locator("main").inner_text()


def test_the_operator_onboards_kumla_and_its_admin_signs_in(mailing_demo, tmp_path):
    from playwright.sync_api import sync_playwright

    url, outbox = mailing_demo
    shots = Path(os.environ.get("SAMORDNA_SCREENSHOT_DIR", tmp_path))
    shots.mkdir(parents=True, exist_ok=True)
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=LAUNCH_ARGS)
        operator_context = _context(browser)
        operator = operator_context.new_page()
        _operator_signs_in(operator, url)
        _operator_onboards_kumla(operator, url, shots)
        operator_context.close()

        admin_context = _context(browser)
        admin = admin_context.new_page()
        _admin_signs_up_and_in(admin, url, _invitation_path(outbox))
        _admin_sees_an_empty_working_municipality(admin, url)
        admin_context.close()
        browser.close()

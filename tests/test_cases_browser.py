"""Issue 13, done when: a need bounced twice reaches the leadership group, is decided
there, and the decision shows on the need and in the boundary register — in a browser.

On the demo served for real (tests.browser.demo_server), with Debian's Chromium: the
school adds a need for the first demo child (full consent) and proposes the leisure
department; leisure answers "Inte vårt" and, as the organisation that handed it back,
proposes the school; the school hands it back too, which lifts it to the leadership
group. The leadership group sees the question without the child and decides a standing
rule; the school sees the decision on the need, and the rule is in the register.
Each TSI user enrols the second factor on first sign-in, reading the key off the page.
"""

from __future__ import annotations

import base64
import re

import pytest
from django_otp.oath import totp

from samordna.core.demo.cast import DEMO_PASSWORD
from tests.browser import CHROMIUM, LAUNCH_ARGS, needs_chromium

pytestmark = [pytest.mark.slow, needs_chromium]

DESKTOP = {"width": 1280, "height": 900}
NEED = "Någon som följer med hem efter fritids (webbtest)"
RULE = "Följe till och från fritiden: kultur- och fritidsförvaltningen."
SCHOOL = "Förvaltningen för förskola och skola"
LEISURE = "Kultur- och fritidsförvaltningen"


def _sign_in(browser, url: str, username: str):
    """Password, then the second factor enrolled with the key the page shows."""
    context = browser.new_context(
        viewport=DESKTOP, locale="sv-SE", timezone_id="Europe/Stockholm", bypass_csp=True
    )
    page = context.new_page()
    page.goto(url + "/konto/logga-in/")
    page.get_by_label("Användarnamn").fill(username)
    page.get_by_label("Lösenord").fill(DEMO_PASSWORD)
    page.keyboard.press("Enter")
    page.wait_for_url("**/konto/tvastegs/aktivera/")
    key = base64.b32decode(page.locator("figure code").inner_text().strip())
    page.get_by_label("Engångskod").fill(f"{totp(key):06d}")
    page.get_by_role("button", name="Aktivera").click()
    page.wait_for_url(url + "/")
    return context, page


def _open_first_case(page, url: str) -> None:
    page.goto(url + "/tsi/")
    page.get_by_role("link", name=re.compile(r"^BB-\d{4}-001$")).click()
    page.wait_for_url(re.compile(r".*/tsi/\d+/$"))


def _need(page):
    return page.locator("section.need").filter(has_text=NEED)


def _ok(page) -> None:
    assert not page.locator(".error-summary").count(), page.locator("main").inner_text()


def _answer_not_ours(page, reason: str) -> None:
    _need(page).get_by_role("link", name="Svara").click()
    page.get_by_label("Svar").select_option(label="Inte vårt")
    page.get_by_label("Skäl (om det inte är ert)").fill(reason)
    page.get_by_role("button", name="Spara").click()
    _ok(page)


def _leadership_decides(browser, url: str, pseudonym: str) -> None:
    """The question, without the child, between the two organisations; a standing rule."""
    context, leaders = _sign_in(browser, url, "tsi-ledning")
    leaders.goto(url + "/tsi/ledningsgrupp/")
    overview = leaders.locator("main").inner_text()
    assert pseudonym not in overview
    assert NEED not in overview
    question = leaders.locator("article.question").filter(has_text="Kamrater:")
    asked = question.inner_text()
    assert LEISURE in asked
    assert SCHOOL in asked  # the boundary the question fell between
    assert "Lämnats tillbaka två gånger" in asked
    question.get_by_role("link", name="Besluta").click()
    leaders.get_by_label("Beslut").select_option(label="Stående regel för gränsen")
    leaders.get_by_label("Organisation som tar frågan").select_option(label=LEISURE)
    leaders.get_by_label("Regel för gränsen (vid stående regel)").fill(RULE)
    leaders.get_by_role("button", name="Spara beslutet").click()
    leaders.wait_for_url("**/tsi/var-glappen-finns/")
    assert RULE in leaders.locator("main").inner_text()
    context.close()


def test_a_need_bounced_twice_is_decided_by_the_leadership_group(demo_server):
    from playwright.sync_api import sync_playwright

    url, _database = demo_server
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=LAUNCH_ARGS)
        school_context, school = _sign_in(browser, url, "tsi-skola")
        _open_first_case(school, url)
        case_url = school.url
        school.get_by_role("link", name="Nytt behov").click()
        school.get_by_label("Område").select_option(label="Kamrater")
        school.get_by_label("Behov").fill(NEED)
        school.get_by_label("Föreslagen ägare").select_option(label=LEISURE)
        school.get_by_role("button", name="Spara").click()
        _ok(school)
        assert "Väntar på svar" in _need(school).inner_text()

        leisure_context, leisure = _sign_in(browser, url, "tsi-fritid")
        leisure.goto(case_url)
        _answer_not_ours(leisure, "Vi har ingen personal för följe hem.")
        need = _need(leisure)
        assert "Vi har ingen personal för följe hem." in need.inner_text()
        need.get_by_role("link", name="Föreslå ny ägare eller delat ansvar").click()
        assert "Var glappen finns" in leisure.locator("main").inner_text()
        leisure.get_by_label("Föreslagen ägare").select_option(label=SCHOOL)
        leisure.get_by_role("button", name="Spara").click()
        _ok(leisure)
        leisure_context.close()

        school.goto(case_url)
        _answer_not_ours(school, "Följe efter fritids ligger utanför skolans uppdrag.")
        assert "lyft till ledningsgruppen" in _need(school).inner_text()

        _leadership_decides(browser, url, school.locator("h1").inner_text())

        school.goto(case_url)
        need_text = _need(school).inner_text()
        assert f"Beslut i ledningsgruppen · {LEISURE}" in need_text
        assert "Accepterat" in need_text
        school.goto(url + "/tsi/var-glappen-finns/")
        register = school.locator("main").inner_text()
        assert RULE in register
        assert "Kamrater" in register
        school_context.close()
        browser.close()

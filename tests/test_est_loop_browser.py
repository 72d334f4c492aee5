"""Issue 5, done when: the EST loop through the UI in a real browser, with the PDFs.

On the demo served for real (tests.est_loop.est_demo_server): the analyst finds the
growing problem among the last tertial's developments in the wrong direction, reopens
the analysis, selects the square problem (which the demo has only watched) for cause
analysis and marks the analysis done; writes the cause analysis (the triangle and two
numbered causes); the coordinator decides two interventions owned by two organisations
against those causes; ÖBO's partner reports on its own and writes an effect follow-up;
the coordinator revises the demo's adopted action plan, adds both interventions and
decides it again. The tertial analysis, cause analysis and action plan PDFs are fetched
with the signed-in browser and read.
"""

from __future__ import annotations

import os
import re
import sqlite3
from datetime import date, datetime, timedelta
from pathlib import Path

import pytest

from samordna.analysis.periods import STOCKHOLM
from samordna.core.demo import story
from samordna.core.demo.cast import DEMO_PASSWORD
from tests.browser import CHROMIUM, LAUNCH_ARGS, PHONE, needs_chromium
from tests.est_loop import assert_pdf, est_demo_server  # noqa: F401  (the fixture)

pytestmark = [pytest.mark.slow, needs_chromium]

DESKTOP = {"width": 1280, "height": 900}
CAUSE_1 = "Soptunnorna vid torget töms för sällan på helgerna"
CAUSE_2 = "Ingen vuxen finns vid torget efter att biblioteket stänger"
OWN = "Tömma soptunnorna vid torget fredag till söndag"
POLICE = "Kvällsvandring med polis vid Baronbackarnas torg"


def _sign_in(browser, url: str, username: str, viewport=DESKTOP):
    context = browser.new_context(
        viewport=viewport, locale="sv-SE", timezone_id="Europe/Stockholm", bypass_csp=True
    )
    page = context.new_page()
    page.goto(url + "/konto/logga-in/")
    page.get_by_label("Användarnamn").fill(username)
    page.get_by_label("Lösenord").fill(DEMO_PASSWORD)
    page.keyboard.press("Enter")
    page.wait_for_url(url + "/")
    return context, page


def _one(database, query: str, *args):
    with sqlite3.connect(database) as connection:
        return connection.execute(query, args).fetchone()


def _ok(page) -> None:
    """The page after a form: no error summary."""
    main = page.locator("main")
    assert not main.locator(".errorlist, .error-summary, .errors").count(), main.inner_text()
    assert "Det gick inte att spara" not in main.inner_text()


def _pdf(page, path: str, *needles: str) -> str:
    base = "/".join(page.url.split("/", 3)[:3])  # scheme://host:port of the server
    response = page.request.get(base + path)
    assert response.status == 200, path
    return assert_pdf(response.headers["content-type"], response.body(), *needles)


def _tertial(page, url: str, key: str) -> None:
    """(a) The analyst at phone width: the growing problem is flagged; the square problem
    is selected for cause analysis with a justification; the analysis is done again."""
    page.goto(f"{url}/problem/tertial/")
    page.get_by_role("row").filter(has_text=f"({key})").get_by_role("link", name="Visa").click()
    page.wait_for_url(f"**/problem/tertial/{key}/")
    wrong = page.get_by_role("table", name="Utveckling åt fel håll, mest flaggat först")
    row = wrong.get_by_role("row").filter(has_text=story.GROWING_AREA).filter(has_text="Mopeder")
    assert row.count() == 1
    cells = row.get_by_role("cell").all_inner_texts()
    assert int(cells[1]) > int(cells[2]), cells  # more than the tertial before (area is a th)
    assert story.GROWING_PROBLEM in page.locator("main").inner_text()

    page.get_by_role("button", name="Öppna analysen igen").click()
    page.wait_for_url(f"**/problem/tertial/{key}/")
    _ok(page)
    page.get_by_label("Problem", exact=True).select_option(label=story.SQUARE_PROBLEM)
    page.get_by_label("Motivering").fill(
        "Nedskräpningen vid torget har ökat två tertialer i rad och oroar de boende."
    )
    page.get_by_role("button", name="Välj problemet").click()
    page.wait_for_url(f"**/problem/tertial/{key}/**")
    _ok(page)
    selected = page.locator(
        "section", has=page.get_by_role("heading", name="Problem valda för orsaksanalys")
    )
    assert story.SQUARE_PROBLEM in selected.inner_text()
    page.get_by_role("button", name="Markera analysen som klar").click()
    page.wait_for_url(f"**/problem/tertial/{key}/**")
    _ok(page)
    assert page.get_by_role("button", name="Öppna analysen igen").count() == 1


def _cause_analysis(page, url: str, problem_id: int) -> None:
    """(b) The triangle and two numbered causes, through the forms."""
    page.goto(f"{url}/problem/{problem_id}/orsaksanalys/")
    page.get_by_role("link", name="Ändra triangeln").click()
    page.get_by_label("Gärningsperson", exact=True).fill("Unga som samlas vid torget på kvällen")
    page.get_by_label("Mål eller offer", exact=True).fill("Boende och butikerna vid torget")
    page.get_by_label("Plats", exact=True).fill("Baronbackarnas torg och gångarna intill")
    page.get_by_label(re.compile("^Förvaltare")).fill("Bostadsbolaget som sköter torget")
    page.get_by_role("button", name="Spara").click()
    page.wait_for_url(f"**/problem/{problem_id}/orsaksanalys/**")
    _ok(page)
    assert "Baronbackarnas torg och gångarna intill" in page.locator("main").inner_text()
    for text, level in ((CAUSE_1, "Område"), (CAUSE_2, "Familj och nätverk")):
        page.get_by_label("Ny orsak").fill(text)
        page.get_by_label("Nivå (valfritt)").select_option(label=level)
        page.get_by_role("button", name="Lägg till orsak").click()
        page.wait_for_url(f"**/problem/{problem_id}/orsaksanalys/**")
        _ok(page)
    main = page.locator("main").inner_text()
    assert CAUSE_1 in main
    assert CAUSE_2 in main


def _intervention(
    page, url: str, title: str, owner: str, strategy: str, cause: str, deadline: date
) -> int:
    """(c) The coordinator decides an intervention, then sets its method, cause and areas."""
    page.goto(f"{url}/insatser/ny/")
    page.get_by_label("Insats", exact=True).fill(title)
    page.get_by_label("Ansvarig organisation").select_option(label=owner)
    page.get_by_label("Klart senast").fill(deadline.isoformat())
    page.get_by_role("button", name="Besluta insatsen").click()
    page.wait_for_url(re.compile(r".*/insatser/\d+/$"))
    _ok(page)
    pk = int(re.search(r"/insatser/(\d+)/$", page.url).group(1))
    page.goto(f"{url}/insatser/{pk}/andra/")
    page.get_by_label("Typ av insats").select_option(label="Situationell prevention")
    page.get_by_label("Strategi (situationell prevention)").select_option(label=strategy)
    page.get_by_label("Preventionsnivå").select_option(label="Primär")
    page.get_by_label("Problembild").select_option(label=story.SQUARE_PROBLEM)
    causes = page.get_by_role("group", name="Orsaker som insatsen riktar sig mot")
    causes.get_by_label(re.compile(re.escape(cause[:20]))).check()
    page.get_by_label("Mätbart mål").fill(
        "Färre iakttagelser av nedskräpning vid torget nästa tertial."
    )
    page.get_by_label("Kostnad (kr)").fill("25000")
    page.get_by_label("Arbetstid (timmar)").fill("40")
    for group, area in (
        ("Insatsområden (A)", story.SQUARE_AREA),
        ("Buffertområden (B)", story.BUFFER_AREA),
        ("Kontrollområden (C)", story.CONTROL_AREA),
    ):
        page.get_by_role("group", name=group).get_by_label(area, exact=True).check()
    page.get_by_role("button", name="Spara ändringarna").click()
    page.wait_for_url(f"**/insatser/{pk}/")
    _ok(page)
    return pk


def _partner(page, url: str, pk: int, today: date) -> None:
    """(d) ÖBO's partner, on a phone: a status report and an effect follow-up."""
    page.goto(f"{url}/insatser/{pk}/")
    page.get_by_label("Status").select_option(label="Pågår")
    page.get_by_label("Gul – risk för försening").check()
    page.get_by_label("Kommentar").fill("Tömningen är beställd, första helgen klar.")
    page.get_by_role("button", name="Spara lägesrapport").click()
    page.wait_for_url(f"**/insatser/{pk}/")
    _ok(page)
    assert "Tömningen är beställd" in page.locator("main").inner_text()

    page.goto(f"{url}/insatser/{pk}/uppfoljning/ny/")
    page.get_by_label("Effekt – fungerade det?").check()
    page.get_by_label("Beskrivning").fill("Effekten vid torget före och efter tömningen.")
    page.get_by_label("Nedskräpning och dumpning").check()
    # Two equally long periods: the last 60 days before today, and the 60 before those.
    after_to = today - timedelta(days=1)
    after_from = after_to - timedelta(days=59)
    before_to = after_from - timedelta(days=1)
    before_from = before_to - timedelta(days=59)
    for label, day in (
        ("Före, från", before_from),
        ("Före, till och med", before_to),
        ("Efter, från", after_from),
        ("Efter, till och med", after_to),
    ):
        page.get_by_label(label).fill(day.isoformat())
    page.get_by_role("button", name="Spara uppföljningen").click()
    page.wait_for_url(re.compile(rf".*/insatser/{pk}/uppfoljning/\d+/$"))
    _ok(page)
    counts = page.get_by_role("table", name="Antal räknade iakttagelser per område och period")
    rows = counts.locator("tbody tr")
    assert rows.count() == 3  # target, buffer and control
    numbers = [cell for row in rows.all_inner_texts() for cell in row.split("\t")[1:]]
    assert len(numbers) == 6, numbers
    assert all(n.strip().isdigit() for n in numbers), numbers
    assert sum(int(n) for n in numbers) > 0
    verdict = page.locator("#bedomning ~ *").first.inner_text().strip()
    assert len(verdict) > 20, verdict
    assert page.get_by_text("Framgångsmått (SM)").count() == 1


def _plan(page, url: str, plan_id: int, titles: list[str], today: date) -> None:
    """(e) The coordinator revises the adopted plan, adds both interventions, decides it."""
    page.goto(f"{url}/plan/{plan_id}/")
    page.get_by_role("link", name="Revidera").click()
    page.get_by_label("Skäl till revideringen").fill(
        "Torget vid Baronbackarna tas med efter tertialanalysen."
    )
    page.get_by_role("button", name="Öppna en ny version").click()
    page.wait_for_url(f"**/plan/{plan_id}/")
    _ok(page)
    for title in titles:
        page.goto(f"{url}/plan/{plan_id}/rader/")
        page.get_by_role("listitem").filter(has_text=title).get_by_role(
            "button", name="Lägg till"
        ).click()
        page.wait_for_url(f"**/plan/{plan_id}/rader/")
        _ok(page)
    page.goto(f"{url}/plan/{plan_id}/besluta/")
    page.get_by_label("Beslutande organ").fill("Kommunstyrelsen")
    page.get_by_label("Beslutsdatum").fill(today.isoformat())
    page.get_by_label("Diarienummer").fill("KS 2026/0999")
    page.get_by_role("button", name="Registrera beslutet").click()
    page.wait_for_url(f"**/plan/{plan_id}/")
    _ok(page)
    main = page.locator("main").inner_text()
    assert "Beslutad · version 2" in main, main[:600]
    assert f"Beslutad av Kommunstyrelsen {today.isoformat()} (dnr KS 2026/0999)" in main
    table = page.get_by_role("table", name="Åtgärder i Brås kolumner")
    actions = table.inner_text()
    for text in titles:
        assert text in actions, text
    # Each row from an intervention: the cause's number once, then its text.
    heads = table.get_by_role("rowheader").all_inner_texts()
    assert f"1. {CAUSE_1}" in heads, heads
    assert f"2. {CAUSE_2}" in heads, heads


def test_the_est_loop_through_the_ui_with_pdfs(est_demo_server, tmp_path):  # noqa: F811
    from playwright.sync_api import sync_playwright

    url, database = est_demo_server
    shots = Path(os.environ.get("SAMORDNA_SCREENSHOT_DIR", tmp_path))
    key = _one(database, "SELECT period_key FROM problems_tertialanalysis WHERE status = 'done'")[0]
    square = _one(
        database, "SELECT id FROM problems_problem WHERE title = ?", story.SQUARE_PROBLEM
    )[0]
    plan = _one(
        database, "SELECT id FROM interventions_actionplan WHERE title = ?", story.ACTION_PLAN_TITLE
    )[0]
    today = datetime.now(tz=STOCKHOLM).date()
    deadline = today + timedelta(days=60)

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=str(CHROMIUM), args=LAUNCH_ARGS)
        analyst, page = _sign_in(browser, url, "analytiker", PHONE)
        _tertial(page, url, key)
        _cause_analysis(page, url, square)
        _pdf(
            page,
            f"/problem/tertial/{key}/tertialanalys.pdf",
            story.GROWING_PROBLEM,
            story.SQUARE_PROBLEM,
        )
        _pdf(page, f"/problem/{square}/orsaksanalys/pdf/", story.SQUARE_PROBLEM, CAUSE_1, CAUSE_2)
        analyst.close()

        coordinator, page = _sign_in(browser, url, "samordnare")
        own = _intervention(page, url, OWN, "ÖBO", "Ta bort ursäkterna", CAUSE_1, deadline)
        police = _intervention(
            page, url, POLICE, "Polisen lokalpolisområde Örebro", "Öka risken", CAUSE_2, deadline
        )
        partner, partner_page = _sign_in(browser, url, "partner", PHONE)
        _partner(partner_page, url, own, today)
        partner_page.screenshot(path=str(shots / "est_effect_390.png"), full_page=True)
        # The partner sees the police's intervention but may not report on it.
        partner_page.goto(f"{url}/insatser/{police}/")
        assert partner_page.get_by_role("button", name="Spara lägesrapport").count() == 0
        partner.close()
        _plan(page, url, plan, [OWN, POLICE], today)
        page.screenshot(path=str(shots / "est_plan_1280.png"), full_page=True)
        _pdf(page, f"/plan/{plan}/export/pdf/", OWN, POLICE, CAUSE_1)
        coordinator.close()
        browser.close()

    owners = {
        row[0]
        for row in sqlite3.connect(database).execute(
            "SELECT o.slug FROM interventions_intervention i JOIN core_organisation o"
            " ON o.id = i.owner_organisation_id WHERE i.id IN (?, ?)",
            (own, police),
        )
    }
    assert owners == {"obo", "polisen-lpo-orebro"}
    assert (
        _one(database, "SELECT status FROM problems_tertialanalysis WHERE period_key = ?", key)[0]
        == "done"
    )
    assert (
        _one(database, "SELECT status FROM interventions_actionplan WHERE id = ?", plan)[0]
        == "decided"
    )

"""Issue 17, done when: the coordinator's start page on a phone, and axe-core on the pages
of the EST loop at 1280 and 390 px.

One demo server and one browser for everything (browser tests are the suite's most
expensive part). axe-core is vendored in tests/vendor (see its README), injected into
each page and run with the WCAG 2.1 A and AA rules; no critical or serious violation
is allowed.
"""

from __future__ import annotations

import os
import re
import sqlite3
from datetime import datetime
from pathlib import Path

import pytest

from samordna.analysis.periods import STOCKHOLM, iso_week
from samordna.core.demo.cast import DEMO_PASSWORD
from tests.browser import CHROMIUM, LAUNCH_ARGS, PHONE, needs_chromium

pytestmark = [pytest.mark.slow, needs_chromium]

AXE = Path(__file__).parent / "vendor" / "axe.min.js"
DESKTOP = {"width": 1280, "height": 900}
TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
RUN_AXE = """tags => axe.run(document, {runOnly: {type: 'tag', values: tags}}).then(r =>
  r.violations.filter(v => v.impact === 'critical' || v.impact === 'serious').map(v =>
    v.id + ' (' + v.impact + '): '
    + v.nodes.slice(0, 3).map(n => n.target.join(' ')).join(' | ')))"""


def _first(database: Path, query: str) -> int:
    with sqlite3.connect(database) as connection:
        return int(connection.execute(query).fetchone()[0])


def _pages(database: Path) -> dict[str, str]:
    week = iso_week(datetime.now(STOCKHOLM))
    with sqlite3.connect(database) as connection:
        meeting, problem, intervention, plan = connection.execute(
            "SELECT (SELECT max(id) FROM meetings_meeting WHERE kind = 'est_weekly'),"
            " (SELECT min(id) FROM problems_problem),"
            " (SELECT min(id) FROM interventions_intervention),"
            " (SELECT min(id) FROM interventions_actionplan)"
        ).fetchone()
    return {
        "start": "/",
        "report": "/rapportera/",
        "review": "/granskning/",
        "picture": f"/lagesbild/{week}/",
        "meeting": f"/veckomote/{meeting}/",
        "problem": f"/problem/{problem}/",
        "intervention": f"/insatser/{intervention}/",
        "plan": f"/plan/{plan}/",
        "public": "/offentlig/orebro/",
    }


def _sign_in(browser, url: str, viewport: dict[str, int], *, enforce_csp: bool = False):
    # The tests' own scripts (axe, wait_for_function) are evaluated strings, which our
    # Content-Security-Policy refuses; only the CSP test below keeps it enforced.
    context = browser.new_context(
        viewport=viewport,
        locale="sv-SE",
        timezone_id="Europe/Stockholm",
        bypass_csp=not enforce_csp,
    )
    page = context.new_page()
    page.goto(url + "/konto/logga-in/")
    page.get_by_label("Användarnamn").fill("samordnare")
    page.get_by_label("Lösenord").fill(DEMO_PASSWORD)
    page.keyboard.press("Enter")
    page.wait_for_url(url + "/")
    return context, page


def _above_the_fold(page, locator) -> bool:
    box = locator.bounding_box()
    return box is not None and box["y"] + box["height"] <= PHONE["height"]


def _check_phone_start(page, database: Path) -> None:
    waiting = _first(database, "SELECT count(*) FROM reports_observation WHERE status='submitted'")
    review = page.locator(".todo", has_text="Att granska")
    assert review.locator(".todo__count").inner_text() == str(waiting)
    week = page.locator(".todo", has_text="Veckans lägesbild")
    assert re.search(r"inte påbörjad|inte fastställd|fastställd", week.inner_text())
    assert _above_the_fold(page, review.locator(".todo__count"))
    assert _above_the_fold(page, week.locator(".todo__state"))
    # The menu is collapsed: one "Meny" disclosure, closed, its links not shown.
    menu = page.locator("details.site-nav__phone")
    assert menu.get_attribute("open") is None
    assert not page.get_by_role("link", name="Granskning", exact=True).is_visible()
    menu.locator("summary").click()
    assert page.get_by_role("link", name="Granskning", exact=True).is_visible()
    menu.locator("summary").click()


def test_phone_start_page_and_axe_on_the_loop_pages(demo_server, tmp_path):
    from playwright.sync_api import sync_playwright

    url, database = demo_server
    shots = Path(os.environ.get("SAMORDNA_SCREENSHOT_DIR", tmp_path))
    pages = _pages(database)
    found: list[str] = []
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=str(CHROMIUM), args=LAUNCH_ARGS)
        for width, viewport in (("390", PHONE), ("1280", DESKTOP)):
            context, page = _sign_in(browser, url, viewport)
            if width == "390":
                page.screenshot(path=str(shots / "start-390.png"))
                _check_phone_start(page, database)
            for name, path in pages.items():
                response = page.goto(url + path)
                assert response is not None
                assert response.status == 200, (name, path, response.status)
                page.screenshot(path=str(shots / f"{name}-{width}.png"), full_page=True)
                page.add_script_tag(path=str(AXE))
                found += [f"{name} {width}: {v}" for v in page.evaluate(RUN_AXE, TAGS)]
            context.close()
        browser.close()
    assert not found, "\n".join(found)


def test_the_loop_pages_work_under_the_content_security_policy(demo_server):
    """Every page of the loop with the policy enforced: nothing refused (scripts, the
    maps' tiles and styles, the charts), and the maps are drawn."""
    from playwright.sync_api import sync_playwright

    url, database = demo_server
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=LAUNCH_ARGS)
        context, page = _sign_in(browser, url, DESKTOP, enforce_csp=True)
        refused: list[str] = []
        page.on(
            "console",
            lambda m: refused.append(m.text) if "Content Security Policy" in m.text else None,
        )
        for name, path in _pages(database).items():
            response = page.goto(url + path)
            assert response is not None, name
            assert response.status == 200, name
            page.wait_for_load_state("networkidle")
        # The picture's map is Leaflet, drawn by our script over the server's SVG.
        page.goto(url + _pages(database)["picture"])
        page.locator(".leaflet-map.leaflet-container").first.wait_for()
        context.close()
        browser.close()
    assert refused == []

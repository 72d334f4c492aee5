"""A visitor's browser reads the demo's citizen promise: reached from the public page,
it shows each party's commitment and status, and no internal text of the demo."""

from __future__ import annotations

import os
import sqlite3
import subprocess
import sys

import pytest
from cryptography.fernet import Fernet

from samordna.core.demo import story
from tests.browser import CHROMIUM, LAUNCH_ARGS, PHONE, needs_chromium

pytestmark = [pytest.mark.slow, needs_chromium]

LOAD = (
    "from django.utils import timezone;"
    "from samordna.core.models import Municipality;"
    "from samordna.plans.demo import load_demo_plans;"
    "load_demo_plans(Municipality.objects.get(slug='orebro'), timezone.localdate())"
)


def _load_plans(var_dir) -> None:
    """The demo's plan, agreement and promise (idempotent: a no-op once core.demo loads them)."""
    env = {k: v for k, v in os.environ.items() if k != "DATABASE_URL"}
    env |= {"SAMORDNA_VAR_DIR": str(var_dir), "SAMORDNA_MAP_TILE_URL": ""}
    env.setdefault("SAMORDNA_CASES_KEYS", Fernet.generate_key().decode())
    command = [sys.executable, "-m", "samordna", "shell", "-c", LOAD]
    subprocess.run(command, env=env, check=True, capture_output=True)  # noqa: S603


def _internal_texts(database) -> list[str]:
    """Texts that must never reach a public promise: notes, descriptions, the agreement."""
    queries = [
        "SELECT note FROM interventions_interventionupdate WHERE note != ''",
        "SELECT description FROM interventions_intervention WHERE description != ''",
        "SELECT title FROM interventions_intervention",
        "SELECT probable_causes FROM interventions_agreement WHERE probable_causes != ''",
        "SELECT documentation FROM interventions_agreement WHERE documentation != ''",
        "SELECT free_text FROM reports_observation WHERE free_text != ''",
        "SELECT notes FROM meetings_agendaitem WHERE notes != ''",
    ]
    with sqlite3.connect(database) as connection:
        texts = [row[0] for query in queries for row in connection.execute(query)]
    return sorted({text.strip()[:40] for text in texts if len(text.strip()) >= 12})


def _commitments(database) -> list[str]:
    with sqlite3.connect(database) as connection:
        rows = connection.execute(
            "SELECT c.text FROM interventions_commitment c "
            "JOIN interventions_citizenpromise p ON p.id = c.promise_id WHERE p.slug = ?",
            (story.PROMISE_SLUG,),
        )
        return [row[0] for row in rows]


def test_the_public_promise_shows_commitments_and_no_internal_text(demo_server, tmp_path):
    from playwright.sync_api import sync_playwright

    url, database = demo_server
    _load_plans(tmp_path)
    secrets = _internal_texts(database)
    assert secrets, "the demo should have internal text to look for"
    commitments = _commitments(database)
    assert commitments, "the demo promise should have commitments"

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=str(CHROMIUM), args=LAUNCH_ARGS)
        page = browser.new_page(
            locale="sv-SE", timezone_id="Europe/Stockholm", bypass_csp=True, viewport=PHONE
        )
        page.goto(url + "/offentlig/orebro/")
        page.get_by_role("link", name="Lugnare gator i Varberga").click()
        page.wait_for_load_state()
        assert page.url.endswith(f"/offentlig/orebro/lofte/{story.PROMISE_SLUG}/")
        heading = page.get_by_role("heading", level=1).inner_text()
        rows = page.locator("article.public-commitment").all_inner_texts()
        html = page.content()
        browser.close()

    assert heading == "Lugnare gator i Varberga"
    assert len(rows) == len(commitments)
    for text in commitments:
        assert any(text in row for row in rows), text
    assert all(
        any(s in row for s in ("Planerat", "Pågår", "Genomfört", "Inte genomfört")) for row in rows
    )
    for secret in secrets:
        assert secret not in html, secret

"""A coordinator imports 300,000 reports through the web, in the real browser against
the demo served for real (tests/browser.py) with its task worker beside it: the
upload only stores the file, the page shows the job's progress, and every row
arrives; a file whose last row is wrong leaves no row at all (issue 15)."""

from __future__ import annotations

import sqlite3
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from samordna.core.demo.cast import DEMO_PASSWORD
from samordna.tabular.files import UPLOAD_MAX_BYTES
from tests.browser import CHROMIUM, LAUNCH_ARGS, _samordna_env, serve_demo

pytestmark = [pytest.mark.slow, pytest.mark.skipif(not CHROMIUM.exists(), reason="no chromium")]

HEADER = "kategori;datum;tid;longitud;latitud;otrygghet;säkerhet"
ROWS = 300_000


def _csv(path: Path, rows: int, *, bad_last: bool = False) -> Path:
    """Distinct rows (each its own point) around central Örebro this year."""
    lines = [HEADER]
    for i in range(rows):
        unsafety = "9" if bad_last and i == rows - 1 else str(1 + i % 3)
        lines.append(
            f"skadegorelse-klotter;2026-{1 + i % 10:02d}-{1 + i % 28:02d};"
            f"{i % 24:02d}:{i % 60:02d};15,2{i % 1000:03d};59,2{600 + i // 1000:03d};"
            f"{unsafety};sett"
        )
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    assert path.stat().st_size < UPLOAD_MAX_BYTES
    return path


@pytest.fixture
def served_with_worker(demo_folder, tmp_path, monkeypatch) -> Iterator[tuple[str, Path]]:
    """The demo served with its tasks queued in the database, and `db_worker` running
    them, as in production."""
    monkeypatch.setenv("SAMORDNA_TASKS", "database")
    served = serve_demo(demo_folder(14), tmp_path / "var")
    url, database = next(served)
    log = (tmp_path / "worker.log").open("w")  # read it when a test here fails
    worker = subprocess.Popen(
        [sys.executable, "-m", "samordna", "db_worker", "--no-reload", "--verbosity", "0"],
        env=_samordna_env(tmp_path / "var"),
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    try:
        yield url, database
    finally:
        worker.terminate()
        worker.wait(timeout=30)
        log.close()
        next(served, None)


def _imported(database: Path) -> int:
    with sqlite3.connect(database) as db:
        return db.execute(
            "SELECT count(*) FROM reports_observation o JOIN reports_report r"
            " ON r.id = o.report_id WHERE r.source = 'import'"
        ).fetchone()[0]


def _job_status(database: Path) -> str:
    with sqlite3.connect(database) as db:
        row = db.execute("SELECT status FROM tabular_importjob ORDER BY id DESC").fetchone()
    return row[0] if row else ""


def _upload(page, url: str, path: Path) -> None:
    page.goto(url + "/konto/logga-in/")
    page.fill("#id_username", "samordnare")
    page.fill("#id_password", DEMO_PASSWORD)
    page.press("#id_password", "Enter")
    page.wait_for_url(url + "/")
    page.goto(url + "/rapportera/import/")
    page.set_input_files("#id_file", str(path))
    page.get_by_role("button", name="Förhandsgranska").click()


def _browser(p):
    browser = p.chromium.launch(executable_path=str(CHROMIUM), args=LAUNCH_ARGS)
    return browser, browser.new_page(locale="sv-SE", timezone_id="Europe/Stockholm")


def test_300000_reports_are_imported_through_the_web_with_progress(served_with_worker, tmp_path):
    from playwright.sync_api import TimeoutError as PlaywrightTimeout
    from playwright.sync_api import sync_playwright

    url, database = served_with_worker
    path = _csv(tmp_path / "rapporter.csv", ROWS)
    with sync_playwright() as p:
        browser, page = _browser(p)
        # when the coordinator uploads the file
        _upload(page, url, path)
        # then the page shows the job's progress while the worker reads it
        page.wait_for_selector(".import-rows", timeout=60_000)
        assert "Lästa rader" in page.content()
        page.wait_for_selector("text=Allt ser bra ut", timeout=600_000)
        assert "300 000 nya, 0 fanns redan" in page.content()
        assert _imported(database) == 0  # the preview wrote nothing
        # when they confirm, the write runs as a job too
        page.click("button[value=confirm]")
        preview, upload = page.url, url + "/rapportera/import/"
        for _ in range(300):
            if _job_status(database) in ("done", "failed"):
                break
            page.wait_for_timeout(2_000)
        # The progress page reloads itself and lands on the upload page with the result.
        # On SQLite the write holds the write lock for its whole transaction, and a
        # reload that saved the session meanwhile may have shown the error page, which
        # does not reload: then load the preview again, as a person would (once).
        try:
            page.wait_for_url(upload, timeout=30_000)
        except PlaywrightTimeout:
            page.goto(preview)
        assert page.url == upload
        assert "Importen är klar: 300 000 nya, 0 fanns redan." in page.content()
        browser.close()
    assert _imported(database) == ROWS


def test_a_wrong_last_row_leaves_no_row(served_with_worker, tmp_path):
    from playwright.sync_api import sync_playwright

    url, database = served_with_worker
    path = _csv(tmp_path / "rapporter.csv", 5_000, bad_last=True)
    with sync_playwright() as p:
        browser, page = _browser(p)
        _upload(page, url, path)
        page.wait_for_selector(".error-summary", timeout=300_000)
        content = page.content()
        assert "1 fel. Inget importeras förrän alla är rättade." in content
        assert "<td>5001</td>" in content
        assert page.locator("button[value=confirm]").count() == 0
        browser.close()
    assert _imported(database) == 0

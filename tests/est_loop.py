"""What the two end-to-end tests of the EST loop share (issue 5, "Done when").

The browser test needs the growing problem to show among the developments in the wrong
direction of the last complete tertial, so its demo holds enough history for that
tertial and the one before it (tests.browser.demo_server loads only two weeks).
"""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Iterator
from io import BytesIO
from pathlib import Path

import pytest
from cryptography.fernet import Fernet

from tests.browser import free_port, wait_for

# Enough days for the last complete tertial and the whole one before it.
DEMO_DAYS = 330


def pdf_text(content: bytes) -> str:
    """The text of every page of a PDF (pypdfium2), for asserting what it says."""
    import pypdfium2

    document = pypdfium2.PdfDocument(BytesIO(content))
    try:
        return "\n".join(page.get_textpage().get_text_range() for page in document)
    finally:
        document.close()


def assert_pdf(content_type: str, content: bytes, *needles: str) -> str:
    assert content_type.startswith("application/pdf"), content_type
    assert content[:5] == b"%PDF-"
    # Words broken over lines in the PDF come back with a line break in between.
    text = " ".join(pdf_text(content).split())
    for needle in needles:
        assert " ".join(needle.split()) in text, needle
    return text


@pytest.fixture
def est_demo_server(tmp_path: Path) -> Iterator[tuple[str, Path]]:
    """tests.browser.demo_server with DEMO_DAYS of reports: (base URL, SQLite file)."""
    env = {k: v for k, v in os.environ.items() if k != "DATABASE_URL"}
    env |= {"SAMORDNA_VAR_DIR": str(tmp_path), "SAMORDNA_MAP_TILE_URL": ""}
    env.setdefault("SAMORDNA_CASES_KEYS", Fernet.generate_key().decode())
    samordna = [sys.executable, "-m", "samordna"]
    for command in (["migrate", "-v0"], ["load_demo", "--days", str(DEMO_DAYS)]):
        subprocess.run(samordna + command, env=env, check=True, capture_output=True)  # noqa: S603
    port = free_port()
    process = subprocess.Popen(  # noqa: S603
        [*samordna, "runserver", "--noreload", f"127.0.0.1:{port}"],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    url = f"http://127.0.0.1:{port}"
    try:
        wait_for(url + "/konto/logga-in/")
        yield url, tmp_path / "samordna.sqlite3"
    finally:
        process.terminate()
        process.wait(timeout=10)

"""What the browser tests share: the system Chromium, and the demo served for real.

The app runs in a subprocess on its own SQLite file (the demo municipality), so the
session-built test cast and the append-only audit table are never flushed; Chromium
is Debian's (never a downloaded browser), driven with Playwright.
"""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest
from cryptography.fernet import Fernet

CHROMIUM = Path("/usr/bin/chromium")
LAUNCH_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
PHONE = {"width": 390, "height": 844}

needs_chromium = pytest.mark.skipif(
    not CHROMIUM.exists(), reason="needs Debian's chromium at /usr/bin/chromium"
)


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def wait_for(url: str) -> None:
    for _ in range(100):
        try:
            urllib.request.urlopen(url, timeout=1)  # noqa: S310  (our own local server)
            return
        except OSError:
            time.sleep(0.1)
    raise AssertionError(f"the server never answered on {url}")


@pytest.fixture
def demo_server(tmp_path: Path) -> Iterator[tuple[str, Path]]:
    """The demo municipality served on a free port from a throwaway database:
    yields (base URL, path of its SQLite file)."""
    # Its own SQLite file, also when the suite itself runs on PostgreSQL.
    env = {k: v for k, v in os.environ.items() if k != "DATABASE_URL"}
    env |= {"SAMORDNA_VAR_DIR": str(tmp_path), "SAMORDNA_MAP_TILE_URL": ""}
    # The server runs with production settings, whose system check wants the TSI keys.
    env.setdefault("SAMORDNA_CASES_KEYS", Fernet.generate_key().decode())
    samordna = [sys.executable, "-m", "samordna"]
    for command in (["migrate", "-v0"], ["load_demo", "--days", "14"]):
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

"""What the browser tests share: the system Chromium, and the demo served for real.

The app runs in a subprocess on its own SQLite file (the demo municipality), so the
session-built test cast and the append-only audit table are never flushed; Chromium
is Debian's (never a downloaded browser), driven with Playwright.
"""

from __future__ import annotations

import fcntl
import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Callable, Iterator
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
    # Up to a minute: the server's system checks take 15-20 s on a loaded 2-core machine.
    for _ in range(600):
        try:
            urllib.request.urlopen(url, timeout=1)  # noqa: S310  (our own local server)
            return
        except OSError:
            time.sleep(0.1)
    raise AssertionError(f"the server never answered on {url}")


def _samordna_env(var_dir: Path) -> dict[str, str]:
    # Its own SQLite file, also when the suite itself runs on PostgreSQL.
    env = {k: v for k, v in os.environ.items() if k != "DATABASE_URL"}
    # The server runs with production settings, whose system check wants the TSI keys.
    env.setdefault("SAMORDNA_CASES_KEYS", _cases_key(var_dir))
    return env | {"SAMORDNA_VAR_DIR": str(var_dir), "SAMORDNA_MAP_TILE_URL": ""}


def _cases_key(var_dir: Path) -> str:
    """The TSI key of the demo database in `var_dir`, kept beside it and copied with it.

    One test process (pytest-xdist worker) builds a shared demo and others serve copies
    of it: a key made per process left those copies' cases unreadable (a TSI member
    saw no case), which only the full parallel run showed."""
    key_file = var_dir / "cases.key"
    if not key_file.exists():
        var_dir.mkdir(parents=True, exist_ok=True)
        key_file.write_text(Fernet.generate_key().decode(), encoding="utf-8")
    return key_file.read_text(encoding="utf-8").strip()


@pytest.fixture(scope="session")
def demo_folder(tmp_path_factory: pytest.TempPathFactory, worker_id: str) -> Callable[[int], Path]:
    """A function that gives the folder of a demo database with `days` of reports.

    Each is built once per test run and shared by the test processes (pytest-xdist
    workers) under a file lock; every test serves a copy, so no test sees another's
    changes. Building one takes most of a browser test's time.
    """
    base = tmp_path_factory.getbasetemp()
    shared = base if worker_id == "master" else base.parent

    def folder(days: int) -> Path:
        built = shared / f"demo-{days}-days"
        with open(shared / f"demo-{days}-days.lock", "w") as lock:
            fcntl.flock(lock, fcntl.LOCK_EX)
            if not (built / "ready").exists():
                built.mkdir(exist_ok=True)
                samordna = [sys.executable, "-m", "samordna"]
                for command in (["migrate", "-v0"], ["load_demo", "--days", str(days)]):
                    subprocess.run(  # noqa: S603
                        samordna + command,
                        env=_samordna_env(built),
                        check=True,
                        capture_output=True,
                    )
                (built / "ready").touch()
        return built

    return folder


def _build_demo(folder: Path, days: int) -> None:
    folder.mkdir(exist_ok=True)
    for command in (["migrate", "-v0"], ["load_demo", "--days", str(days)]):
        subprocess.run(  # noqa: S603
            [sys.executable, "-m", "samordna", *command],
            env=_samordna_env(folder),
            check=True,
            capture_output=True,
        )
    (folder / "ready").touch()


def serve_demo(template: Path, var_dir: Path) -> Iterator[tuple[str, Path]]:
    """Serve a copy of the demo database in `template` from `var_dir`:
    yields (base URL, path of its SQLite file)."""
    shutil.copytree(template, var_dir, dirs_exist_ok=True, ignore=shutil.ignore_patterns("ready"))
    port = free_port()
    process = subprocess.Popen(  # noqa: S603
        [sys.executable, "-m", "samordna", "runserver", "--noreload", f"127.0.0.1:{port}"],
        env=_samordna_env(var_dir),
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    url = f"http://127.0.0.1:{port}"
    try:
        wait_for(url + "/konto/logga-in/")
        yield url, var_dir / "samordna.sqlite3"
    finally:
        process.terminate()
        process.wait(timeout=10)


@pytest.fixture
def demo_server(demo_folder: Callable[[int], Path], tmp_path: Path) -> Iterator[tuple[str, Path]]:
    """The demo municipality (two weeks of reports) served on a free port from a
    throwaway copy of its database: yields (base URL, path of its SQLite file)."""
    yield from serve_demo(demo_folder(14), tmp_path)

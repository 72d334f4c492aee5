"""Throwaway PostgreSQL clusters for the benchmarks that need a server of their own
(`national`, `replica`): Debian's binaries, run as the postgres user (`runuser` when
this process is root, as CI's `.ci/run` does), trust authentication on 127.0.0.1 only.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import time
from pathlib import Path

PG_BIN = Path(os.environ.get("SAMORDNA_PG_BIN", "/usr/lib/postgresql/15/bin"))
# Settings of a throwaway benchmark cluster: durability is not what is measured.
FAST = ("fsync=off", "synchronous_commit=off", "full_page_writes=off")


def _as_postgres(*command: str | Path, check: bool = True) -> subprocess.CompletedProcess[str]:
    argv = [str(part) for part in command]
    if os.geteuid() == 0:
        argv = ["runuser", "-u", "postgres", "--", *argv]
    return subprocess.run(argv, check=check, capture_output=True, text=True)  # noqa: S603


def _own(path: Path) -> None:
    """The directory, made and handed to the postgres user when we are root."""
    path.mkdir(parents=True, exist_ok=True)
    if os.geteuid() == 0:
        shutil.chown(path, "postgres", "postgres")
        path.chmod(0o700)


def initdb(data: Path) -> None:
    _own(data.parent)
    _own(data)
    _as_postgres(
        PG_BIN / "initdb",
        "-D",
        data,
        "-U",
        "postgres",
        "--encoding=UTF8",
        "--no-locale",
        "--auth=trust",
    )


def start(data: Path, port: int, *settings: str) -> None:
    """Start the cluster in `data` on 127.0.0.1:`port` (a no-op when it runs)."""
    if is_running(data):
        return
    options = [f"-c listen_addresses=127.0.0.1 -c port={port}"]
    options.append(f"-c unix_socket_directories={data}")
    options += [f"-c {setting}" for setting in settings]
    _as_postgres(
        PG_BIN / "pg_ctl",
        "-D",
        data,
        "-l",
        data / "server.log",
        "-w",
        "-o",
        " ".join(options),
        "start",
    )


def stop(data: Path) -> None:
    if is_running(data):
        _as_postgres(PG_BIN / "pg_ctl", "-D", data, "-m", "fast", "-w", "stop")


def is_running(data: Path) -> bool:
    if not (data / "PG_VERSION").exists():
        return False
    return _as_postgres(PG_BIN / "pg_ctl", "-D", data, "status", check=False).returncode == 0


def psql(port: int, sql: str, database: str = "postgres") -> str:
    """Run `sql` as the superuser; the rows as psql prints them unaligned."""
    return _as_postgres(
        PG_BIN / "psql",
        "-h",
        "127.0.0.1",
        "-p",
        str(port),
        "-d",
        database,
        "-X",
        "-q",
        "-A",
        "-t",
        "-v",
        "ON_ERROR_STOP=1",
        "-c",
        sql,
    ).stdout.strip()


def create_database(port: int, name: str) -> bool:
    """Create the database unless it exists; True when it was created."""
    # `name` is one of the benchmark's own constants.
    if psql(port, f"SELECT 1 FROM pg_database WHERE datname = '{name}'"):  # noqa: S608
        return False
    psql(port, f'CREATE DATABASE "{name}"')
    return True


def url(port: int, database: str) -> str:
    return f"postgres://postgres@127.0.0.1:{port}/{database}"


def wait_for(check: object, timeout: float = 60.0, every: float = 0.2) -> None:
    """Poll `check()` (a callable) until it is true, or raise after `timeout` seconds."""
    deadline = time.monotonic() + timeout
    while not check():  # type: ignore[operator]
        if time.monotonic() > deadline:
            raise TimeoutError(f"gave up waiting after {timeout:g} s")
        time.sleep(every)


def psql_version() -> str:
    return subprocess.run(  # noqa: S603
        [str(PG_BIN / "postgres"), "--version"], check=True, capture_output=True, text=True
    ).stdout.strip()

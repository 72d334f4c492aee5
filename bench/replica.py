"""A primary and a streaming replica (PostgreSQL's own replication, Debian's binaries),
the demo loaded on the primary, and Samordna run with DATABASE_REPLICA_URL: the
servers' own statistics show the read-only pages read on the replica and the write on
the primary (issue 19). Not a timing: a check with numbers, recorded.

    python -m bench.replica [--dir /tmp/replica-pg-stream] [--port 55510] [--keep-running]

The primary listens on --port, the replica on --port + 1. The replica is made with
`pg_basebackup -R` before the demo is loaded, so the demo reaches it by streaming.
Takes 4-5 minutes (migrating and loading the demo). Not in `make bench`'s default run
only because it needs root or the postgres user; see bench/README.md.
"""

from __future__ import annotations

import argparse
import os
import secrets
import shutil
import sys
import time
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

from bench import _postgres as pg
from bench._targets import Target
from bench._timing import machine, write_results

# Not in `make bench`: it starts two clusters as the postgres user (`python -m bench replica`).
RUN_BY_DEFAULT = False
NAME = "replica"
DATABASE = "samordna"
TABLES = ("reports_observation", "situation_situationpicture", "reports_report")
COORDINATOR = "samordnare"
REPEAT = 3


def _arguments(argv: list[str]) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog=f"python -m bench.{NAME}", description=__doc__)
    parser.add_argument("--dir", type=Path, default=Path("/tmp/replica-pg-stream"))  # noqa: S108
    parser.add_argument("--port", type=int, default=55510)
    parser.add_argument("--keep-running", action="store_true", help="leave both servers up")
    return parser.parse_args(argv)


# --- The servers ---------------------------------------------------------------------


def _servers(args: argparse.Namespace) -> tuple[Path, Path]:
    """A fresh primary and its streaming standby, both running."""
    primary, standby = args.dir / "primary", args.dir / "standby"
    for data in (standby, primary):
        pg.stop(data)
    shutil.rmtree(args.dir, ignore_errors=True)
    pg.initdb(primary)
    pg.start(primary, args.port, *pg.FAST)
    pg.create_database(args.port, DATABASE)
    pg._own(standby)
    # -R writes primary_conninfo and standby.signal: the copy starts as a hot standby.
    pg._as_postgres(
        pg.PG_BIN / "pg_basebackup",
        "-h",
        "127.0.0.1",
        "-p",
        str(args.port),
        "-U",
        "postgres",
        "-D",
        standby,
        "-R",
        "-X",
        "stream",
        "-c",
        "fast",
    )
    pg.start(standby, args.port + 1, "hot_standby=on", *pg.FAST)
    if pg.psql(args.port + 1, "SELECT pg_is_in_recovery()") != "t":
        raise SystemExit(f"{NAME}: the replica is not in recovery: not a standby")
    return primary, standby


def caught_up(args: argparse.Namespace) -> None:
    """Wait until the standby has replayed everything the primary has written."""
    target = pg.psql(args.port, "SELECT pg_current_wal_lsn()")
    check = f"SELECT pg_last_wal_replay_lsn() >= '{target}'::pg_lsn"
    pg.wait_for(lambda: pg.psql(args.port + 1, check) == "t", timeout=120)


def statistics(port: int) -> dict[str, int]:
    """The server's own counters for the demo database and the tables that matter."""
    row = pg.psql(
        port,
        "SELECT xact_commit, tup_returned, tup_fetched, tup_inserted "  # noqa: S608 (constants)
        f"FROM pg_stat_database WHERE datname = '{DATABASE}'",
    ).split("|")
    found = dict(
        zip(
            ("xact_commit", "tup_returned", "tup_fetched", "tup_inserted"),
            map(int, row),
            strict=True,
        )
    )
    names = ", ".join(f"'{t}'" for t in TABLES)
    tables = pg.psql(
        port,
        "SELECT relname, coalesce(seq_tup_read, 0) + coalesce(idx_tup_fetch, 0), "  # noqa: S608
        f"n_tup_ins FROM pg_stat_user_tables WHERE relname IN ({names})",
        DATABASE,
    )
    for line in tables.splitlines():
        table, read, inserted = line.split("|")
        found[f"{table}.rows_read"], found[f"{table}.inserted"] = int(read), int(inserted)
    return found


# --- Samordna on both ------------------------------------------------------------------


def _configure(args: argparse.Namespace) -> None:
    os.environ.update(
        DATABASE_URL=pg.url(args.port, DATABASE),
        DATABASE_REPLICA_URL=pg.url(args.port + 1, DATABASE),
        SAMORDNA_VAR_DIR=str(args.dir / "var"),
        SAMORDNA_DEBUG="0",
        SECRET_KEY=secrets.token_hex(32),
        SECURE_SSL_REDIRECT="0",
        SESSION_COOKIE_SECURE="0",
        CSRF_COOKIE_SECURE="0",
        LOG_LEVEL="WARNING",
        SAMORDNA_TASKS="immediate",
        DJANGO_SETTINGS_MODULE="samordna.settings",
    )
    import django
    from django.conf import settings

    django.setup()
    for config in settings.DATABASES.values():
        # No pool: closing a connection ends its server process, which flushes the
        # process's statistics at once (PostgreSQL 15 otherwise flushes them lazily).
        config["OPTIONS"].pop("pool", None)


def _load(args: argparse.Namespace) -> dict[str, Any]:
    from django.core.management import call_command

    from samordna.demo.loader import load_demo

    started = time.perf_counter()
    call_command("migrate", verbosity=0)
    demo = load_demo(today=date.today(), scale=1)  # noqa: DTZ011  (the demo's own day)
    caught_up(args)
    return {
        "observations": demo.created.get("iakttagelser", 0),
        "seconds": round(time.perf_counter() - started, 1),
    }


def _step(args: argparse.Namespace, requests: Any) -> dict[str, dict[str, int]]:
    """Each server's counters before and after `requests()`; the differences."""
    from django.db import connections

    connections.close_all()
    time.sleep(1.0)
    before = {"primary": statistics(args.port), "replica": statistics(args.port + 1)}
    requests()
    connections.close_all()
    time.sleep(1.5)
    after = {"primary": statistics(args.port), "replica": statistics(args.port + 1)}
    return {
        server: {k: after[server][k] - before[server].get(k, 0) for k in after[server]}
        for server in after
    }


def _get(client: Any, path: str) -> None:
    response = client.get(path)
    if response.status_code != 200:
        raise SystemExit(f"{NAME}: GET {path} answered {response.status_code}")
    if response.streaming:
        b"".join(response.streaming_content)


def _requests() -> dict[str, Any]:
    """The three steps: read-only pages, a report filed, a page right after it."""
    from django.test import Client

    from bench import pages
    from samordna.core.models import User
    from samordna.public.models import Publication
    from samordna.situation.models import SituationPicture

    coordinator, reporter, anonymous = Client(), Client(), Client()
    coordinator.force_login(User.objects.get(username=COORDINATOR))
    reporter.force_login(User.objects.get(username=pages.REPORTER))
    picture = SituationPicture.objects.filter(snapshot__isnull=False).latest("confirmed_at")
    slug = Publication.objects.filter(is_published=True).values_list(
        "municipality__slug", flat=True
    )[0]
    read_only = [
        (anonymous, f"/offentlig/{slug}/"),
        (coordinator, f"/lagesbild/bild/{picture.pk}/"),
        (coordinator, "/export/iakttagelser.csv"),
    ]

    def write() -> None:
        response = reporter.post(pages.FORM, pages._form_body())
        if response.status_code != 302 or "samordna_primary" not in response.cookies:
            raise SystemExit(f"{NAME}: the report was answered {response.status_code}")

    return {
        "read_only_pages": lambda: [_get(c, p) for _ in range(REPEAT) for c, p in read_only],
        "write": write,
        "page_right_after_the_write": lambda: _get(reporter, f"/lagesbild/bild/{picture.pk}/"),
    }


def _served_by(steps: dict[str, dict[str, dict[str, int]]]) -> dict[str, bool]:
    """What the numbers must show, or the run is wrong (an error, not a miss)."""

    def read(step: str, server: str) -> int:
        counts = steps[step][server]
        return sum(counts.get(f"{t}.rows_read", 0) for t in TABLES[:2])

    return {
        "read_only_pages_read_on_the_replica": read("read_only_pages", "replica") > 0,
        "read_only_pages_read_nothing_of_them_on_the_primary": (
            read("read_only_pages", "primary") == 0
        ),
        "the_write_went_to_the_primary": (
            steps["write"]["primary"].get("reports_observation.inserted", 0) >= 1
        ),
        "the_write_read_nothing_on_the_replica": read("write", "replica") == 0,
        "the_page_right_after_the_write_read_the_primary": (
            read("page_right_after_the_write", "primary") > 0
            and read("page_right_after_the_write", "replica") == 0
        ),
    }


def main(argv: list[str] | None = None) -> list[Target]:
    args = _arguments(argv or [])
    primary, standby = _servers(args)
    try:
        _configure(args)
        loaded = _load(args)
        steps = {name: _step(args, run) for name, run in _requests().items()}
        caught_up(args)
        count = "SELECT count(*) FROM reports_observation"
        rows = {
            "primary": int(pg.psql(args.port, count, DATABASE)),
            "replica": int(pg.psql(args.port + 1, count, DATABASE)),
        }
        lag = pg.psql(args.port + 1, "SELECT now() - pg_last_xact_replay_timestamp()")
    finally:
        if not args.keep_running:
            pg.stop(standby)
            pg.stop(primary)
    return _report(loaded, steps, rows, lag)


def _report(
    loaded: dict[str, Any], steps: dict[str, Any], rows: dict[str, int], lag: str
) -> list[Target]:
    checks = _served_by(steps) | {"replica_caught_up": rows["primary"] == rows["replica"]}
    result = {
        "machine": machine(),
        "date": datetime.now(UTC).isoformat(timespec="seconds"),
        "postgresql": pg.psql_version(),
        "demo": loaded,
        "repeat": REPEAT,
        "steps": steps,
        "observations_after": rows,
        "replay_delay_at_the_end": lag,
        "checks": checks,
    }
    write_results(NAME, result)
    wrong = [name for name, passed in checks.items() if not passed]
    if wrong:
        raise SystemExit(f"{NAME}: wrong result: {', '.join(wrong)}; see results/{NAME}.json")
    replica = steps["read_only_pages"]["replica"]
    print(
        f"{NAME}: read-only pages read {replica['reports_observation.rows_read']} observation "
        f"rows on the replica, 0 on the primary; the report was written on the primary"
    )
    return [
        Target(
            NAME,
            "read-only pages: rows read on the primary",
            0,
            0,
            higher_is_better=False,
            unit=" rows",
        )
    ]


if __name__ == "__main__":
    main(sys.argv[1:])

"""National volume on PostgreSQL (issue 19): 290 municipalities, 21 counties, 5,000,000
observations. (a) One municipality's confirmed week picture with only that
municipality in the database against with the national volume (ratio ≤ 1.2); (b) the
county view `county:overview` for Jönköpings län (13 municipalities), ≤ 0.5 s warm.

Starts a PostgreSQL cluster of its own (Debian's binaries) in --dir on --port, with two
databases, `solo` and `national`, made once (20-35 minutes on 2 shared cores) and
reused while --dir is kept. Not run by `make bench` (too slow); see bench/README.md.

    python -m bench.national [--dir /tmp/replica-pg-national] [--port 55501] [--keep-running]
"""

from __future__ import annotations

import argparse
import json
import os
import secrets
import statistics
import subprocess
import sys
import time
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from bench import _postgres as pg
from bench._national_data import (
    COORDINATOR,
    COUNTY_OFFICER,
    DATA_ACTION,
    insert_pictures,
    insert_rows,
    make_places,
    timed,
)
from bench._targets import Target
from bench._timing import machine, paired_ratio, rounded, write_results

# Not in `make bench`: it makes 5M rows in a cluster of its own (`python -m bench national`).
RUN_BY_DEFAULT = False
NAME = "national"
ROWS = 5_000_000
TIMED_CODE = "0680"  # Jönköping
COUNTY = "06"  # Jönköpings län: 13 municipalities
WEEK = "2026-W20"
ROUNDS = 3
RUNS = 7
TARGET_RATIO = 1.2
TARGET_COUNTY_SECONDS = 0.5
COUNTY_APP = "samordna.county"
SETTINGS = ("shared_buffers=512MB", "max_wal_size=4GB", "maintenance_work_mem=256MB")


def _arguments(argv: list[str]) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog=f"python -m bench.{NAME}", description=__doc__)
    parser.add_argument("--dir", type=Path, default=Path("/tmp/replica-pg-national"))  # noqa: S108
    parser.add_argument("--port", type=int, default=55501)
    parser.add_argument("--rows", type=int, default=ROWS)
    parser.add_argument("--keep-running", action="store_true", help="leave the cluster up")
    parser.add_argument("--child", choices=("prepare", "measure"), help=argparse.SUPPRESS)
    parser.add_argument("--database", help=argparse.SUPPRESS)
    return parser.parse_args(argv)


# --- The child: one database, Django configured once --------------------------------


def _configure(args: argparse.Namespace) -> None:
    os.environ.update(
        DATABASE_URL=pg.url(args.port, args.database),
        SAMORDNA_VAR_DIR=str(args.dir / f"var-{args.database}"),
        SAMORDNA_DEBUG="0",
        SECRET_KEY=secrets.token_hex(32),
        SECURE_SSL_REDIRECT="0",
        SESSION_COOKIE_SECURE="0",
        CSRF_COOKIE_SECURE="0",
        LOG_LEVEL="WARNING",
        SAMORDNA_TASKS="immediate",
        DJANGO_SETTINGS_MODULE="samordna.settings",
    )
    os.environ.pop("DATABASE_REPLICA_URL", None)
    import django

    django.setup()


def _county_installed() -> bool:
    from django.apps import apps

    return apps.is_installed(COUNTY_APP)


def _prepare(args: argparse.Namespace) -> dict[str, Any]:
    """Migrate and fill the database once; the record of what it holds."""
    from django.core.management import call_command

    from samordna.core.models import AuditEvent
    from samordna.integrations.sweden import MUNICIPALITIES

    timed("migrate", lambda: call_command("migrate", verbosity=0))
    made = AuditEvent.objects.filter(action=DATA_ACTION).values_list("changes", flat=True)
    if made:
        return dict(made[0])
    codes = [TIMED_CODE] if args.database == "solo" else [m.code for m in MUNICIPALITIES]
    per = args.rows // len(MUNICIPALITIES)
    started = time.perf_counter()
    places = timed(f"{len(codes)} municipalities, areas", make_places, codes)
    rows = timed("observations (SQL)", insert_rows, places, per)
    _after_rows([p["mid"] for p in places])
    return _record(args, codes, rows, started)


def _after_rows(municipality_ids: list[int]) -> None:
    from django.db import connection

    from samordna.core.models import Municipality
    from samordna.reports.counts import refresh_counts

    timed("weekly counts", lambda: [refresh_counts(m) for m in municipality_ids])
    timed("analyze", lambda: connection.cursor().execute("ANALYZE"))
    timed("the timed picture", _confirm_timed)
    timed_municipality = Municipality.objects.get(code=TIMED_CODE)
    pictures = timed("synthetic pictures", insert_pictures, (timed_municipality.pk, WEEK))
    print(f"  {pictures} synthetic confirmed week pictures", file=sys.stderr)
    if _county_installed():
        timed("county sharing and backfill", _county_setup)
    timed("analyze", lambda: connection.cursor().execute("ANALYZE"))


def _confirm_timed() -> None:
    """The timed municipality's week picture, compiled and confirmed by the services."""
    from samordna.core import services
    from samordna.core.models import Municipality, Organisation
    from samordna.core.roles import Role
    from samordna.situation import services as situation

    municipality = Municipality.objects.get(code=TIMED_CODE)
    user = services.user_create(
        actor=None,
        username=COORDINATOR,
        email="samordnare@example.invalid",
        password=secrets.token_urlsafe(16),
    )
    organisation = Organisation.objects.get(municipality=municipality)
    services.membership_create(
        actor=None, user=user, organisation=organisation, role=Role.COORDINATOR
    )
    picture = situation.picture_prepare(actor=None, municipality=municipality, key=WEEK)
    situation.picture_confirm(actor=user, picture=picture, summary="Syntetisk vecka.")


def _county_setup() -> None:
    """The county's municipalities share with it; its officer; the aggregates backfilled
    by the county app's own command."""
    from django.core.management import call_command, get_commands

    from samordna.core import services
    from samordna.core.models import CountyMembership, Municipality
    from samordna.county import services as county

    for municipality in Municipality.objects.filter(code__startswith=COUNTY):
        county.sharing_start(actor=None, municipality=municipality)
    officer = services.user_create(
        actor=None,
        username=COUNTY_OFFICER,
        email="lan@example.invalid",
        password=secrets.token_urlsafe(16),
    )
    CountyMembership.objects.create(user=officer, county_code=COUNTY)
    commands = [n for n, app in get_commands().items() if app == COUNTY_APP and "backfill" in n]
    for command in commands:
        call_command(command)


def _record(args: argparse.Namespace, codes: list[str], rows: int, started: float) -> dict:
    from django.db import transaction

    from samordna.core import audit
    from samordna.core.models import Municipality

    changes = {
        "database": args.database,
        "municipalities": len(codes),
        "counties": len({code[:2] for code in codes}),
        "observations": rows,
        "seconds_to_make": round(time.perf_counter() - started, 1),
        "made_at": datetime.now(UTC).isoformat(timespec="seconds"),
    }
    with transaction.atomic():
        target = Municipality.objects.get(code=TIMED_CODE)
        audit.record(actor=None, action=DATA_ACTION, target=target, changes=changes)
    return changes


def _cpu_runs(
    client: Any, path: str, expect: str, wall: list[float], runs: int = RUNS
) -> list[float]:
    """One warm-up request, then the CPU seconds of `runs` requests; their wall-clock
    seconds (which include PostgreSQL's own work, in another process) go to `wall`."""
    seconds = []
    for run in range(runs + 1):
        start, started = time.process_time(), time.perf_counter()
        response = client.get(path)
        spent = time.process_time() - start
        if run:
            wall.append(time.perf_counter() - started)
        if response.status_code != 200 or expect not in response.content.decode():
            raise SystemExit(f"{NAME}: {path} answered {response.status_code} without {expect!r}")
        if run:
            seconds.append(spent)
    return seconds


def _measure(args: argparse.Namespace) -> dict[str, Any]:
    from django.core.cache import caches
    from django.test import Client
    from django.urls import reverse

    from samordna.core.models import User

    client = Client()
    client.force_login(User.objects.get(username=COORDINATOR))
    path = f"/lagesbild/{WEEK}/"
    found: dict[str, Any] = {"week_picture_wall": [], "week_picture_rendered_wall": []}
    found["week_picture"] = _cpu_runs(client, path, "Fastställd", found["week_picture_wall"])
    # The page's body rendered anew each time (its charts stay cached): the cache cleared.
    rendered = []
    for _ in range(RUNS):
        caches["pages"].clear()
        rendered += _cpu_runs(
            client, path, "Fastställd", found["week_picture_rendered_wall"], runs=1
        )
    found["week_picture_rendered"] = rendered
    if args.database == "national" and _county_installed():
        officer = Client()
        officer.force_login(User.objects.get(username=COUNTY_OFFICER))
        for kind in ("week", "tertial", "year"):
            url = f"{reverse('county:overview')}?slag={kind}"
            wall = found.setdefault(f"county_{kind}_wall", [])
            found[f"county_{kind}"] = _cpu_runs(officer, url, "Jönköping", wall)
    return found


def _child(args: argparse.Namespace) -> None:
    _configure(args)
    result = _prepare(args) if args.child == "prepare" else _measure(args)
    print(json.dumps(result))


# --- The parent: the cluster, both databases, the rounds -----------------------------


def _run_child(args: argparse.Namespace, action: str, database: str) -> dict[str, Any]:
    command = [
        sys.executable,
        "-m",
        f"bench.{NAME}",
        "--child",
        action,
        "--database",
        database,
        "--dir",
        str(args.dir),
        "--port",
        str(args.port),
        "--rows",
        str(args.rows),
    ]
    # The child's progress and errors go straight to our stderr; its result comes on stdout.
    done = subprocess.run(command, check=True, stdout=subprocess.PIPE, text=True)  # noqa: S603
    return dict(json.loads(done.stdout.strip().splitlines()[-1]))


def _cluster(args: argparse.Namespace) -> Path:
    data = args.dir / "data"
    if not (data / "PG_VERSION").exists():
        pg.initdb(data)
    pg.start(data, args.port, *pg.FAST, *SETTINGS)
    for database in ("solo", "national"):
        pg.create_database(args.port, database)
    return data


def _summary(rounds: list[dict[str, dict[str, Any]]]) -> dict[str, Any]:
    medians = {
        (database, measure): [statistics.median(r[database][measure]) for r in rounds]
        for database in ("solo", "national")
        for measure in rounds[0][database]
    }
    solo, national = medians["solo", "week_picture"], medians["national", "week_picture"]
    summary: dict[str, Any] = {
        "seconds_each_round": {f"{d}/{m}": rounded(v) for (d, m), v in medians.items()},
        "week_picture_ratio": round(paired_ratio(national, solo), 3),
        "week_picture_ratio_each_round": rounded(
            [n / s for n, s in zip(national, solo, strict=True)], 3
        ),
        "week_picture_rendered_ratio": round(
            paired_ratio(
                medians["national", "week_picture_rendered"],
                medians["solo", "week_picture_rendered"],
            ),
            3,
        ),
    }
    summary["week_picture_wall_ratio"] = round(
        paired_ratio(
            medians["national", "week_picture_wall"], medians["solo", "week_picture_wall"]
        ),
        3,
    )
    for kind in ("week", "tertial", "year"):
        if ("national", f"county_{kind}") in medians:
            for clock, key in (("cpu", f"county_{kind}"), ("wall", f"county_{kind}_wall")):
                summary[f"county_{kind}_{clock}_seconds"] = round(
                    statistics.median(medians["national", key]), 4
                )
    return summary


def main(argv: list[str] | None = None) -> list[Target]:
    args = _arguments(argv or [])
    if args.child:
        _child(args)
        return []
    data = _cluster(args)
    try:
        made = {db: _run_child(args, "prepare", db) for db in ("solo", "national")}
        rounds = [
            {db: _run_child(args, "measure", db) for db in ("solo", "national")}
            for _ in range(ROUNDS)
        ]
    finally:
        if not args.keep_running:
            pg.stop(data)
    return _report(made, rounds)


def _report(made: dict[str, Any], rounds: list[dict[str, dict[str, Any]]]) -> list[Target]:
    summary = _summary(rounds)
    county = "county_week_cpu_seconds" in summary
    result = {
        "machine": machine(),
        "date": datetime.now(UTC).isoformat(timespec="seconds"),
        "data": made,
        "timed_municipality": TIMED_CODE,
        "week": WEEK,
        "county": COUNTY,
        "rounds": ROUNDS,
        "runs_per_round": RUNS,
        **summary,
        "county_view": "measured" if county else f"skipped: {COUNTY_APP} is not installed",
        "raw": rounds,
    }
    write_results(NAME, result)
    print(f"{NAME}: week picture national/solo {summary['week_picture_ratio']}x", end="")
    targets = [
        Target(
            NAME,
            "week picture, national / one municipality (CPU)",
            summary["week_picture_ratio"],
            TARGET_RATIO,
            higher_is_better=False,
        )
    ]
    if county:
        seconds = max(summary[f"county_{k}_cpu_seconds"] for k in ("week", "tertial", "year"))
        wall = max(summary[f"county_{k}_wall_seconds"] for k in ("week", "tertial", "year"))
        print(f", county view {seconds:.3f} CPU s, {wall:.3f} wall s (slowest of 3 periods)")
        targets.append(
            Target(
                NAME,
                "county:overview, 13 municipalities (CPU s)",
                seconds,
                TARGET_COUNTY_SECONDS,
                higher_is_better=False,
                unit=" s",
            )
        )
    else:
        print(f"; county view skipped: {COUNTY_APP} is not installed")
    return targets


if __name__ == "__main__":
    main(sys.argv[1:])

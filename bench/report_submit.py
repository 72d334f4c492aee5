"""Filing one report through the API (`POST /api/v1/reports/`) at `load_demo --scale 10`:
at most 30 ms of server CPU per submission, whatever the history (issue 18, item 6).

Each scale runs in a process of its own (Django is configured once per process):
`load_demo --scale 10`, and `--scale 1` beside it to show that the cost does not grow
with history. In-process with Django's test client, production settings, SQLite in a
throwaway directory (or in --keep DIR), as the demo's reporter (`rapportor`, ÖBO), with
a token. Every report is one observation in the area and category of an open problem
whose rule is on, so the rule's path runs; each must be linked to that problem
afterwards, or the run fails. Baseline in the same run: `GET /api/v1/me/`. CPU time
(`time.process_time`), which includes what runs after the commit in the request; the
rule links and their feedback are a task (problems.rules.rule_links_task), run here
after each submission as the worker would, and timed apart. See bench/README.md.
"""

from __future__ import annotations

import argparse
import cProfile
import io
import json
import os
import platform
import pstats
import secrets
import statistics
import subprocess
import sys
import tempfile
import time
import uuid
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from bench._runner import Outcome, report
from bench._targets import Target

NAME = "report_submit"
SCALES = (10, 1)
SUBMISSIONS = 25
WARM_UP = 3
BASELINE_REPEATS = 5  # GETs of /me/ next to each submission; their median counts
TARGET_SECONDS = 0.030
RESULTS = Path(__file__).parent / "results" / f"{NAME}.json"
REPORTER, ORGANISATION = "rapportor", "obo"


def _arguments(argv: list[str]) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog=f"python -m bench {NAME}")
    parser.add_argument("--keep", metavar="DIR", help="keep the databases in DIR/scale-N")
    parser.add_argument("--scale", type=int, help="(internal) measure this scale only")
    parser.add_argument("--part", metavar="FILE", help="(internal) write that scale's result")
    parser.add_argument(
        "--profile", type=int, default=0, metavar="N", help="print a cProfile of N submissions"
    )
    return parser.parse_args(argv)


def _configure(var_dir: str) -> None:
    from cryptography.fernet import Fernet

    os.environ.update(
        SAMORDNA_VAR_DIR=var_dir,
        SAMORDNA_DEBUG="0",  # DEBUG would record every query and distort the timings
        SECRET_KEY=secrets.token_hex(32),  # a throwaway key for a throwaway database
        SECURE_SSL_REDIRECT="0",
        SAMORDNA_CASES_KEYS=Fernet.generate_key().decode(),
        LOG_LEVEL="WARNING",
        DJANGO_SETTINGS_MODULE="samordna.settings",
    )
    os.environ.pop("DATABASE_URL", None)
    import django
    from django.core.management import call_command

    django.setup()
    call_command("migrate", verbosity=0)


def _data(scale: int) -> dict[str, Any]:
    """The demo at `scale`, loaded unless the kept database already holds it."""
    from django.core.management import call_command

    from samordna.reports.models import Observation

    started = time.perf_counter()
    if not Observation.objects.filter(municipality__slug="orebro").exists():
        # Its list of demo logins is not this benchmark's output.
        call_command("load_demo", scale=scale, verbosity=0, stdout=io.StringIO())
    return {
        "scale": scale,
        "observations_before": Observation.objects.filter(municipality__slug="orebro").count(),
        "load_seconds": round(time.perf_counter() - started, 1),
    }


def _rule_target() -> dict[str, Any]:
    """An open rule problem and an (area, category) its rule takes in, from a rule link."""
    from samordna.problems.models import LinkVia, ProblemObservation
    from samordna.problems.rules import open_rule_problems

    for problem in open_rule_problems():
        link = (
            ProblemObservation.objects.filter(problem=problem, via=LinkVia.RULE)
            .select_related("observation__category")
            .first()
        )
        if link is not None:
            seen = link.observation
            return {
                "problem": problem.pk,
                "problem_title": problem.title,
                "area": seen.area_id,
                "category": seen.category.code,
                "open_rule_problems": open_rule_problems().count(),
                "rule_links_before": ProblemObservation.objects.filter(
                    problem=problem, via=LinkVia.RULE
                ).count(),
            }
    raise SystemExit(f"{NAME}: no open rule problem with a rule link in the demo")


def _client() -> Any:
    from django.test import Client

    from samordna.api.services import api_token_create
    from samordna.core.models import User

    user = User.objects.get(username=REPORTER)
    token = api_token_create(actor=None, user=user, rotate=True)
    return Client(HTTP_AUTHORIZATION=f"Token {token.key}")


def _body(target: dict[str, Any]) -> dict[str, Any]:
    when = datetime.now(UTC) - timedelta(hours=1)
    observation = {
        "category": target["category"],
        "area": target["area"],
        "occurred_from": when.isoformat(),
        "unsafety": 2,
        "certainty": "observed",
        "free_text": "Benchmark: mopeder på gångvägen.",
    }
    return {
        "client_uuid": str(uuid.uuid4()),
        "organisation": ORGANISATION,
        "observations": [observation],
    }


def _submit(client: Any, target: dict[str, Any]) -> tuple[float, float, int]:
    """CPU and wall seconds of one submission, and the new observation's id."""
    body = json.dumps(_body(target))
    wall, cpu = time.perf_counter(), time.process_time()
    response = client.post("/api/v1/reports/", data=body, content_type="application/json")
    cpu, wall = time.process_time() - cpu, time.perf_counter() - wall
    if response.status_code != 201:
        raise SystemExit(f"{NAME}: POST /api/v1/reports/ answered {response.status_code}")
    return cpu, wall, response.json()["observations"][0]["id"]


def _run_queued() -> float:
    """Run what the submission queued (the rule links and their feedback), as the task
    worker would, outside the submission's time; its CPU seconds."""
    from django_tasks_db.models import DBTaskResult

    started = time.process_time()
    for row in DBTaskResult.objects.filter(status="READY").order_by("enqueued_at"):
        arguments = row.args_kwargs
        row.task.call(*arguments["args"], **arguments["kwargs"])
        row.delete()
    return time.process_time() - started


def _baseline(client: Any) -> tuple[float, float]:
    """Median CPU and wall seconds of GET /api/v1/me/ (BASELINE_REPEATS times)."""
    cpus, walls = [], []
    for _ in range(BASELINE_REPEATS):
        wall, cpu = time.perf_counter(), time.process_time()
        response = client.get("/api/v1/me/")
        cpus.append(time.process_time() - cpu)
        walls.append(time.perf_counter() - wall)
        if response.status_code != 200:
            raise SystemExit(f"{NAME}: GET /api/v1/me/ answered {response.status_code}")
    return statistics.median(cpus), statistics.median(walls)


def _profile(client: Any, target: dict[str, Any], count: int) -> None:
    """Print where `count` submissions spend their time (after one that loads the code)."""
    _submit(client, target)
    profiler = cProfile.Profile()
    profiler.enable()
    for _ in range(count):
        _submit(client, target)
    profiler.disable()
    stats = pstats.Stats(profiler, stream=sys.stdout)
    stats.sort_stats("cumulative").print_stats("samordna/", 30)
    stats.sort_stats("tottime").print_stats(15)


def _measure(client: Any, target: dict[str, Any]) -> dict[str, Any]:
    from samordna.problems.models import ProblemObservation

    for _ in range(WARM_UP):
        _submit(client, target)
        _run_queued()
        _baseline(client)
    runs: dict[str, list[float]] = {
        "cpu": [],
        "wall": [],
        "me_cpu": [],
        "me_wall": [],
        "task_cpu": [],
    }
    ids = []
    for _ in range(SUBMISSIONS):
        cpu, wall, pk = _submit(client, target)
        task_cpu = _run_queued()
        me_cpu, me_wall = _baseline(client)
        for name, value in zip(runs, (cpu, wall, me_cpu, me_wall, task_cpu), strict=True):
            runs[name].append(value)
        ids.append(pk)
    linked = ProblemObservation.objects.filter(
        problem_id=target["problem"], observation_id__in=ids
    ).count()
    return {"runs": runs, "linked": linked}


def _summary(scale: int, data: dict[str, Any], target: dict[str, Any], measured: dict[str, Any]):
    runs = measured["runs"]
    cpu = statistics.median(runs["cpu"])
    me = statistics.median(runs["me_cpu"])
    return {
        "data": data,
        "rule": target,
        "submissions": SUBMISSIONS,
        "all_linked_by_rule": measured["linked"] == SUBMISSIONS,
        "submit_cpu_seconds": round(cpu, 4),
        "submit_seconds": round(statistics.median(runs["wall"]), 4),
        "submit_cpu_seconds_each_run": [round(s, 4) for s in runs["cpu"]],
        # What the submission queued, run by the worker after it (not the reporter's wait).
        "queued_task_cpu_seconds": round(statistics.median(runs["task_cpu"]), 4),
        "me_cpu_seconds": round(me, 5),
        "me_cpu_seconds_each_pair": [round(s, 5) for s in runs["me_cpu"]],
        "submit_vs_me": round(
            statistics.median(a / b for a, b in zip(runs["cpu"], runs["me_cpu"], strict=True)), 1
        ),
        "scale": scale,
    }


def run_scale(scale: int, var_dir: str, profile: int = 0) -> dict[str, Any]:
    Path(var_dir).mkdir(parents=True, exist_ok=True)
    _configure(var_dir)
    data = _data(scale)
    target = _rule_target()
    client = _client()
    if profile:
        _profile(client, target, profile)
    return _summary(scale, data, target, _measure(client, target))


def _child(scale: int, keep: str | None, profile: int) -> dict[str, Any]:
    """One scale in a process of its own; its result comes back through a file."""
    with tempfile.TemporaryDirectory(prefix="samordna-bench-") as temporary:
        part = Path(temporary) / "part.json"
        command = [sys.executable, "-m", "bench.report_submit", "--scale", str(scale)]
        command += ["--part", str(part), "--profile", str(profile)]
        if keep:
            command += ["--keep", keep]
        subprocess.run(command, check=True)  # noqa: S603 (our own module, our arguments)
        return dict(json.loads(part.read_text("utf-8")))


def run(args: argparse.Namespace) -> dict[str, Any]:
    from bench.point_in_area import machine

    scales = {f"scale_{s}": _child(s, args.keep, args.profile) for s in SCALES}
    main_scale = scales[f"scale_{SCALES[0]}"]
    small = scales[f"scale_{SCALES[-1]}"]
    return {
        "benchmark": NAME,
        "date": datetime.now(UTC).isoformat(timespec="seconds"),
        "machine": machine(),
        "python": platform.python_version(),
        "database": "SQLite (production settings), in-process test client, CPU time",
        "target_cpu_seconds": TARGET_SECONDS,
        "submit_cpu_seconds": main_scale["submit_cpu_seconds"],
        "growth_scale_10_vs_1": round(
            main_scale["submit_cpu_seconds"] / small["submit_cpu_seconds"], 2
        ),
        **scales,
    }


def _part(args: argparse.Namespace) -> None:
    with tempfile.TemporaryDirectory(prefix="samordna-bench-") as temporary:
        var_dir = str(Path(args.keep) / f"scale-{args.scale}") if args.keep else temporary
        found = run_scale(args.scale, var_dir, args.profile)
    Path(args.part).write_text(json.dumps(found), encoding="utf-8")


def main(argv: list[str] | None = None) -> list[Target]:
    args = _arguments(argv or [])
    if args.part:
        _part(args)
        return []
    result = run(args)
    RESULTS.parent.mkdir(parents=True, exist_ok=True)
    RESULTS.write_text(json.dumps(result, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    big, small = result[f"scale_{SCALES[0]}"], result[f"scale_{SCALES[-1]}"]
    print(
        f"{NAME}: median {big['submit_cpu_seconds'] * 1000:.1f} ms CPU per report at scale "
        f"{SCALES[0]} ({big['data']['observations_before']:,} observations; "
        f"{big['submit_vs_me']}x GET /me/), {small['submit_cpu_seconds'] * 1000:.1f} ms at "
        f"scale {SCALES[-1]} ({small['data']['observations_before']:,}); "
        f"limit {TARGET_SECONDS * 1000:g} ms"
    )
    for scale in (big, small):
        if not scale["all_linked_by_rule"]:
            raise SystemExit(f"{NAME}: a report at scale {scale['scale']} was not linked")
    return [
        Target(
            NAME,
            f"CPU per report, scale {SCALES[0]}",
            big["submit_cpu_seconds"],
            TARGET_SECONDS,
            False,
            unit=" s",
        )
    ]


if __name__ == "__main__":
    found = main(sys.argv[1:])
    if "--part" not in sys.argv:
        sys.exit(report([Outcome(NAME, targets=found)]))

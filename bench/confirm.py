"""Confirming a week's situation picture with 10 recipients, at `load_demo --scale 10`:
the coordinator's request answers in at most 1 s of CPU, and the task that follows
(the PDF rendered once, ten mails sent with it) is done within 5 s of CPU (issue 16).

In-process, production settings, SQLite, the real task queue (django-tasks-db): the
confirming POST is timed through Django's test client, with the sign-in page beside it
as the baseline; then the task it queued is run as the worker runs it, and timed. Three
weeks without a picture are confirmed, each once (a picture is confirmed only once): a
kept database (--keep DIR) has three fewer unconfirmed weeks after each run.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import statistics
import sys
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from bench import pages
from bench._runner import Outcome, report
from bench._targets import Target
from bench._timing import machine, rounded

NAME = "confirm"
RECIPIENTS = 10
WEEKS = 3
CONFIRM_BUDGET = 1.0
DISTRIBUTE_BUDGET = 5.0
RESULTS = Path(__file__).parent / "results" / f"{NAME}.json"


def _arguments(argv: list[str]) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog=f"python -m bench {NAME}")
    parser.add_argument("--keep", metavar="DIR", help="the demo database is kept in DIR")
    return parser.parse_args(argv)


def _recipients() -> None:
    """Ten on the list: five people and five organisation addresses, all with the PDF."""
    from samordna.core.models import Membership, Municipality, Organisation, User
    from samordna.situation.distribution import recipient_add
    from samordna.situation.models import Recipient

    orebro = Municipality.objects.get(slug="orebro")
    coordinator = User.objects.get(username=pages.COORDINATOR)
    people = (
        Membership.objects.filter(municipality=orebro, is_active=True)
        .exclude(user=coordinator)
        .order_by("pk")
        .values_list("user_id", flat=True)
        .distinct()[: RECIPIENTS // 2]
    )
    if Recipient.objects.filter(municipality=orebro).count() >= RECIPIENTS:
        return  # a kept database from an earlier run
    for user in User.objects.filter(pk__in=list(people)):
        recipient_add(actor=coordinator, municipality_id=orebro.pk, user=user, attach_pdf=True)
    organisations = Organisation.objects.filter(municipality=orebro).order_by("pk")
    for n, organisation in enumerate(organisations[: RECIPIENTS // 2]):
        recipient_add(
            actor=coordinator,
            municipality_id=orebro.pk,
            organisation=organisation,
            email=f"lagesbild-{n}@example.invalid",
            attach_pdf=True,
        )


def _weeks() -> list[str]:
    """The newest past weeks that have no picture yet."""
    from django.utils import timezone

    from samordna.analysis.periods import iso_week, shift_period
    from samordna.situation.models import SituationPicture

    taken = set(SituationPicture.objects.values_list("period_key", flat=True))
    week, found = shift_period(iso_week(timezone.now()), -1), []
    while len(found) < WEEKS:
        if week not in taken:
            found.append(week)
        week = shift_period(week, -1)
    return found


def _confirm_and_distribute(client: Any, anonymous: Any, week: str) -> dict[str, Any]:
    from django.core import mail
    from django_tasks_db.models import DBTaskResult

    from samordna.situation.tasks import distribute_picture

    baseline = pages._baseline(anonymous)
    cpu, wall = pages._cpu(client, f"/lagesbild/{week}/confirm/", post={}, expect=302)
    queued = DBTaskResult.objects.filter(task_path__endswith="distribute_picture").latest(
        "enqueued_at"
    )
    mail.outbox = []
    started, waited = time.process_time(), time.perf_counter()
    outcome = distribute_picture.call(*queued.args_kwargs["args"])
    task_cpu = time.process_time() - started
    task_wall = time.perf_counter() - waited
    mailed = [m for m in mail.outbox if m.attachments]
    if len(mailed) != RECIPIENTS or not outcome.startswith(f"{RECIPIENTS} sent"):
        raise SystemExit(f"{NAME}: wrong result for {week}: {outcome}, {len(mailed)} with PDF")
    return {
        "week": week,
        "confirm_cpu_seconds": round(cpu, 4),
        "confirm_wall_seconds": round(wall, 4),
        "baseline_cpu_seconds": round(baseline, 5),
        "distribute_cpu_seconds": round(task_cpu, 3),
        "distribute_wall_seconds": round(task_wall, 3),
        "outcome": outcome,
    }


def run(argv: list[str]) -> dict[str, Any]:
    args = _arguments(argv)
    os.environ["EMAIL_BACKEND"] = "django.core.mail.backends.locmem.EmailBackend"
    os.environ.pop("SAMORDNA_TASKS", None)  # the real queue, as in production
    with tempfile.TemporaryDirectory(prefix="samordna-bench-") as temporary:
        var_dir = args.keep or temporary
        Path(var_dir).mkdir(parents=True, exist_ok=True)
        pages._configure(var_dir)
        import django
        from django.test import Client

        data = pages._data()
        _recipients()
        client, anonymous = pages._client(pages.COORDINATOR), Client()
        runs = []
        for week in _weeks():
            runs.append(_confirm_and_distribute(client, anonymous, week))
            print(f"{NAME}: {runs[-1]}", flush=True)
    return {
        "benchmark": NAME,
        "date": datetime.now(UTC).isoformat(timespec="seconds"),
        "machine": machine(),
        "python": platform.python_version(),
        "django": django.get_version(),
        "database": "SQLite (production settings), in-process, django-tasks-db queue",
        "data": data,
        "recipients": RECIPIENTS,
        "runs": runs,
        "confirm_cpu_seconds": round(statistics.median(r["confirm_cpu_seconds"] for r in runs), 4),
        "confirm_cpu_each_run": rounded([r["confirm_cpu_seconds"] for r in runs]),
        "distribute_cpu_seconds": round(
            statistics.median(r["distribute_cpu_seconds"] for r in runs), 3
        ),
    }


def main(argv: list[str] | None = None) -> list[Target]:
    result = run(argv or [])
    RESULTS.parent.mkdir(parents=True, exist_ok=True)
    RESULTS.write_text(json.dumps(result, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    print(
        f"{NAME}: confirm {result['confirm_cpu_seconds']} s CPU, PDF and "
        f"{RECIPIENTS} mails {result['distribute_cpu_seconds']} s CPU -> {RESULTS}"
    )
    return [
        Target(
            NAME,
            "confirm with 10 recipients (CPU)",
            result["confirm_cpu_seconds"],
            CONFIRM_BUDGET,
            False,
            " s",
        ),
        Target(
            NAME,
            "PDF and 10 mails after it (CPU)",
            result["distribute_cpu_seconds"],
            DISTRIBUTE_BUDGET,
            False,
            " s",
        ),
    ]


if __name__ == "__main__":
    sys.exit(report([Outcome(NAME, targets=main(sys.argv[1:]))]))

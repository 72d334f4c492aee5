"""`samordna run_export_jobs [--once] [--max-jobs N]`: the worker for background exports.

Without --once it keeps running (a systemd service) and looks for new jobs every few
seconds; with --once it runs what is queued and exits (cron). Several workers may run
at once: each job is claimed by exactly one (reports.jobs.export_job_claim).
"""

from __future__ import annotations

import time
from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from samordna.reports.jobs import export_job_claim, export_job_run, export_jobs_cleanup

POLL_SECONDS = 5
CLEANUP_SECONDS = 3600


class Command(BaseCommand):
    help = "Kör köade exporter i bakgrunden och tar bort exporter äldre än sju dagar."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--once", action="store_true", help="kör det som står i kö och avsluta sedan"
        )
        parser.add_argument(
            "--max-jobs",
            type=int,
            default=0,
            help="avsluta efter så här många jobb (0: inga gränser)",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        limit: int = options["max_jobs"]
        done = 0
        cleaned = self._cleanup()
        while not limit or done < limit:
            job = export_job_claim()
            if job is None:
                if options["once"]:
                    break
                time.sleep(POLL_SECONDS)
                if time.monotonic() - cleaned > CLEANUP_SECONDS:
                    cleaned = self._cleanup()
                continue
            export_job_run(job)
            done += 1
            self.stdout.write(
                f"Export {job.pk}: {job.get_status_display()}, {job.rows_done} rader."
            )

    def _cleanup(self) -> float:
        removed = export_jobs_cleanup()
        if removed:
            self.stdout.write(f"Tog bort {removed} exporter äldre än sju dagar.")
        return time.monotonic()

"""`samordna load_demo [--scale N] [--days N]`: load or top up the demo municipality."""

from __future__ import annotations

import time
from typing import Any

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import connection
from django.utils import timezone

from samordna.core import audit
from samordna.core.demo import cast
from samordna.core.models import new_request_id
from samordna.demo.lekeberg import load_lekeberg
from samordna.demo.loader import DemoError, LoadResult, format_logins, load_demo
from samordna.demo.observations import swedish_int


class Command(BaseCommand):
    help = (
        "Läser in demokommunerna Örebro (kortnamn orebro) och Lekeberg (lekeberg) med "
        "syntetiska rapporter, eller fyller på dem med dagarna sedan förra körningen."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--scale",
            type=int,
            default=1,
            help="Gånger den vanliga volymen, för prestandamätning (t.ex. 100).",
        )
        parser.add_argument(
            "--days",
            type=int,
            default=None,
            help="Hur många dagar bakåt från i dag (förval: tre år).",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        result = self.load(
            scale=options["scale"], days=options["days"], verbosity=options["verbosity"]
        )
        self.stdout.write(format_logins(result.logins))

    def load(self, *, scale: int, days: int | None, verbosity: int = 1) -> LoadResult:
        """Load and print what was done; shared with `samordna demo`."""
        audit.set_context(request_id=new_request_id(), channel="cli")
        started = time.monotonic()
        progress = self.stdout.write if verbosity >= 1 else None
        today = timezone.localdate()
        try:
            result = load_demo(today=today, days=days, scale=scale, progress=progress)
            # The second municipality, which shares Örebro's police area (issue 19).
            second = load_lekeberg(today=today, days=days, scale=scale, progress=progress)
        except DemoError as exc:
            raise CommandError(str(exc)) from exc
        self._summary(result, time.monotonic() - started)
        self._summary(second, time.monotonic() - started)
        result.logins += second.logins
        self.stdout.write(
            f"\nInloggningar (lösenordet är detsamma för alla: {cast.DEMO_PASSWORD}):"
        )
        # The TSI part, by name: the demo never imports the walled-off cases app.
        call_command("load_demo_cases", stdout=self.stdout, stderr=self.stderr)
        # Statistics for the query planner after a bulk load: without them SQLite sorts
        # all of history for a page of the newest observations instead of using the
        # index (PostgreSQL's autovacuum would get there, later).
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
        return result

    def _summary(self, result: LoadResult, seconds: float) -> None:
        for warning in result.warnings:
            self.stderr.write(self.style.WARNING(warning))
        if result.created:
            done = ", ".join(f"{swedish_int(n)} {label}" for label, n in result.created.items())
            name = result.municipality.name
            self.stdout.write(
                self.style.SUCCESS(f"Demokommunen {name} är inläst: {done} ({seconds:.1f} s).")
            )
        else:
            self.stdout.write(
                self.style.SUCCESS(
                    f"Demokommunen {result.municipality.name} är redan aktuell; inget ändrades."
                )
            )
        if not settings.DEBUG and result.municipality.slug == cast.MUNICIPALITY_SLUG:
            self.stderr.write(
                self.style.WARNING(
                    "Demoanvändarna har kända lösenord. Läs bara in demokommunen på en server "
                    "som ingen annan når."
                )
            )

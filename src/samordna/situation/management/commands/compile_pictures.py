"""`samordna compile_pictures [--municipality SLUG] [--week 2026-W47]` (cron, weekly)."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import timezone

from samordna.analysis.periods import iso_week
from samordna.core.models import Municipality
from samordna.situation.scheduled import prepare_week
from samordna.situation.services import check_period


class Command(BaseCommand):
    help = (
        "Förbereder utkastet till lägesbilden för veckan som just slutade (eller --week) "
        "och påminner rapportörer vars organisation inte har rapporterat den veckan."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--municipality", help="bara den här kommunen (kortnamn)")
        parser.add_argument("--week", help="veckan, t.ex. 2026-W47 (standard: förra veckan)")

    def handle(self, *args: Any, **options: Any) -> None:
        week = options["week"] or iso_week(timezone.now() - timedelta(weeks=1))
        try:
            if check_period(week) != "week":
                raise CommandError(f"”{week}” är ingen vecka. Skriv t.ex. 2026-W47.")
        except ValidationError as exc:
            raise CommandError(exc.messages[0]) from exc
        municipalities = Municipality.objects.order_by("slug")
        if options["municipality"]:
            municipalities = municipalities.filter(slug=options["municipality"])
            if not municipalities.exists():
                raise CommandError(f"Kommunen ”{options['municipality']}” finns inte.")
        failed = 0
        for municipality in municipalities:
            prepared = prepare_week(municipality, week)
            failed += prepared.failed
            self.stdout.write(
                f"{municipality.slug} {week}: {prepared.picture.get_status_display().lower()} "
                f"(version {prepared.picture.version}), {prepared.reminded} påminnelser."
            )
        if failed:
            raise CommandError(
                f"{failed} påminnelser kunde inte skickas; de försöks igen nästa gång."
            )

"""`samordna remind_interventions [--municipality SLUG]`: daily reminders (run from cron)."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from samordna.core.models import Municipality
from samordna.interventions.reminders import remind


class Command(BaseCommand):
    help = (
        "Påminner om insatser som är försenade eller saknar ansvarig person: den "
        "ansvariga personen, annars den ansvariga organisationens samordnare och "
        "samverkansparter, får ett brev, högst ett per insats och dag."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--municipality", metavar="SLUG", help="bara den här kommunen")

    def handle(self, *args: Any, **options: Any) -> None:
        municipalities = Municipality.objects.order_by("slug")
        slug = options.get("municipality")
        if slug:
            municipalities = municipalities.filter(slug=slug)
            if not municipalities.exists():
                raise CommandError(f"Ingen kommun med adressen {slug!r}.")
        total = 0
        for municipality in municipalities:
            count = remind(municipality)
            total += count
            self.stdout.write(f"{municipality.slug}: {count} påminnelser.")
        self.stdout.write(f"Sammanlagt {total} insatser påminda.")

"""`samordna refresh_problem_links [--municipality SLUG]`: bring every open problem's rule
links up to date (for cron; the links normally follow each write of observations)."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from samordna.core.models import Municipality
from samordna.problems.rules import refresh_municipality


class Command(BaseCommand):
    help = (
        "Kopplar iakttagelser till problem enligt deras regler och tar bort regelkopplingar "
        "som inte längre stämmer. Kopplingar gjorda för hand lämnas orörda."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--municipality", help="bara den här kommunen (kortnamn)")

    def handle(self, *args: Any, **options: Any) -> None:
        municipality_id = None
        if options.get("municipality"):
            municipality = Municipality.objects.filter(slug=options["municipality"]).first()
            if municipality is None:
                raise CommandError(f"Kommunen ”{options['municipality']}” finns inte.")
            municipality_id = municipality.pk
        added, removed = refresh_municipality(municipality_id)
        self.stdout.write(f"Kopplade {added} iakttagelser, tog bort {removed} regelkopplingar.")

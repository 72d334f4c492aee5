"""`samordna county_backfill [--municipality SLUG]`: fill the county's aggregates from the
confirmed week pictures already there (after an upgrade, or to repair a missed one)."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from samordna.core.models import Municipality
from samordna.county.aggregates import backfill


class Command(BaseCommand):
    help = "Fyll länets sammanräkningar från de fastställda veckolägesbilderna."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--municipality", help="kommunens kortnamn (annars alla)")

    def handle(self, *args: Any, **options: Any) -> None:
        ids = None
        if options["municipality"]:
            municipality = Municipality.objects.filter(slug=options["municipality"]).first()
            if municipality is None:
                raise CommandError(f"Ingen kommun med kortnamnet {options['municipality']}.")
            ids = [municipality.pk]
        stored = backfill(ids)
        self.stdout.write(f"{stored} fastställda veckolägesbilder i länets sammanräkningar.")

"""`samordna import_polisen FILE [--municipality SLUG] [--dry-run]`."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from samordna.core.models import Municipality
from samordna.integrations.polisen.files import read_events_file
from samordna.integrations.polisen.importer import PolisenImportError, polisen_events_import


class Command(BaseCommand):
    help = (
        "Importerar Polisens händelser från en JSON-fil (även .json.gz) i API:ets eget format. "
        "Allt eller inget: ett enda fel och ingenting sparas. Samma händelse lagras en gång."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", help="JSON-lista med händelser, som från polisen.se/api/events")
        parser.add_argument(
            "--municipality", help="kommunens kortnamn: bara händelser som hör till den"
        )
        parser.add_argument("--dry-run", action="store_true", help="kontrollera utan att spara")

    def handle(self, *args: Any, **options: Any) -> None:
        municipality = municipality_option(options["municipality"])
        try:
            records = read_events_file(Path(options["file"]))
            result = polisen_events_import(
                actor=None, records=records, municipality=municipality, dry_run=options["dry_run"]
            )
        except PolisenImportError as exc:
            raise CommandError("\n".join(["Inget importerades.", *exc.problems])) from exc
        self.stdout.write(result.summary())


def municipality_option(slug: str | None) -> Municipality | None:
    # The CLI is the operator's tool (like createsuperuser): it acts as the system,
    # not as a signed-in user, so the lookup is not scoped and the actor is None.
    if slug is None:
        return None
    municipality = Municipality.objects.filter(slug=slug).first()
    if municipality is None:
        raise CommandError(f"Det finns ingen kommun med kortnamnet '{slug}'.")
    return municipality

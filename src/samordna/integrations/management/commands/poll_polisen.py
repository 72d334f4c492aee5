"""`samordna poll_polisen [--location NAME] [--type TYPE] [--date DATE] [--municipality SLUG]`.

Fetches the latest events from polisen.se once and imports them like `import_polisen`.
Meant for a timer (e.g. every 30 minutes); the call log in SAMORDNA_VAR_DIR keeps
every run within the API's limits together.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser

from samordna.integrations.management.commands.import_polisen import municipality_option
from samordna.integrations.polisen.client import (
    USER_AGENT,
    PolisenApiError,
    PolisenClient,
    RateLimiter,
)
from samordna.integrations.polisen.importer import PolisenImportError, polisen_events_import


class Command(BaseCommand):
    help = (
        "Hämtar Polisens senaste händelser från polisen.se/api/events en gång och importerar dem."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--location", help="plats som Polisen skriver den, t.ex. 'Örebro län'")
        parser.add_argument("--type", help="händelsetyp, t.ex. Skadegörelse")
        parser.add_argument("--date", help="dag, månad eller år: 2026-08-22, 2026-08 eller 2026")
        parser.add_argument(
            "--municipality", help="kommunens kortnamn: bara händelser som hör till den"
        )
        parser.add_argument(
            "--dry-run", action="store_true", help="hämta och kontrollera utan att spara"
        )

    def handle(self, *args: Any, **options: Any) -> None:
        municipality = municipality_option(options["municipality"])
        try:
            records = client().events(
                date_time=options["date"], location_name=options["location"], type=options["type"]
            )
            result = polisen_events_import(
                actor=None, records=records, municipality=municipality, dry_run=options["dry_run"]
            )
        except PolisenApiError as exc:
            raise CommandError(str(exc)) from exc
        except PolisenImportError as exc:
            raise CommandError("\n".join(["Inget importerades.", *exc.problems])) from exc
        self.stdout.write(result.summary())


def client() -> PolisenClient:
    """A client that names this installation and shares one call log across runs."""
    limiter = RateLimiter(state=settings.VAR_DIR / "polisen_api_calls.json")
    return PolisenClient(limiter=limiter, user_agent=f"{USER_AGENT} {settings.SITE_URL}")

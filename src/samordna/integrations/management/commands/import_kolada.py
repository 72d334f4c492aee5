"""`samordna import_kolada --municipality SLUG --kpi ID[,ID] --years 2019-2025 [--dry-run]`,
`--starter` instead of `--kpi` for the curated starter list, and `--check-starter`
to ask Kolada whether every id in the starter list exists.

Meant for a yearly or monthly timer: Kolada publishes most figures once a year and
revises some; a re-import updates revised values and writes nothing otherwise.
"""

from __future__ import annotations

import re
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils.translation import gettext as _

from samordna.integrations.kolada.client import KoladaApiError, KoladaClient
from samordna.integrations.kolada.importer import KoladaImportError, kolada_import
from samordna.integrations.kolada.starter import STARTER, STARTER_IDS
from samordna.integrations.management.commands.import_polisen import municipality_option

_YEARS = re.compile(r"^(\d{4})(?:-(\d{4}))?$")
_MAX_YEARS = 100


class Command(BaseCommand):
    # Plain text like the other commands: a class attribute is read before any language is set.
    help = (
        "Hämtar nyckeltal från Kolada (api.kolada.se) för en kommun och sparar dem per år "
        "och kön. Allt eller inget: ett enda fel och ingenting sparas."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--municipality", help=_("kommunens kortnamn, t.ex. orebro"))
        parser.add_argument(
            "--kpi", help=_("Koladas nyckeltals-id, flera med komma: N07403,U07452")
        )
        parser.add_argument(
            "--starter", action="store_true", help=_("använd startlistan med nyckeltal")
        )
        parser.add_argument(
            "--years", help=_("år eller intervall: 2024, 2019-2025 eller 2019,2021")
        )
        parser.add_argument(
            "--dry-run",
            action="store_true",
            help=_("hämta och kontrollera utan att spara"),
        )
        parser.add_argument(
            "--check-starter",
            action="store_true",
            help=_("kontrollera mot Kolada att varje nyckeltal i startlistan finns (sparar inget)"),
        )

    def handle(self, *args: Any, **options: Any) -> None:
        if options["check_starter"]:
            self._check_starter()
            return
        municipality = municipality_option(options["municipality"])
        if municipality is None:
            raise CommandError(_("Ange kommun med --municipality."))
        if bool(options["kpi"]) == bool(options["starter"]):
            raise CommandError(_("Ange antingen --kpi eller --starter."))
        kpis = list(STARTER_IDS) if options["starter"] else options["kpi"].split(",")
        try:
            result = kolada_import(
                actor=None,
                municipality=municipality,
                kpi_ids=kpis,
                years=parse_years(options["years"]),
                dry_run=options["dry_run"],
            )
        except KoladaApiError as exc:
            raise CommandError(_("Inget importerades.") + "\n" + str(exc)) from exc
        except KoladaImportError as exc:
            raise CommandError("\n".join([_("Inget importerades."), *exc.problems])) from exc
        self.stdout.write(result.summary())

    def _check_starter(self) -> None:
        try:
            found = {
                item["id"]: item.get("title", "")
                for item in KoladaClient().kpis(STARTER_IDS)
                if isinstance(item, dict) and "id" in item
            }
        except KoladaApiError as exc:
            raise CommandError(str(exc)) from exc
        missing = [kpi for kpi in STARTER if kpi.id not in found]
        for kpi in STARTER:
            if kpi.id in found:
                self.stdout.write(f"OK {kpi.id} {found[kpi.id]}")
        if missing:
            lines = [f"{kpi.id} ({kpi.source_title})" for kpi in missing]
            raise CommandError(
                "\n".join([_("Kolada känner inte till dessa nyckeltal i startlistan:"), *lines])
            )
        self.stdout.write(
            _("Alla %(count)s nyckeltal i startlistan finns i Kolada.") % {"count": len(STARTER)}
        )


def parse_years(text: str | None) -> list[int]:
    """ "2024", "2019-2025" or "2019,2021-2023" as a sorted list; CommandError otherwise."""
    if not text:
        raise CommandError(_("Ange år med --years, t.ex. 2024 eller 2019-2025."))
    years: set[int] = set()
    for part in text.replace(" ", "").split(","):
        match = _YEARS.match(part)
        first = int(match.group(1)) if match else 0
        last = int(match.group(2) or first) if match else 0
        if not match or last < first or last - first >= _MAX_YEARS:
            raise CommandError(
                _("Åren '%(text)s' går inte att läsa: skriv 2024, 2019-2025 eller 2019,2021.")
                % {"text": part}
            )
        years.update(range(first, last + 1))
    return sorted(years)

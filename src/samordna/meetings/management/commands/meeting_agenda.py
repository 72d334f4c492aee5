"""`samordna meeting_agenda --municipality SLUG [--file agenda.json | --standard]`."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError, CommandParser

from samordna.core.models import Municipality
from samordna.meetings import agenda
from samordna.meetings.agenda_services import agenda_template_set
from samordna.meetings.seeding import agenda_for


class Command(BaseCommand):
    help = (
        "Visar eller sätter kommunens dagordning för veckomötet. Filen är en JSON-lista med "
        '{"key": …, "title": …}; key är en av ' + ", ".join(agenda.KEYS) + ' eller "" '
        "(bara anteckningar). Redan startade möten behåller sin dagordning."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--municipality", required=True, help="kommunens kortnamn")
        group = parser.add_mutually_exclusive_group()
        group.add_argument("--file", help="JSON-fil med dagordningen")
        group.add_argument("--standard", action="store_true", help="återgå till standarden")

    def handle(self, *args: Any, **options: Any) -> None:
        # The operator's tool, like import_areas: it acts as the system (actor None).
        municipality = Municipality.objects.filter(slug=options["municipality"]).first()
        if municipality is None:
            raise CommandError(
                f"Det finns ingen kommun med kortnamnet '{options['municipality']}'."
            )
        items: Any = None
        if options["standard"]:
            items = agenda.standard_items()
        elif options["file"]:
            try:
                items = json.loads(Path(options["file"]).read_text(encoding="utf-8"))
            except (OSError, ValueError) as exc:
                raise CommandError(f"Filen kunde inte läsas: {exc}") from exc
        if items is not None:
            try:
                agenda_template_set(actor=None, municipality=municipality, items=items)
            except ValidationError as exc:
                raise CommandError("; ".join(exc.messages)) from exc
        for number, item in enumerate(agenda_for(municipality), start=1):
            self.stdout.write(
                f"{number}. {item['title']}" + (f"  [{item['key']}]" if item["key"] else "")
            )

"""`samordna add_municipality --name Kumla --code 1881 --slug kumla`."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError, CommandParser

from samordna.core import audit
from samordna.core.models import new_request_id
from samordna.operations.services import municipality_add


class Command(BaseCommand):
    help = (
        "Lägger till en kommun. Koden måste vara en av Sveriges 290 kommunkoder och namnet "
        "kommunens officiella. Sedan: områden, organisationer och administratör på /drift/."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--name", required=True, help="officiellt namn, t.ex. Kumla")
        parser.add_argument("--code", required=True, help="SCB:s kommunkod, t.ex. 1881")
        parser.add_argument("--slug", required=True, help="kortnamn i adresser, t.ex. kumla")

    def handle(self, *args: Any, **options: Any) -> None:
        # The CLI acts as the system (like import_areas): the actor is None, the channel cli.
        audit.set_context(request_id=new_request_id(), channel="cli")
        try:
            municipality = municipality_add(
                actor=None, name=options["name"], code=options["code"], slug=options["slug"]
            )
        except ValidationError as exc:
            problems = [m for messages in exc.message_dict.values() for m in messages]
            raise CommandError("\n".join(["Ingen kommun lades till.", *problems])) from exc
        self.stdout.write(
            self.style.SUCCESS(
                f"{municipality.name} ({municipality.code}) är tillagd med kortnamnet "
                f"{municipality.slug}. Fortsätt på /drift/kommuner/{municipality.pk}/."
            )
        )

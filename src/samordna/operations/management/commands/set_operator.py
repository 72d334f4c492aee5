"""`samordna set_operator USERNAME [--remove]`: make a user the installation's operator."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from samordna.core import audit
from samordna.core.models import User, new_request_id
from samordna.core.services import user_set_operator


class Command(BaseCommand):
    help = (
        "Gör en användare till installationens operatör (eller, med --remove, inte längre). "
        "Operatören lägger till och inaktiverar kommuner på /drift/ och loggar alltid in "
        "med tvåstegsverifiering."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("username", help="användarnamnet, t.ex. från createsuperuser")
        parser.add_argument("--remove", action="store_true", help="ta bort rollen")

    def handle(self, *args: Any, **options: Any) -> None:
        audit.set_context(request_id=new_request_id(), channel="cli")
        user = User.objects.filter(username=options["username"]).first()
        if user is None:
            raise CommandError(f"Det finns ingen användare med namnet '{options['username']}'.")
        is_operator = not options["remove"]
        user_set_operator(actor=None, user=user, is_operator=is_operator)
        state = "är installationens operatör" if is_operator else "är inte längre operatör"
        self.stdout.write(self.style.SUCCESS(f"{user.username} {state}."))

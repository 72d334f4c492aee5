"""`samordna create_token USERNAME [--rotate]`: an API token for one user, shown once."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError, CommandParser

from samordna.api.services import api_token_create
from samordna.core.models import User


class Command(BaseCommand):
    help = (
        "Skapar en API-nyckel för en användare och skriver ut den en enda gång. "
        "Med --rotate ersätts en befintlig nyckel, som då slutar gälla."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("username", help="användarnamnet")
        parser.add_argument(
            "--rotate", action="store_true", help="ersätt användarens befintliga nyckel"
        )

    def handle(self, *args: Any, **options: Any) -> None:
        # The operator's tool (like createsuperuser): it acts as the system, unscoped.
        user = User.objects.filter(username=options["username"]).first()
        if user is None:
            raise CommandError(f"Det finns ingen användare med namnet '{options['username']}'.")
        try:
            token = api_token_create(actor=None, user=user, rotate=options["rotate"])
        except ValidationError as exc:
            raise CommandError("\n".join(exc.messages)) from exc
        # The key alone on stdout, so a script can capture it; the advice on stderr.
        self.stdout.write(token.key)
        self.stderr.write(
            "Nyckeln visas bara den här gången. Spara den säkert; skicka den som "
            "rubriken 'Authorization: Token <nyckel>'."
        )

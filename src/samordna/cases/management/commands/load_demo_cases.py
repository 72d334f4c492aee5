"""`samordna load_demo_cases`: the TSI part of the demo (after `samordna load_demo`)."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError

from samordna.cases.demo import demo_logins, load_demo_cases
from samordna.core import audit
from samordna.core.demo import cast
from samordna.core.models import new_request_id
from samordna.core.roles import Role


class Command(BaseCommand):
    help = "Läser in TSI Baronbackarna med några fiktiva ärenden i demokommunen."

    def handle(self, *args: Any, **options: Any) -> None:
        audit.set_context(request_id=new_request_id(), channel="cli")
        try:
            created = load_demo_cases()
        except ValueError as error:
            raise CommandError(str(error)) from error
        self.stdout.write(", ".join(f"{label}: {n}" for label, n in created.items()))
        self.stdout.write(
            "TSI-inloggningar (tvåstegsverifiering aktiveras vid första inloggningen):"
        )
        for username, role, organisation in demo_logins():
            label = Role(role).label
            self.stdout.write(f"  {username}  {label}  {organisation}  {cast.DEMO_PASSWORD}")

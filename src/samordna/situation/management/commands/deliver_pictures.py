"""`samordna deliver_pictures`: retry the confirmed pictures' failed or pending mails (cron)."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError

from samordna.situation.distribution import MAX_ATTEMPTS, deliver_pending


class Command(BaseCommand):
    help = (
        "Skickar lägesbilder som väntar eller misslyckades, högst "
        f"{MAX_ATTEMPTS} försök per mottagare. Misslyckade visas på lägesbildens sida."
    )

    def handle(self, *args: Any, **options: Any) -> None:
        sent, failed = deliver_pending()
        self.stdout.write(f"{sent} utskick gick iväg, {failed} misslyckades.")
        if failed:
            raise CommandError(f"{failed} utskick misslyckades; de syns på lägesbildens sida.")

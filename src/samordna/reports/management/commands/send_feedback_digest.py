"""`samordna send_feedback_digest [--dry-run]`: the weekly feedback mail (run from cron)."""

from __future__ import annotations

from smtplib import SMTPException
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from samordna.reports.feedback_digest import digest_recipients, feedback_send_digest
from samordna.reports.feedback_events import feedback_events_deliver_pending


class Command(BaseCommand):
    help = (
        "Skickar ett e-postbrev till varje rapportör med återkoppling som inte har mejlats "
        "ännu (en rad per händelse), och markerar den som skickad. Den som har avböjt "
        "breven får inget."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--dry-run", action="store_true", help="räkna bara, skicka och ändra ingenting"
        )

    def handle(self, *args: Any, **options: Any) -> None:
        dry_run = options["dry_run"]
        sent = items = failed = 0
        if not dry_run:
            # Events whose task never ran (a worker down) are told now, before the mail.
            feedback_events_deliver_pending()
        for recipient in digest_recipients():
            try:
                count = feedback_send_digest(recipient=recipient, dry_run=dry_run)
            except (SMTPException, OSError):
                # The rows are back in the queue; the others' mail still goes out.
                failed += 1
                continue
            sent += bool(count)
            items += count
        verb = "skulle få" if dry_run else "fick"
        self.stdout.write(f"{sent} rapportörer {verb} brev med sammanlagt {items} återkopplingar.")
        if failed:
            raise CommandError(f"{failed} brev kunde inte skickas; de försöks igen nästa gång.")

"""`samordna verify_audit [--anchor POSITION:HASH]`: is the audit log whole?

Exits 0 and prints the chain's end when every event links to the one before it and its
content is unchanged; exits 1 and lists where it breaks otherwise. Write the printed end
down (or mail it elsewhere) now and then: given back as --anchor, it also catches a
rewrite of the whole tail of the log (docs/operations.md).
"""

from __future__ import annotations

import re
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from samordna.core.audit_chain import verify

ANCHOR = re.compile(r"^(\d{1,19}):([0-9a-f]{64})$")


def anchor(value: str) -> tuple[int, str]:
    match = ANCHOR.match(value.strip().lower())
    if match is None:
        raise CommandError(
            "Ankaret ska skrivas POSITION:HASH, som verify_audit skrev ut, "
            "till exempel 236:7a1b…(64 tecken)."
        )
    return int(match[1]), match[2]


class Command(BaseCommand):
    help = (
        "Kontrollerar att granskningsloggen är hel: att ingen händelse har tagits bort, "
        "ändrats eller lagts till förbi Samordna."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--anchor",
            type=str,
            default=None,
            metavar="POSITION:HASH",
            help="Ett kedjeslut som verify_audit skrev ut tidigare.",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        given = anchor(options["anchor"]) if options["anchor"] else None
        verdict = verify(anchor=given)
        if not verdict.intact:
            for found in verdict.breaks:
                self.stderr.write(f"Bruten: {found}")
            raise CommandError(
                f"Granskningsloggen är inte hel: {len(verdict.breaks)} brott "
                f"(visas högst 100). Återställ från en säkerhetskopia och utred."
            )
        self.stdout.write(
            self.style.SUCCESS(f"Granskningsloggen är hel: {verdict.length} händelser.")
        )
        self.stdout.write(f"Kedjans slut (spara som ankare): {verdict.length}:{verdict.last_hash}")

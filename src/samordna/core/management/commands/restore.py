"""`samordna restore FILE`: replace the whole database with a backup."""

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from samordna.core.backup import BackupError, check_backup_file, database_restore


class Command(BaseCommand):
    help = "Återställer hela databasen från en säkerhetskopia gjord med samordna backup."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", type=Path, metavar="FIL", help="Säkerhetskopian.")
        parser.add_argument(
            "--yes", action="store_true", help="Fråga inte om bekräftelse (för skript)."
        )

    def handle(self, *args: Any, **options: Any) -> None:
        path: Path = options["file"]
        try:
            # A wrong file is refused before anyone is asked to confirm anything.
            check_backup_file(path)
            if not options["yes"] and not self._confirmed(path):
                raise CommandError("Återställningen avbröts. Ingenting har ändrats.")
            database_restore(actor=None, path=path)
        except BackupError as error:
            raise CommandError(str(error)) from error
        self.stdout.write(
            self.style.SUCCESS(
                f"Databasen är återställd från {path}. Kör samordna migrate om "
                "säkerhetskopian kommer från en äldre version."
            )
        )

    def _confirmed(self, path: Path) -> bool:
        question = (
            f"Allt som nu finns i databasen ersätts med innehållet i {path}.\n"
            "Skriv ja för att fortsätta: "
        )
        try:
            return input(question).strip().lower() == "ja"
        except EOFError:
            # No one at the keyboard (a script without --yes): the answer is no.
            return False

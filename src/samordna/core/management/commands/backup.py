"""`samordna backup FILE`: the whole database in one file (see docs/operations.md)."""

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from samordna.core.backup import BackupError, database_backup


class Command(BaseCommand):
    help = "Säkerhetskopierar hela databasen (SQLite eller PostgreSQL) till FIL."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", type=Path, metavar="FIL", help="Filen som ska skrivas.")

    def handle(self, *args: Any, **options: Any) -> None:
        path: Path = options["file"]
        try:
            database_backup(actor=None, path=path)
        except BackupError as error:
            raise CommandError(str(error)) from error
        self.stdout.write(self.style.SUCCESS(f"Säkerhetskopian är sparad i {path}."))

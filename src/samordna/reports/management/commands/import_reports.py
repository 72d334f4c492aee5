"""`samordna import_reports FILE --municipality SLUG --organisation SLUG [--dry-run]`."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from samordna.core.models import Organisation
from samordna.reports.imports import detect_mapping, reports_import
from samordna.tabular.files import FileUnreadable, read_file
from samordna.tabular.problems import ImportRefused, write_problems
from samordna.tabular.readers import read_table

SHOWN = 20


class Command(BaseCommand):
    help = (
        "Importerar iakttagelser från en CSV-, XLSX- eller JSON-fil med svenska eller engelska "
        "kolumnrubriker. Allt eller inget: ett enda fel och ingenting sparas."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", help="CSV (; eller ,), XLSX eller JSON (en lista av objekt)")
        parser.add_argument("--municipality", required=True, help="kommunens kortnamn")
        parser.add_argument("--organisation", required=True, help="organisationens kortnamn")
        parser.add_argument("--dry-run", action="store_true", help="kontrollera utan att spara")
        parser.add_argument(
            "--map", default="", help='kolumn till fält, t.ex. "Händelse=kategori,Övrigt=-"'
        )
        parser.add_argument(
            "--errors", help="felrapportens CSV-fil (annars FILNAMN-fel.csv bredvid filen)"
        )

    def handle(self, *args: Any, **options: Any) -> None:
        # The operator's tool: it acts as the system (actor None), like import_areas.
        organisation = Organisation.objects.filter(
            municipality__slug=options["municipality"], slug=options["organisation"]
        ).first()
        if organisation is None:
            raise CommandError(
                f"Det finns ingen organisation '{options['organisation']}' "
                f"i kommunen '{options['municipality']}'."
            )
        path = Path(options["file"])
        try:
            data = read_file(path)
        except FileUnreadable as exc:
            raise CommandError(str(exc)) from exc
        try:
            table = read_table(path.name, data)
            mapping = detect_mapping(table.columns, options["map"])
            if mapping.unknown:
                unknown = ", ".join(f"”{c}”" for c in mapping.unknown)
                self.stderr.write(f"Kolumner som inte används: {unknown}.")
            result = reports_import(
                actor=None,
                organisation=organisation,
                rows=table.rows,
                mapping=mapping,
                dry_run=options["dry_run"],
            )
        except ImportRefused as exc:
            raise CommandError(self._refusal(exc, path, options["errors"])) from exc
        self.stdout.write(f"{len(table.rows)} rader i filen: {result.summary()}.")

    def _refusal(self, exc: ImportRefused, path: Path, errors: str | None) -> str:
        problems = exc.problems
        report = write_problems(problems, path, Path(errors) if errors else None)
        lines = [p.line() for p in problems[:SHOWN]]
        if len(problems) > SHOWN:
            lines.append(f"… och {len(problems) - SHOWN} fel till.")
        return "\n".join(
            [
                f"Inget importerades: {len(problems)} fel.",
                *lines,
                f"Alla fel (rad, kolumn, värde, fel) finns i {report}.",
            ]
        )

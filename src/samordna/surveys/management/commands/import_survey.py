"""`samordna import_survey FILE --municipality SLUG --kind KIND --title TITLE [--year N]
[--map ...] [--dry-run]`: the web import's checks, for the operator."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from samordna.core.models import Municipality
from samordna.surveys.imports import SurveyMeta, detect_mapping, survey_import
from samordna.surveys.models import Survey
from samordna.tabular.files import FileUnreadable, read_file
from samordna.tabular.problems import ImportRefused, write_problems
from samordna.tabular.readers import read_table

SHOWN = 20


class Command(BaseCommand):
    help = (
        "Importerar en trygghetsmätning (polisens index, Brås NTU eller en egen undersökning "
        "med en rad per svarande) från CSV eller XLSX. Allt eller inget."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", help="CSV (; eller ,) eller XLSX")
        parser.add_argument("--municipality", required=True, help="kommunens kortnamn")
        parser.add_argument("--kind", required=True, choices=Survey.Kind.values)
        parser.add_argument("--title", required=True, help="samma namn varje år")
        parser.add_argument("--year", type=int, help="år (krävs för own och filer utan år)")
        parser.add_argument("--source", default="", help="källa och metod")
        parser.add_argument("--map", default="", help='t.ex. "Stadsdel=område,Fråga 3=andel"')
        parser.add_argument("--dry-run", action="store_true", help="kontrollera utan att spara")

    def handle(self, *args: Any, **options: Any) -> None:
        municipality = Municipality.objects.filter(slug=options["municipality"]).first()
        if municipality is None:
            raise CommandError(f"Det finns ingen kommun '{options['municipality']}'.")
        path = Path(options["file"])
        try:
            data = read_file(path)
        except FileUnreadable as exc:
            raise CommandError(str(exc)) from exc
        meta = SurveyMeta(options["kind"], options["title"], options["year"], options["source"])
        try:
            table = read_table(path.name, data)
            own = options["kind"] == Survey.Kind.OWN
            mapping = detect_mapping(table.columns, own=own, overrides=options["map"])
            result = survey_import(
                actor=None,  # the operator's tool acts as the system, like import_reports
                municipality=municipality,
                meta=meta,
                rows=table.rows,
                mapping=mapping,
                dry_run=options["dry_run"],
            )
        except ImportRefused as exc:
            report = write_problems(exc.problems, path)
            lines = [p.line() for p in exc.problems[:SHOWN]]
            raise CommandError(
                "\n".join(
                    [f"Inget importerades: {len(exc.problems)} fel.", *lines, f"Alla fel: {report}"]
                )
            ) from exc
        self.stdout.write(f"Klart: {result.summary()}.")

"""`samordna import_areas FILE.geojson --municipality SLUG --kind KIND --name-field F`."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError, CommandParser

from samordna.core.area_import import AreaImportError, areas_import, collection_features
from samordna.core.models import Municipality
from samordna.tabular.files import FileUnreadable, read_json_file


class Command(BaseCommand):
    help = (
        "Importerar områden (polygoner) från en GeoJSON-fil i EPSG:4326 eller EPSG:3006. "
        "Allt eller inget: ett enda fel och ingenting sparas."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", help="GeoJSON FeatureCollection")
        parser.add_argument("--municipality", required=True, help="kommunens kortnamn")
        parser.add_argument("--kind", required=True, help="områdestyp, t.ex. est eller deso")
        parser.add_argument("--name-field", required=True, help="egenskapen som håller namnet")
        parser.add_argument("--code-field", help="egenskapen som håller koden")
        parser.add_argument("--vintage", default="", help="version, t.ex. 2025 för DeSO")
        parser.add_argument("--crs", help="tvinga koordinatsystem: EPSG:4326 eller EPSG:3006")
        parser.add_argument("--dry-run", action="store_true", help="kontrollera utan att spara")

    def handle(self, *args: Any, **options: Any) -> None:
        # The CLI is the operator's tool (like createsuperuser): it acts as the system,
        # not as a signed-in user, so the lookup is not scoped and the actor is None.
        municipality = Municipality.objects.filter(slug=options["municipality"]).first()
        if municipality is None:
            raise CommandError(
                f"Det finns ingen kommun med kortnamnet '{options['municipality']}'."
            )
        try:
            data = read_json_file(Path(options["file"]))
        except FileUnreadable as exc:
            raise CommandError(str(exc)) from exc
        try:
            features, crs = collection_features(data, options["crs"])
            result = areas_import(
                actor=None,
                municipality=municipality,
                features=features,
                kind=options["kind"],
                name_field=options["name_field"],
                code_field=options["code_field"],
                vintage=options["vintage"],
                crs=crs,
                dry_run=options["dry_run"],
            )
        except AreaImportError as exc:
            raise CommandError(_refusal(exc.problems)) from exc
        except ValidationError as exc:
            raise CommandError(_refusal(exc.messages)) from exc
        self.stdout.write(result.summary())


def _refusal(problems: list[str]) -> str:
    return "\n".join(["Inget importerades.", *problems])

"""`samordna situation --municipality SLUG --week 2026-W47 --format json --out FILE`.

Writes a municipality's picture of a week (`--tertial 2026-T3`, `--year 2026`) as
JSON, PDF, XLSX or GeoJSON: the newest version when one is saved (a confirmed
picture exactly as it was confirmed), otherwise the live draft.
"""

from __future__ import annotations

import os
import tempfile
from pathlib import Path
from typing import Any

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError, CommandParser

from samordna.core.models import Municipality
from samordna.situation.compile import compile_document
from samordna.situation.exports import CONTENT_TYPES, render
from samordna.situation.services import check_period, latest_picture, picture_document


class Command(BaseCommand):
    help = "Skriver en kommuns lägesbild för en vecka, tertial eller ett år till en fil."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--municipality", required=True, help="kommunens kortnamn, t.ex. orebro"
        )
        period = parser.add_mutually_exclusive_group(required=True)
        period.add_argument("--week", help="ISO-vecka, t.ex. 2026-W47")
        period.add_argument("--tertial", help="tertial, t.ex. 2026-T3")
        period.add_argument("--year", help="år, t.ex. 2026")
        parser.add_argument("--format", required=True, choices=sorted(CONTENT_TYPES))
        parser.add_argument("--out", required=True, help="filen som skrivs (- för standard ut)")

    def handle(self, *args: Any, **options: Any) -> None:
        key = options["week"] or options["tertial"] or options["year"]
        try:
            kind = check_period(key)
        except ValidationError as exc:
            raise CommandError(exc.messages[0]) from exc
        expected = "week" if options["week"] else "tertial" if options["tertial"] else "year"
        if kind != expected:
            raise CommandError(f"”{key}” är ingen {_WORDS[expected]}.")
        municipality = Municipality.objects.filter(slug=options["municipality"]).first()
        if municipality is None:
            raise CommandError(f"Kommunen ”{options['municipality']}” finns inte i Samordna.")
        picture = latest_picture(municipality, key)
        document = picture_document(picture) if picture else compile_document(municipality, key)
        if options["out"] == "-" and options["format"] in {"pdf", "xlsx"}:
            raise CommandError("PDF och XLSX skrivs till en fil: ange --out FIL.")
        content = render(document, options["format"])
        _write(options["out"], content, self.stdout)
        if options["out"] != "-":
            state = document["picture"]["status"]
            self.stderr.write(
                f"Skrev {options['out']}: {document['period']['label']}, {state}, "
                f"{document['totals']['count']} iakttagelser, "
                f"{document['police']['count']} polisens händelser."
            )


_WORDS = {"week": "vecka (2026-W47)", "tertial": "tertial (2026-T3)", "year": "år (2026)"}


def _write(out: str, content: bytes, stdout: Any) -> None:
    """All or nothing: a temporary file beside the target, renamed into place."""
    if out == "-":
        stdout.write(content.decode(), ending="")
        return
    target = Path(out)
    if not target.parent.is_dir():
        raise CommandError(f"Mappen {target.parent} finns inte.")
    handle, temporary = tempfile.mkstemp(dir=target.parent, prefix=f".{target.name}.")
    try:
        with os.fdopen(handle, "wb") as file:
            file.write(content)
        Path(temporary).replace(target)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise

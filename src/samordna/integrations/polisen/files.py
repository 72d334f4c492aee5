"""Reading a file of police events: `.json` or `.json.gz`, the API's own array shape."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from samordna.integrations.polisen.importer import PolisenImportError
from samordna.tabular.files import FileUnreadable, read_json_file


def read_events_file(path: Path) -> list[Any]:
    """The records in the file; PolisenImportError with a Swedish reason otherwise."""
    try:
        data = read_json_file(path)
    except FileUnreadable as exc:
        raise PolisenImportError([str(exc)]) from None
    if not isinstance(data, list):
        raise PolisenImportError(
            [f"Filen {path} ska innehålla en lista med händelser, som Polisens API svarar."]
        )
    return data

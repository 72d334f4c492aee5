"""Reading a file of police events: `.json` or `.json.gz`, the API's own array shape."""

from __future__ import annotations

import gzip
import json
import zlib
from pathlib import Path
from typing import Any

from samordna.integrations.polisen.importer import PolisenImportError


def read_events_file(path: Path) -> list[Any]:
    """The records in the file; PolisenImportError with a Swedish reason otherwise."""
    try:
        raw = path.read_bytes()
        if path.suffix == ".gz":
            raw = gzip.decompress(raw)
        data = json.loads(raw)
    except FileNotFoundError:
        raise PolisenImportError([f"Filen {path} finns inte."]) from None
    except (OSError, EOFError, zlib.error) as exc:
        reason = getattr(exc, "strerror", None) or "den är skadad eller inte gzip-packad"
        raise PolisenImportError([f"Filen {path} kan inte läsas: {reason}."]) from None
    except UnicodeDecodeError:
        raise PolisenImportError([f"Filen {path} är inte text i UTF-8."]) from None
    except json.JSONDecodeError as exc:
        raise PolisenImportError(
            [f"Filen {path} är inte giltig JSON (rad {exc.lineno}, kolumn {exc.colno})."]
        ) from None
    if not isinstance(data, list):
        raise PolisenImportError(
            [f"Filen {path} ska innehålla en lista med händelser, som Polisens API svarar."]
        )
    return data

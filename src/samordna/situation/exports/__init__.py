"""A situation document (docs/situation-format.md) as a file: JSON, PDF, XLSX or GeoJSON.

All four are written from the one document, so they carry the same numbers; the JSON
*is* the document. `render(document, "pdf")` gives the bytes; `CONTENT_TYPES` and
`FILE_EXTENSIONS` name them for a download or `samordna situation --out`.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from importlib import import_module
from typing import Any

FORMATS = ("json", "pdf", "xlsx", "geojson")
CONTENT_TYPES = {
    "json": "application/json",
    "pdf": "application/pdf",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "geojson": "application/geo+json",
}
FILE_EXTENSIONS = {"json": "json", "pdf": "pdf", "xlsx": "xlsx", "geojson": "geojson"}


def render(document: Mapping[str, Any], fmt: str) -> bytes:
    """The document as a file of format `fmt` (one of FORMATS)."""
    if fmt not in FORMATS:
        raise ValueError(f"unknown format {fmt!r}: choose one of {', '.join(FORMATS)}")
    # Imported on use: a PDF pulls in WeasyPrint (and pango), XLSX openpyxl.
    writer: Callable[[Mapping[str, Any]], bytes] = import_module(f"{__name__}.{fmt}").render
    return writer(document)


def filename(document: Mapping[str, Any], fmt: str) -> str:
    """E.g. "lagesbild-orebro-2026-W47-v1.pdf"."""
    municipality = document["municipality"]["slug"]
    key, version = document["period"]["key"], document["picture"]["version"]
    return f"lagesbild-{municipality}-{key}-v{version}.{FILE_EXTENSIONS[fmt]}"

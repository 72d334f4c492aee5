"""What one import may take of the worker's memory (`SAMORDNA_IMPORT_MAX_MEMORY_MB`).

Checked twice: before reading, by what the file declares (an XLSX's unpacked members,
a JSON file parsed whole), and while reading, by the process's resident memory grown
since the import began, every CHECK_EVERY rows. Past the bound the import is refused
in Swedish; nothing has been written then (the check runs before the commit's write).
"""

from __future__ import annotations

import os
import resource
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import TypeVar

from django.conf import settings

from samordna.tabular.problems import ImportRefused, Problem
from samordna.tabular.readers import xlsx_unpacked_size

MB = 1024 * 1024
CHECK_EVERY = 1000
# A JSON document takes about this many times its size once parsed into Python objects.
JSON_EXPANSION = 10
T = TypeVar("T")


def limit_mb() -> int:
    return int(settings.SAMORDNA_IMPORT_MAX_MEMORY_MB)


def too_big() -> ImportRefused:
    return ImportRefused(
        [
            Problem.general(
                f"Filen behöver mer minne än en import får använda ({limit_mb()} MB). "
                "Dela upp den i mindre filer och importera dem var för sig."
            )
        ]
    )


def resident_mb() -> float:
    """The process's resident memory now (Linux), else its peak so far."""
    try:
        pages = int(Path("/proc/self/statm").read_text().split()[1])
        return pages * os.sysconf("SC_PAGE_SIZE") / MB
    except (OSError, ValueError, IndexError):
        return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def check_declared(kind: str, path: Path) -> None:
    """Refuse a file that says, before it is read, that it needs more than the bound."""
    if kind == "xlsx" and xlsx_unpacked_size(path) > limit_mb() * MB:
        raise too_big()
    if kind == "json" and path.stat().st_size * JSON_EXPANSION > limit_mb() * MB:
        raise too_big()


def bounded(items: Iterable[T], *, start_mb: float | None = None) -> Iterator[T]:
    """`items` as they come, refused once memory has grown past the bound since start."""
    start = resident_mb() if start_mb is None else start_mb
    bound = limit_mb()
    for count, item in enumerate(items, start=1):
        if count % CHECK_EVERY == 0 and resident_mb() - start > bound:
            raise too_big()
        yield item

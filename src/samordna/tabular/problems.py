"""Problems found in an import file, and the row-level report a person can work from."""

from __future__ import annotations

import csv
import io
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from samordna.core.audit import clean_text

HEADER = ("rad", "kolumn", "värde", "fel")


@dataclass(frozen=True)
class Problem:
    """One thing wrong: the row as numbered in the file (header = row 1), column, value, why."""

    row: int | None
    column: str
    value: str
    reason: str

    @classmethod
    def general(cls, reason: str, *, column: str = "") -> Problem:
        """A problem with the file as a whole, not with one row."""
        return cls(None, column, "", reason)

    def line(self) -> str:
        """One readable line, e.g. 'Rad 12, kolumn ”Fritext” (”Ring 070-…”): …'."""
        where = f"Rad {self.row}" if self.row is not None else "Filen"
        if self.column:
            where += f", kolumn ”{self.column}”"
        if self.value:
            where += f" (”{clean_text(self.value, 60)}”)"
        return f"{where}: {self.reason}"


class ImportRefused(ValueError):
    """The import cannot go ahead; `problems` holds every reason, and nothing was written."""

    def __init__(self, problems: Sequence[Problem]) -> None:
        super().__init__("\n".join(p.line() for p in problems[:20]))
        self.problems = list(problems)


def problems_csv(problems: Sequence[Problem]) -> str:
    """The full report as CSV (`;`, as Swedish Excel opens it), one problem a line."""
    out = io.StringIO()
    writer = csv.writer(out, delimiter=";", lineterminator="\r\n")
    writer.writerow(HEADER)
    for p in problems:
        # A value starting with = + - @ would run as a formula in a spreadsheet.
        value = "'" + p.value if p.value[:1] in ("=", "+", "-", "@") else p.value
        writer.writerow(("" if p.row is None else p.row, p.column, value, p.reason))
    return out.getvalue()


def write_problems(problems: Sequence[Problem], source: Path, to: Path | None = None) -> Path:
    """The report written `to` a file, by default FILE-fel.csv beside the `source` file
    (UTF-8 with BOM, as Excel wants it); the path written."""
    report = to or source.with_name(f"{source.stem}-fel.csv")
    report.write_text(problems_csv(problems), encoding="utf-8-sig")
    return report

"""Which column of a file feeds which field: detected from the headers, or overridden.

Headers are compared after folding case, å/ä/ö, spaces, "-" and "_", so "Tid på
dygnet", "tid_pa_dygnet" and "TID PÅ DYGNET" are the same column. Overrides are
written "Kolumn=fält, Kol2=-" (- = not used), fields named by their code or any of
their names. Which fields there are is the importing app's (`Fields`).
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Collection, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from samordna.tabular.problems import ImportRefused, Problem
from samordna.tabular.readers import SourceRow

# Field code -> (Swedish name shown to people, other names a header may use).
Fields = Mapping[str, tuple[str, tuple[str, ...]]]
IGNORE = "-"
_FOLD = str.maketrans("åäö", "aao")


def fold(text: str) -> str:
    """A header as compared: lower case, å/ä/ö folded, separators as single spaces."""
    text = unicodedata.normalize("NFC", text).strip().lower().translate(_FOLD)
    return re.sub(r"[\s_\-]+", " ", text)


def aliases(fields: Fields) -> dict[str, str]:
    """Every folded name of every field -> the field's code."""
    return {
        fold(name): code
        for code, (swedish, others) in fields.items()
        for name in (code, swedish, *others)
    }


@dataclass(frozen=True)
class ColumnMapping:
    """The file's columns and which of them feeds each field (by column index)."""

    columns: tuple[str, ...]
    fields: dict[str, int]

    def column(self, field: str) -> str:
        """The file's header for a field ('' when the file has no such column)."""
        index = self.fields.get(field)
        return self.columns[index] if index is not None else ""

    def cell(self, row: SourceRow, field: str) -> Any:
        """The row's cell for a field (None when the file has no such column)."""
        index = self.fields.get(field)
        return None if index is None else row.cells[index]


def assign_columns(
    columns: Sequence[str],
    chosen: Mapping[str, str],
    known: Mapping[str, str],
    fields: Fields,
    *,
    hint: str = "",
) -> tuple[dict[str, int], list[tuple[int, str | None]]]:
    """Field -> column index, and the other columns with what they were called (None =
    nothing known). `chosen` (header -> code, from `parse_overrides`) wins over the
    headers' `known` names. Ignored and unnamed columns (a trailing ";") carry nothing.

    Raises ImportRefused when two columns would feed the same field.
    """
    found: dict[str, int] = {}
    others: list[tuple[int, str | None]] = []
    problems: list[Problem] = []
    for index, name in enumerate(columns):
        code = chosen.get(name, known.get(fold(name)))
        if code == IGNORE or not name:
            continue
        if code is None or code not in fields:
            others.append((index, code))
        elif code in found:
            problems.append(_twice(columns[found[code]], name, fields[code][0], hint))
        else:
            found[code] = index
    if problems:
        raise ImportRefused(problems)
    return found, others


def _twice(first: str, second: str, field: str, hint: str) -> Problem:
    return Problem.general(
        f"Kolumnerna ”{first}” och ”{second}” betyder båda ”{field}”. "
        f"Ange vilken som gäller, t.ex. ”{second}=-”{hint}.",
        column=second,
    )


def parse_overrides(
    text: str,
    columns: Sequence[str],
    known: Mapping[str, str],
    *,
    choices: str,
    extra: Collection[str] = (),
) -> dict[str, str]:
    """ "Kolumn=fält, Kol2=-" as header -> field code (or IGNORE, or one of `extra`).

    `known` maps folded names to codes; `choices` lists them in the error message.
    Raises ImportRefused naming every column not in the file and every unknown field.
    """
    chosen: dict[str, str] = {}
    problems: list[Problem] = []
    by_fold = {fold(c): c for c in columns}
    allowed = {*known.values(), *extra}
    for part in filter(None, (p.strip() for p in text.split(","))):
        column, sep, target = (s.strip() for s in part.partition("="))
        code = IGNORE if target == IGNORE else known.get(fold(target), fold(target))
        if not sep or fold(column) not in by_fold:
            problems.append(Problem.general(f"Kolumnen ”{column}” finns inte i filen."))
        elif code != IGNORE and code not in allowed:
            problems.append(Problem.general(f"Okänt fält ”{target}”. Välj bland: {choices}."))
        else:
            chosen[by_fold[fold(column)]] = code
    if problems:
        raise ImportRefused(problems)
    return chosen

"""Which column of a file means which field: detected from the headers, or overridden.

Headers are compared after folding case, å/ä/ö, spaces, "-" and "_", so "Tid på
dygnet", "tid_pa_dygnet" and "TID PÅ DYGNET" are the same column. `--map` (and the
web form) name fields by their code or any of their Swedish or English names.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass

from samordna.reports.imports.errors import Problem, ReportImportError

# Field code -> (Swedish name shown to people, other names a header may use).
FIELDS: dict[str, tuple[str, tuple[str, ...]]] = {
    "id": ("id", ("extern id", "externt id", "external id", "natural key")),
    "category": ("kategori", ("category", "kategorikod", "category code")),
    "date": ("datum", ("date", "dag")),
    "time": ("tid", ("time", "klockslag", "tidpunkt")),
    "from": ("från", ("from", "start", "starttid", "occurred from")),
    "to": ("till", ("to", "slut", "sluttid", "occurred to")),
    "time_band": ("tid på dygnet", ("time band", "dygnsdel")),
    "lon": ("longitud", ("lon", "lng", "longitude")),
    "lat": ("latitud", ("lat", "latitude")),
    "place": ("plats", ("place", "platsnamn")),
    "area": ("område", ("area", "områdesnamn")),
    "address": ("adress", ("address", "gatuadress")),
    "place_type": ("platstyp", ("place type", "typ av plats")),
    "people_count": ("antal personer", ("people count", "people", "antal")),
    "unsafety": ("otrygghet", ("unsafety",)),
    "certainty": ("säkerhet", ("certainty",)),
    "reported_to_police": ("polisanmält", ("polisanmäld", "reported to police", "police")),
    "immediate_action": ("åtgärd", ("åtgärd direkt", "immediate action", "action")),
    "free_text": ("fritext", ("free text", "beskrivning", "description")),
}
IGNORE = "-"
_FOLD = str.maketrans("åäö", "aao")


def fold(text: str) -> str:
    """A header as compared: lower case, å/ä/ö folded, separators as single spaces."""
    text = unicodedata.normalize("NFC", text).strip().lower().translate(_FOLD)
    return re.sub(r"[\s_\-]+", " ", text)


_ALIASES: dict[str, str] = {
    fold(name): code
    for code, (swedish, others) in FIELDS.items()
    for name in (code, swedish, *others)
}


def field_for(name: str) -> str | None:
    """The field code a header or a `--map` target names, or None."""
    return _ALIASES.get(fold(name))


@dataclass(frozen=True)
class ColumnMapping:
    """The file's columns and which of them feeds each field (by column index)."""

    columns: tuple[str, ...]
    fields: dict[str, int]
    unknown: tuple[str, ...]

    def column(self, field: str) -> str:
        """The file's header for a field ('' when the file has no such column)."""
        index = self.fields.get(field)
        return self.columns[index] if index is not None else ""

    def describe(self) -> list[tuple[str, str]]:
        """(column, Swedish field name or '(används inte)') in the file's order."""
        by_index = {index: code for code, index in self.fields.items()}
        return [
            (name, FIELDS[by_index[i]][0] if i in by_index else "(används inte)")
            for i, name in enumerate(self.columns)
        ]


def detect_mapping(columns: Sequence[str], overrides: str = "") -> ColumnMapping:
    """Map columns to fields by their headers; `overrides` ("Kolumn=fält,...") wins.

    Raises ReportImportError when an override names a missing column or an unknown
    field, or when two columns would feed the same field.
    """
    chosen = _parse_overrides(overrides, columns)
    fields: dict[str, int] = {}
    unknown: list[str] = []
    problems: list[Problem] = []
    for index, name in enumerate(columns):
        code = chosen[name] if name in chosen else field_for(name)
        if code == IGNORE or not name:  # an unnamed column (a trailing ";") carries nothing
            continue
        if code is None:
            unknown.append(name)
        elif code in fields:
            problems.append(_twice(columns[fields[code]], name, code))
        else:
            fields[code] = index
    if problems:
        raise ReportImportError(problems)
    return ColumnMapping(tuple(columns), fields, tuple(unknown))


def _twice(first: str, second: str, code: str) -> Problem:
    return Problem.general(
        f"Kolumnerna ”{first}” och ”{second}” betyder båda ”{FIELDS[code][0]}”. "
        f"Ange vilken som gäller, t.ex. ”{second}=-” för att inte använda den andra.",
        column=second,
    )


def _parse_overrides(text: str, columns: Sequence[str]) -> dict[str, str]:
    chosen: dict[str, str] = {}
    problems: list[Problem] = []
    by_fold = {fold(c): c for c in columns}
    for part in filter(None, (p.strip() for p in text.split(","))):
        column, sep, target = (s.strip() for s in part.partition("="))
        code = IGNORE if target == IGNORE else field_for(target)
        if not sep or fold(column) not in by_fold:
            problems.append(Problem.general(f"Kolumnen ”{column}” finns inte i filen."))
        elif code is None:
            known = ", ".join(FIELDS)
            problems.append(Problem.general(f"Okänt fält ”{target}”. Välj bland: {known}."))
        else:
            chosen[by_fold[fold(column)]] = code
    if problems:
        raise ReportImportError(problems)
    return chosen

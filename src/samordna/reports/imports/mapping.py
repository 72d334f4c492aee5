"""Which column of a file means which observation field: detected from the headers, or
overridden (`--map` and the web form name fields by their code or any of their Swedish
or English names). Folding and override parsing are `samordna.tabular.mapping`'s.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from samordna.tabular import mapping as tabular
from samordna.tabular.mapping import fold

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
_ALIASES = tabular.aliases(FIELDS)


def field_for(name: str) -> str | None:
    """The field code a header or a `--map` target names, or None."""
    return _ALIASES.get(fold(name))


@dataclass(frozen=True)
class ColumnMapping(tabular.ColumnMapping):
    """The file's columns, which of them feeds each field, and the columns not used."""

    unknown: tuple[str, ...]

    def describe(self) -> list[tuple[str, str]]:
        """(column, Swedish field name or '(används inte)') in the file's order."""
        by_index = {index: code for code, index in self.fields.items()}
        return [
            (name, FIELDS[by_index[i]][0] if i in by_index else "(används inte)")
            for i, name in enumerate(self.columns)
        ]


def detect_mapping(columns: Sequence[str], overrides: str = "") -> ColumnMapping:
    """Map columns to fields by their headers; `overrides` ("Kolumn=fält,...") wins.

    Raises ImportRefused when an override names a missing column or an unknown
    field, or when two columns would feed the same field.
    """
    chosen = tabular.parse_overrides(overrides, columns, _ALIASES, choices=", ".join(FIELDS))
    fields, others = tabular.assign_columns(
        columns, chosen, _ALIASES, FIELDS, hint=" för att inte använda den andra"
    )
    return ColumnMapping(tuple(columns), fields, tuple(columns[i] for i, _ in others))

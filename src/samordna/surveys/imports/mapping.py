"""Which column of a survey file means what, from its headers or the person's overrides.

Aggregate files (the police's trygghetsmätning, Brå's NTU) have fixed fields: area,
year, question group, item, value, respondents, gender, age band. An own survey has
area, gender and age band (and optionally a respondent id), and every other column is
a question. Overrides are written like the report import's: "Kolumn=fält, Kol2=-";
for an own survey a question column may be set to "index" (a number 0–6) or "andel"
(ja/nej or 1/0).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from samordna.tabular import mapping as tabular
from samordna.tabular.mapping import IGNORE, Fields, fold

INDEX = "index"
SHARE = "andel"
SCALES = {INDEX: "index", SHARE: "share", "share": "share"}

# Field code -> (Swedish name shown to people, other names a header may use).
AGGREGATE_FIELDS: dict[str, tuple[str, tuple[str, ...]]] = {
    "area": ("område", ("area", "geografi", "omrade", "polisområde", "kommun", "län", "region")),
    "year": ("år", ("year", "ar", "mätår", "undersökningsår")),
    "group": ("frågeområde", ("question group", "group", "frågegrupp", "indexområde")),
    "item": ("fråga", ("item", "indikator", "question", "fråga/indikator")),
    "value": (
        "värde",
        ("value", "index", "andel", "share", "andel (%)", "andel %", "procent", "andel procent"),
    ),
    "respondents": ("antal svarande", ("svarande", "n", "respondents", "antal", "antal svar")),
    "gender": ("kön", ("gender", "kon", "sex")),
    "age_band": ("åldersgrupp", ("ålder", "age band", "age", "alder", "åldersklass")),
}
OWN_FIELDS: dict[str, tuple[str, tuple[str, ...]]] = {
    "area": ("område", ("area", "omrade", "stadsdel", "bostadsområde")),
    "gender": ("kön", ("gender", "kon", "sex")),
    "age_band": ("åldersgrupp", ("ålder", "age band", "age", "alder", "åldersklass")),
    "id": ("id", ("svarande", "löpnummer", "respondent", "respondent id")),
}


@dataclass(frozen=True)
class SurveyMapping(tabular.ColumnMapping):
    """Columns -> fields by index; for own surveys also the question columns and the
    scale each was given ("" = judged from the answers)."""

    questions: tuple[tuple[int, str], ...] = ()
    names: dict[str, str] | None = None

    @property
    def value_is_percent(self) -> bool:
        """The value column says percent ("Andel (%)", "procent"): 0–100, not 0–1."""
        header = fold(self.column("value"))
        return "%" in header or "procent" in header

    def describe(self) -> list[tuple[str, str]]:
        """(column, what it is read as) in the file's order, for the preview."""
        names = self.names or {}
        by_index = {index: names.get(code, code) for code, index in self.fields.items()}
        for index, scale in self.questions:
            by_index[index] = {
                "index": "fråga, index 0–6",
                "share": "fråga, andel (ja/nej)",
            }.get(scale, "fråga (skala efter svaren)")
        return [(name, by_index.get(i, "(används inte)")) for i, name in enumerate(self.columns)]


def detect_mapping(columns: Sequence[str], *, own: bool, overrides: str = "") -> SurveyMapping:
    """Map the file's columns; raises ImportRefused on a bad override or a field
    fed by two columns. In an own survey every column not a field is a question."""
    table = OWN_FIELDS if own else AGGREGATE_FIELDS
    aliases = tabular.aliases(table)
    chosen = tabular.parse_overrides(
        overrides, columns, aliases, choices=_choices(table, own=own), extra=_scales(own)
    )
    fields, others = tabular.assign_columns(columns, chosen, aliases, table)
    questions = tuple(
        (index, SCALES.get(code or "", ""))
        for index, code in others
        if code in SCALES or (code is None and own)
    )
    names = {code: swedish for code, (swedish, _) in table.items()}
    return SurveyMapping(tuple(columns), fields, questions, names)


def _choices(table: Fields, *, own: bool) -> str:
    return ", ".join([swedish for swedish, _ in table.values()] + [*_scales(own), IGNORE])


def _scales(own: bool) -> tuple[str, ...]:
    return (INDEX, SHARE) if own else ()

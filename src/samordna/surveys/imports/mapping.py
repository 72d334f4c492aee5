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

from samordna.reports.imports.errors import Problem, ReportImportError
from samordna.reports.imports.mapping import fold

IGNORE = "-"
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


def _aliases(fields: dict[str, tuple[str, tuple[str, ...]]]) -> dict[str, str]:
    return {
        fold(name): code
        for code, (swedish, others) in fields.items()
        for name in (code, swedish, *others)
    }


@dataclass(frozen=True)
class SurveyMapping:
    """Columns -> fields by index; for own surveys also the question columns and the
    scale each was given ("" = judged from the answers)."""

    columns: tuple[str, ...]
    fields: dict[str, int]
    questions: tuple[tuple[int, str], ...] = ()
    names: dict[str, str] | None = None

    def column(self, field: str) -> str:
        index = self.fields.get(field)
        return self.columns[index] if index is not None else ""

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
    """Map the file's columns; raises ReportImportError on a bad override or a field
    fed by two columns. In an own survey every column not a field is a question."""
    table = OWN_FIELDS if own else AGGREGATE_FIELDS
    aliases = _aliases(table)
    chosen = _parse_overrides(overrides, columns, table, own=own)
    fields: dict[str, int] = {}
    questions: list[tuple[int, str]] = []
    problems: list[Problem] = []
    for index, name in enumerate(columns):
        code = chosen.get(name, aliases.get(fold(name)))
        if code == IGNORE or not name:
            continue
        if code in SCALES or (code is None and own):
            questions.append((index, SCALES.get(code or "", "")))
        elif code is None:
            continue
        elif code in fields:
            problems.append(
                Problem.general(
                    f"Kolumnerna ”{columns[fields[code]]}” och ”{name}” betyder båda "
                    f"”{table[code][0]}”. Ange vilken som gäller, t.ex. ”{name}=-”.",
                    column=name,
                )
            )
        else:
            fields[code] = index
    if problems:
        raise ReportImportError(problems)
    names = {code: swedish for code, (swedish, _) in table.items()}
    return SurveyMapping(tuple(columns), fields, tuple(questions), names)


def _parse_overrides(
    text: str, columns: Sequence[str], table: dict[str, tuple[str, tuple[str, ...]]], *, own: bool
) -> dict[str, str]:
    aliases = _aliases(table)
    chosen: dict[str, str] = {}
    problems: list[Problem] = []
    by_fold = {fold(c): c for c in columns}
    allowed = set(aliases.values()) | ({INDEX, SHARE} if own else set())
    for part in filter(None, (p.strip() for p in text.split(","))):
        column, sep, target = (s.strip() for s in part.partition("="))
        folded = fold(target)
        code = IGNORE if target == IGNORE else aliases.get(folded, folded)
        if not sep or fold(column) not in by_fold:
            problems.append(Problem.general(f"Kolumnen ”{column}” finns inte i filen."))
        elif code != IGNORE and code not in allowed:
            known = ", ".join([swedish for swedish, _ in table.values()] + list(_scales(own)))
            problems.append(Problem.general(f"Okänt fält ”{target}”. Välj bland: {known}."))
        else:
            chosen[by_fold[fold(column)]] = code
    if problems:
        raise ReportImportError(problems)
    return chosen


def _scales(own: bool) -> tuple[str, ...]:
    return (INDEX, SHARE, IGNORE) if own else (IGNORE,)

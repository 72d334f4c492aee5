"""Checking every row of a survey file before anything is written.

Aggregate rows (police, NTU) become `AggregateRow`s; respondent rows (own survey)
become `RespondentRow`s. Every cell that cannot be read becomes a Problem naming the
row and the column; duplicates name the row they repeat.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

from samordna.core.models import Area
from samordna.surveys.imports import cells
from samordna.surveys.imports.mapping import SurveyMapping
from samordna.surveys.models import Survey, SurveyItem
from samordna.tabular import cells as v
from samordna.tabular.problems import ImportRefused, Problem
from samordna.tabular.readers import SourceRow

MIN_YEAR, MAX_YEAR = 1990, 2100


@dataclass(frozen=True)
class AggregateRow:
    year: int
    code: str
    question: str
    group: str
    place: cells.Place
    gender: str
    age_band: str
    value: float
    respondents: int


@dataclass(frozen=True)
class Question:
    code: str
    question: str
    scale: str
    column: int


@dataclass(frozen=True)
class RespondentRow:
    area: Area
    gender: str
    age_band: str
    answers: dict[str, float | None]


class _Row:
    """One row being read: collects its problems instead of stopping at the first."""

    def __init__(self, row: SourceRow, mapping: SurveyMapping) -> None:
        self.row, self.mapping = row, mapping
        self.problems: list[Problem] = []

    def cell(self, field: str) -> Any:
        return self.mapping.cell(self.row, field)

    def get(self, field: str, parse: Callable[..., Any], *args: Any, **kwargs: Any) -> Any:
        try:
            return parse(self.cell(field), *args, **kwargs)
        except v.CellError as exc:
            self.fail(field, str(exc))
            return None

    def fail(self, field: str, reason: str, *, column: str | None = None) -> None:
        raw = self.cell(field) if field in self.mapping.fields else None
        shown = "" if raw is None else str(raw)[:80]
        name = column if column is not None else self.mapping.column(field)
        self.problems.append(Problem(self.row.number, name, shown, reason))


def check_aggregate(
    rows: Sequence[SourceRow],
    mapping: SurveyMapping,
    *,
    kind: str,
    year: int | None,
    areas: cells.AreaLookup,
) -> list[AggregateRow]:
    """Every aggregate row read and checked; raises ImportRefused with all problems."""
    _require(mapping, kind=kind, year=year)
    checked: list[AggregateRow] = []
    problems: list[Problem] = []
    first: dict[tuple[Any, ...], int] = {}
    for source in rows:
        row = _Row(source, mapping)
        found = _aggregate(row, kind=kind, year=year, areas=areas)
        problems.extend(row.problems)
        if found is None or row.problems:
            continue
        key = (found.year, found.code, found.place.key, found.gender, found.age_band)
        if key in first:
            problems.append(
                Problem(source.number, "", "", f"Raden upprepar rad {first[key]}: samma år, "
                        "fråga, område, kön och åldersgrupp.")
            )  # fmt: skip
            continue
        first[key] = source.number
        checked.append(found)
    if problems:
        raise ImportRefused(problems)
    return checked


def _require(mapping: SurveyMapping, *, kind: str, year: int | None) -> None:
    needed = [("area",), ("group", "item"), ("value",), ("respondents",)]
    if year is None:
        needed.append(("year",))
    for fields in needed:
        if not any(f in mapping.fields for f in fields):
            names = " eller ".join(f"”{(mapping.names or {}).get(f, f)}”" for f in fields)
            reason = f"Filen saknar en kolumn för {names}."
            if fields == ("year",):
                reason += " Ange året i formuläret om hela filen gäller ett år."
            raise ImportRefused([Problem.general(reason)])


def _aggregate(
    row: _Row, *, kind: str, year: int | None, areas: cells.AreaLookup
) -> AggregateRow | None:
    regions = kind == Survey.Kind.NTU
    place = row.get("area", areas.place, regions=regions)
    found_year = _year(row, year)
    item_text = row.get("item", v.text) if "item" in row.mapping.fields else ""
    default_group = "other" if kind == Survey.Kind.NTU or item_text else ""
    group = row.get("group", cells.group, default=default_group)
    if not item_text and group:
        item_text = str(SurveyItem.Group(group).label)
    if not item_text and "item" in row.mapping.fields and "group" not in row.mapping.fields:
        row.fail("item", "Ange fråga.")
    value = _value(row, kind)
    respondents = _respondents(row)
    gender = row.get("gender", cells.gender)
    age = row.get("age_band", cells.age_band)
    if row.problems or place is None or found_year is None or value is None:
        return None
    if respondents is None or gender is None or age is None:
        return None
    return AggregateRow(
        year=found_year,
        code=cells.item_code(item_text),
        question=item_text[:300],
        group=group or "other",
        place=place,
        gender=gender,
        age_band=age,
        value=value,
        respondents=respondents,
    )


def _year(row: _Row, default: int | None) -> int | None:
    if "year" not in row.mapping.fields or not v.text(row.cell("year")):
        if default is None:
            row.fail("year", "Ange år.")
        return default
    value = row.get("year", v.integer)
    if value is not None and not MIN_YEAR <= value <= MAX_YEAR:
        row.fail("year", f"Året ska ligga mellan {MIN_YEAR} och {MAX_YEAR}.")
        return None
    return value  # type: ignore[no-any-return]


def _value(row: _Row, kind: str) -> float | None:
    if not v.text(row.cell("value")):
        row.fail("value", "Ange värde.")
        return None
    value = row.get("value", v.number)
    if value is None:
        return None
    if kind == Survey.Kind.POLICE:
        if not 0 <= value <= 6:
            row.fail("value", "Indexet ska ligga mellan 0 och 6.")
            return None
        return float(value)
    if row.mapping.value_is_percent:
        if not 0 <= value <= 100:
            row.fail("value", "Andelen i procent ska ligga mellan 0 och 100.")
            return None
        return float(value) / 100
    if not 0 <= value <= 1:
        reason = "Andelen ska ligga mellan 0 och 1. Står den i procent? Kalla kolumnen ”Andel (%)”."
        row.fail("value", reason)
        return None
    return float(value)


def _respondents(row: _Row) -> int | None:
    if not v.text(row.cell("respondents")):
        row.fail("respondents", "Ange antal svarande.")
        return None
    value = row.get("respondents", v.integer)
    if value is not None and value < 1:
        row.fail("respondents", "Antalet svarande ska vara minst 1.")
        return None
    return value  # type: ignore[no-any-return]


def questions_of(mapping: SurveyMapping, rows: Sequence[SourceRow]) -> list[Question]:
    """The question columns with their scales: given, or "share" when the answers are
    ja/nej (any one of them: a stray "kanske" is then a problem of its row), else "index"."""
    found: list[Question] = []
    codes: set[str] = set()
    for index, scale in mapping.questions:
        header = mapping.columns[index]
        answers = [r.cells[index] for r in rows if v.text(r.cells[index])]
        judged = scale or ("share" if any(map(cells.is_yes_no, answers)) else "index")
        code = cells.item_code(header)
        while code in codes:
            code = f"{code}-{index}"
        codes.add(code)
        found.append(Question(code, header[:300], judged, index))
    if not found:
        raise ImportRefused([Problem.general("Filen har inga frågekolumner.")])
    return found


def check_respondents(
    rows: Sequence[SourceRow], mapping: SurveyMapping, *, areas: cells.AreaLookup
) -> tuple[list[Question], list[RespondentRow]]:
    """Every respondent row read and checked; raises ImportRefused with all problems."""
    for field in ("area", "gender", "age_band"):
        if field not in mapping.fields:
            name = (mapping.names or {}).get(field, field)
            raise ImportRefused([Problem.general(f"Filen saknar en kolumn för ”{name}”.")])
    questions = questions_of(mapping, rows)
    checked: list[RespondentRow] = []
    problems: list[Problem] = []
    ids: dict[str, int] = {}
    for source in rows:
        row = _Row(source, mapping)
        area = row.get("area", areas.area)
        gender = row.get("gender", cells.respondent_gender)
        age = row.get("age_band", cells.age_band, required=True)
        answers: dict[str, float | None] = {}
        for q in questions:
            try:
                answers[q.code] = cells.answer(source.cells[q.column], q.scale)
            except v.CellError as exc:
                raw = source.cells[q.column]
                problems.append(Problem(source.number, q.question, str(raw)[:80], str(exc)))
        respondent = v.text(row.cell("id")) if "id" in mapping.fields else ""
        if respondent and respondent in ids:
            row.fail("id", f"Samma id som rad {ids[respondent]}; varje svarande har ett eget id.")
        elif respondent:
            ids[respondent] = source.number
        problems.extend(row.problems)
        if not row.problems and area is not None:
            checked.append(RespondentRow(area, gender, age, answers))
    if problems:
        raise ImportRefused(sorted(problems, key=lambda p: p.row or 0))
    return questions, checked

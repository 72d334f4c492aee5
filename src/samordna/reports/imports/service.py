"""`reports_import`: every row checked first, then all new rows written in one
transaction as one Report, or nothing.

Each row has a natural key (the file's id column, else a hash of its content and the
organisation) stored on the observation: importing the same file again adds nothing.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

import numpy as np
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone

from samordna.analysis.periods import iso_week, tertial
from samordna.core import audit
from samordna.core.bulk import datetime_adapter
from samordna.core.geo import to_sweref
from samordna.core.locate import locate_areas
from samordna.core.models import Organisation, User
from samordna.reports.counts import refresh_counts
from samordna.reports.imports.mapping import FIELDS, ColumnMapping
from samordna.reports.imports.rows import CHECK_COLUMNS, Lookups, RowProblems, RowReader
from samordna.reports.imports.writer import columns_and_fixed, insert_rows
from samordna.reports.intake import ObservationInput, check_observation
from samordna.reports.models import Observation, Report
from samordna.reports.policies import reporting_organisations
from samordna.tabular.problems import ImportRefused, Problem
from samordna.tabular.readers import SourceRow

# SQLite allows 999 variables in a statement before 3.32; stay below for the key lookup.
_KEY_CHUNK = 900
_REQUIRED = (("category",), ("date", "from"), ("unsafety",), ("certainty",))


@dataclass(frozen=True)
class ImportResult:
    """What an import did (or, in a dry run, would do)."""

    created: int
    existing: int
    dry_run: bool = False
    report: Report | None = None

    def summary(self) -> str:
        text = f"{_n(self.created)} nya, {_n(self.existing)} fanns redan"
        return f"{text} (provkörning, inget sparades)" if self.dry_run else text


@dataclass(frozen=True, slots=True)
class _Checked:
    data: ObservationInput
    key: str


def reports_import(
    *,
    actor: User | None,
    organisation: Organisation,
    rows: Iterable[SourceRow],
    mapping: ColumnMapping,
    dry_run: bool = False,
    on_errors: Callable[[int], None] | None = None,
) -> ImportResult:
    """Import `rows` for `organisation`. Raises ImportRefused listing every problem
    (row, column, value, reason) and writes nothing if any row is wrong.

    `actor` None is the operator at the command line; a person must be allowed to
    file reports for the organisation. `on_errors` is told the number of problems
    found so far, row by row (a background job's progress).
    """
    if actor is not None and not reporting_organisations(actor).filter(pk=organisation.pk):
        raise PermissionDenied("Du får inte rapportera för den här organisationen.")
    checked = _checked_rows(rows, mapping, organisation, on_errors)
    with transaction.atomic():
        known = _existing_keys(organisation, [c.key for c in checked])
        new = [c for c in checked if c.key not in known]
        if dry_run or not new:
            return ImportResult(len(new), len(checked) - len(new), dry_run)
        report = Report.objects.create(
            municipality_id=organisation.municipality_id,
            organisation=organisation,
            reporter=actor,
            source=Report.Source.IMPORT,
        )
        _write(report, new)
        audit.record(
            actor=actor,
            action="report.import",
            target=report,
            organisation=organisation,
            changes={"created": len(new), "existing": len(checked) - len(new)},
        )
    return ImportResult(len(new), len(checked) - len(new), False, report)


def _checked_rows(
    rows: Iterable[SourceRow],
    mapping: ColumnMapping,
    organisation: Organisation,
    on_errors: Callable[[int], None] | None = None,
) -> list[_Checked]:
    missing = [group for group in _REQUIRED if not any(f in mapping.fields for f in group)]
    if missing:
        names = " eller ".join(f"”{FIELDS[f][0]}”" for f in missing[0])
        raise ImportRefused([Problem.general(f"Filen saknar en kolumn för {names}.")])
    reader = RowReader(mapping, Lookups.load(organisation))
    municipality, now = organisation.municipality, timezone.now()
    checked: list[_Checked] = []
    problems: list[Problem] = []
    first_row: dict[str, int] = {}
    for row in rows:
        try:
            data, key = reader.read(row)
        except RowProblems as exc:
            problems.extend(exc.problems)
            continue
        found = check_observation(data, municipality, now=now)
        problems.extend(reader.problem(CHECK_COLUMNS.get(f, (f,)), m) for f, m in found.items())
        if key in first_row:
            problems.append(reader.problem(("id",), _same_as(key, first_row[key])))
        elif not found:
            first_row[key] = row.number
            checked.append(_Checked(data, key))
        if on_errors is not None:
            on_errors(len(problems))
    if problems:
        raise ImportRefused(problems)
    return checked


def _same_as(key: str, row: int) -> str:
    if key.startswith("id:"):
        return f"Samma id som rad {row}; varje rad behöver ett eget id."
    return f"Raden är likadan som rad {row}. Ge raderna var sitt id om båda ska med."


def _existing_keys(organisation: Organisation, keys: list[str]) -> set[str]:
    found: set[str] = set()
    base = Observation.objects.filter(organisation=organisation).exclude(import_key="")
    for start in range(0, len(keys), _KEY_CHUNK):
        chunk = keys[start : start + _KEY_CHUNK]
        found.update(base.filter(import_key__in=chunk).values_list("import_key", flat=True))
    return found


_PER_ROW = (
    "category_id", "occurred_from", "occurred_to", "time_band", "longitude", "latitude",
    "x", "y", "place_id", "address", "area_id", "place_type", "people_count", "unsafety",
    "certainty", "reported_to_police", "immediate_action", "free_text", "week_key",
    "tertial_key", "import_key",
)  # fmt: skip


def _write(report: Report, new: list[_Checked]) -> None:
    columns, fixed = columns_and_fixed(
        _PER_ROW,
        {
            "report_id": report.pk,
            "municipality_id": report.municipality_id,
            "organisation_id": report.organisation_id,
            "created_at": timezone.now(),
        },
    )
    lon = [c.data.longitude for c in new]
    lat = [c.data.latitude for c in new]
    # Area and SWEREF coordinates for all rows at once, not row by row.
    located = locate_areas(report.municipality_id, lon, lat)
    xs, ys = to_sweref(
        np.array([np.nan if v is None else v for v in lon], dtype=float),
        np.array([np.nan if v is None else v for v in lat], dtype=float),
    )
    x_values = [None if np.isnan(x) else x for x in xs.tolist()]
    y_values = [None if np.isnan(y) else y for y in ys.tolist()]
    when = datetime_adapter(Observation)
    insert_rows(
        columns,
        ((*_row(c, located[i], x_values[i], y_values[i], when), *fixed) for i, c in enumerate(new)),
    )
    refresh_counts(report.municipality_id, {iso_week(c.data.occurred_from) for c in new})


def _row(
    c: _Checked, located: object, x: float | None, y: float | None, when: Callable[[Any], Any]
) -> tuple[object, ...]:
    d = c.data
    area_id = (
        d.area.pk
        if d.area
        else getattr(located, "pk", None) or (d.place.area_id if d.place else None)
    )
    return (
        d.category.pk, when(d.occurred_from), when(d.occurred_to), d.time_band,
        d.longitude, d.latitude, x, y, d.place.pk if d.place else None, d.address.strip(),
        area_id, d.place_type, d.people_count, d.unsafety, d.certainty, d.reported_to_police,
        d.immediate_action.strip(), d.free_text.strip(), iso_week(d.occurred_from),
        tertial(d.occurred_from), c.key,
    )  # fmt: skip


def _n(number: int) -> str:
    return f"{number:,}".replace(",", " ")

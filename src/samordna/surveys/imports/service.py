"""`survey_import`: every row checked first, then every survey round of the file, its
questions and its rows written in one transaction, with one audit event per round; or
nothing at all.

An aggregate file may hold several years: each year becomes its own round (same kind
and title). A round that already exists is refused, not merged: results are never
silently replaced.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

from django.core.exceptions import PermissionDenied
from django.db import transaction

from samordna.core import audit
from samordna.core.models import Municipality, User
from samordna.core.policies import municipality_ids
from samordna.surveys.imports.cells import AreaLookup
from samordna.surveys.imports.mapping import SurveyMapping
from samordna.surveys.imports.rows import (
    AggregateRow,
    Question,
    RespondentRow,
    check_aggregate,
    check_respondents,
)
from samordna.surveys.models import Survey, SurveyItem, SurveyResponse, SurveyResult
from samordna.surveys.policies import IMPORTERS
from samordna.tabular.problems import ImportRefused, Problem
from samordna.tabular.readers import SourceRow

BATCH = 2000


@dataclass(frozen=True)
class SurveyMeta:
    """What the person tells about the file: which survey, and where it comes from."""

    kind: str
    title: str
    year: int | None = None
    source_note: str = ""
    is_synthetic: bool = False


@dataclass
class ImportResult:
    """What an import did (or, in a dry run, would do)."""

    years: list[int]
    items: int
    rows: int
    dry_run: bool = False
    surveys: list[Survey] = field(default_factory=list)

    def summary(self) -> str:
        years = ", ".join(str(y) for y in self.years)
        text = f"{self.rows} rader, {self.items} frågor, år {years}"
        return f"{text} (provkörning, inget sparades)" if self.dry_run else text


def can_import(user: User, municipality: Municipality) -> bool:
    return municipality.pk in municipality_ids(user, IMPORTERS)


def survey_import(
    *,
    actor: User | None,
    municipality: Municipality,
    meta: SurveyMeta,
    rows: Sequence[SourceRow],
    mapping: SurveyMapping,
    dry_run: bool = False,
) -> ImportResult:
    """Import `rows` as `meta` describes. Raises ImportRefused listing every problem
    (row, column, value, reason) and writes nothing if anything is wrong.

    `actor` None is the operator at the command line (or the demo loader).
    """
    if actor is not None and not can_import(actor, municipality):
        raise PermissionDenied("Du får inte importera trygghetsmätningar i den här kommunen.")
    areas = AreaLookup(municipality)
    if meta.kind == Survey.Kind.OWN:
        if meta.year is None:
            raise ImportRefused([Problem.general("Ange vilket år undersökningen gjordes.")])
        questions, respondents = check_respondents(rows, mapping, areas=areas)
        years = [meta.year]
    else:
        aggregates = check_aggregate(rows, mapping, kind=meta.kind, year=meta.year, areas=areas)
        years = sorted({r.year for r in aggregates})
    _refuse_existing(municipality, meta, years)
    count = len(respondents) if meta.kind == Survey.Kind.OWN else len(aggregates)
    items = len(questions) if meta.kind == Survey.Kind.OWN else len({r.code for r in aggregates})
    result = ImportResult(years, items, count, dry_run)
    if dry_run:
        return result
    with transaction.atomic():
        if meta.kind == Survey.Kind.OWN:
            survey = own_round_create(
                actor=actor,
                municipality=municipality,
                meta=meta,
                questions=questions,
                rows=respondents,
            )
            result.surveys.append(survey)
        else:
            for year in years:
                survey = _round(actor, municipality, meta, year)
                written = [r for r in aggregates if r.year == year]
                _write_aggregates(survey, written)
                _audit(actor, survey, items=len({r.code for r in written}), rows=len(written))
                result.surveys.append(survey)
    return result


def own_round_create(
    *,
    actor: User | None,
    municipality: Municipality,
    meta: SurveyMeta,
    questions: Sequence[Question],
    rows: Sequence[RespondentRow],
    groups: dict[str, str] | None = None,
) -> Survey:
    """One round of an own survey with its questions and respondents, audited."""
    if meta.year is None:
        raise ValueError("an own survey round needs its year")
    with transaction.atomic():
        survey = _round(actor, municipality, meta, meta.year)
        write_respondents(survey, questions, rows, groups)
        _audit(actor, survey, items=len(questions), rows=len(rows))
    return survey


def _audit(actor: User | None, survey: Survey, *, items: int, rows: int) -> None:
    audit.record(
        actor=actor,
        action="survey.import",
        target=survey,
        changes={"kind": survey.kind, "year": survey.year, "items": items, "rows": rows},
    )


def _refuse_existing(municipality: Municipality, meta: SurveyMeta, years: list[int]) -> None:
    taken = Survey.objects.filter(
        municipality=municipality, kind=meta.kind, title=meta.title.strip(), year__in=years
    ).values_list("year", flat=True)
    if taken:
        listed = ", ".join(str(y) for y in sorted(taken))
        raise ImportRefused(
            [Problem.general(f"”{meta.title}” finns redan för {listed}. Inget importerades.")]
        )


def _round(actor: User | None, municipality: Municipality, meta: SurveyMeta, year: int) -> Survey:
    return Survey.objects.create(
        municipality=municipality,
        kind=meta.kind,
        title=meta.title.strip(),
        year=year,
        source_note=meta.source_note.strip(),
        is_synthetic=meta.is_synthetic,
        created_by=actor if actor is not None and actor.pk else None,
    )


def _write_aggregates(survey: Survey, rows: list[AggregateRow]) -> None:
    items: dict[str, SurveyItem] = {}
    for row in rows:
        if row.code not in items:
            items[row.code] = SurveyItem.objects.create(
                municipality_id=survey.municipality_id,
                survey=survey,
                code=row.code,
                question=row.question,
                group=row.group,
                scale="index" if survey.kind == Survey.Kind.POLICE else "share",
                position=len(items),
            )
    SurveyResult.objects.bulk_create(
        (
            SurveyResult(
                municipality_id=survey.municipality_id,
                survey=survey,
                item=items[r.code],
                area=r.place.area,
                region=r.place.region,
                gender=r.gender,
                age_band=r.age_band,
                value=r.value,
                respondents=r.respondents,
            )
            for r in rows
        ),
        batch_size=BATCH,
    )


def write_respondents(
    survey: Survey,
    questions: Sequence[Question],
    rows: Sequence[RespondentRow],
    groups: dict[str, str] | None = None,
) -> None:
    """The questions and respondents of an own survey round (inside the caller's
    transaction). `groups` gives question groups by code (the demo's); else "other"."""
    SurveyItem.objects.bulk_create(
        SurveyItem(
            municipality_id=survey.municipality_id,
            survey=survey,
            code=q.code,
            question=q.question,
            group=(groups or {}).get(q.code, SurveyItem.Group.OTHER),
            scale=q.scale,
            position=position,
        )
        for position, q in enumerate(questions)
    )
    SurveyResponse.objects.bulk_create(
        (
            SurveyResponse(
                municipality_id=survey.municipality_id,
                survey=survey,
                area=r.area,
                gender=r.gender,
                age_band=r.age_band,
                answers=r.answers,
            )
            for r in rows
        ),
        batch_size=BATCH,
    )

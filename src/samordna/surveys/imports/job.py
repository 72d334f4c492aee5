"""The survey import as a background job (tabular.jobs): the web upload's importer."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Iterator

from samordna.core.models import Municipality
from samordna.surveys.imports.cells import AreaLookup
from samordna.surveys.imports.mapping import SurveyMapping, detect_mapping
from samordna.surveys.imports.service import SurveyMeta, can_import, survey_import
from samordna.surveys.models import Survey
from samordna.tabular import cells as v
from samordna.tabular.jobs import Checked, Progress, register
from samordna.tabular.mapping import fold
from samordna.tabular.models import ImportJob
from samordna.tabular.readers import SourceRow

KIND = "surveys"


def _meta(job: ImportJob) -> SurveyMeta:
    p = job.params
    return SurveyMeta(p["kind"], p["title"], p["year"], p.get("source_note", ""))


def _mapping(job: ImportJob, columns: tuple[str, ...]) -> SurveyMapping:
    own = job.params["kind"] == Survey.Kind.OWN
    return detect_mapping(columns, own=own, overrides=job.params.get("mapping", ""))


def _counted(
    rows: Iterable[SourceRow], index: int | None, counts: Counter[str]
) -> Iterator[SourceRow]:
    for row in rows:
        if index is not None:
            counts[v.text(row.cells[index])] += 1
        yield row


def area_matches(counts: Counter[str], municipality: Municipality) -> list[tuple[str, str, int]]:
    """Each area name in the file, the area it matches ("" = none) and its row count."""
    lookup = AreaLookup(municipality)
    return [
        (name, lookup.areas[fold(name)].name if fold(name) in lookup.areas else "", n)
        for name, n in sorted(counts.items())
    ]


class SurveyImporter:
    """A survey round (or rounds) in the municipality the person worked in when uploading."""

    def allowed(self, job: ImportJob) -> bool:
        municipality = Municipality.objects.get(pk=job.params["municipality_id"])
        return can_import(job.requested_by, municipality)

    def check(
        self,
        job: ImportJob,
        columns: tuple[str, ...],
        rows: Iterable[SourceRow],
        progress: Progress,
    ) -> Checked:
        municipality = Municipality.objects.get(pk=job.params["municipality_id"])
        mapping = _mapping(job, columns)
        counts: Counter[str] = Counter()
        progress.preview |= {"describe": mapping.describe()}
        rows = list(_counted(rows, mapping.fields.get("area"), counts))
        if "area" in mapping.fields:
            progress.preview |= {"areas": area_matches(counts, municipality)}
        result = survey_import(
            actor=job.requested_by,
            municipality=municipality,
            meta=_meta(job),
            rows=rows,
            mapping=mapping,
            dry_run=True,
        )
        return Checked(result.summary())

    def commit(
        self,
        job: ImportJob,
        columns: tuple[str, ...],
        rows: Iterable[SourceRow],
        progress: Progress,
    ) -> Checked:
        result = survey_import(
            actor=job.requested_by,
            municipality=Municipality.objects.get(pk=job.params["municipality_id"]),
            meta=_meta(job),
            rows=list(rows),
            mapping=_mapping(job, columns),
        )
        first = result.surveys[0].pk if result.surveys else None
        return Checked(result.summary(), {"survey_id": first})


register(KIND, SurveyImporter())

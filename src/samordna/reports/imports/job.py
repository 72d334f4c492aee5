"""The report import as a background job (tabular.jobs): the web upload's importer."""

from __future__ import annotations

from collections.abc import Iterable

from samordna.core.models import Organisation
from samordna.reports.imports.mapping import detect_mapping
from samordna.reports.imports.service import reports_import
from samordna.reports.policies import reporting_organisations
from samordna.tabular.jobs import Checked, Progress, register
from samordna.tabular.models import ImportJob
from samordna.tabular.readers import SourceRow

KIND = "reports"


class ReportImporter:
    """Observations for the organisation the person reported for when uploading."""

    def allowed(self, job: ImportJob) -> bool:
        mine = reporting_organisations(job.requested_by)
        return bool(mine.filter(pk=job.params["organisation_id"]).exists())

    def check(
        self,
        job: ImportJob,
        columns: tuple[str, ...],
        rows: Iterable[SourceRow],
        progress: Progress,
    ) -> Checked:
        mapping = detect_mapping(columns, job.params.get("mapping", ""))
        progress.preview |= {"describe": mapping.describe(), "unknown": list(mapping.unknown)}
        result = reports_import(
            actor=job.requested_by,
            organisation=Organisation.objects.get(pk=job.params["organisation_id"]),
            rows=rows,
            mapping=mapping,
            dry_run=True,
            on_errors=progress.errors_so_far,
        )
        return Checked(result.summary())

    def commit(
        self,
        job: ImportJob,
        columns: tuple[str, ...],
        rows: Iterable[SourceRow],
        progress: Progress,
    ) -> Checked:
        result = reports_import(
            actor=job.requested_by,
            organisation=Organisation.objects.get(pk=job.params["organisation_id"]),
            rows=rows,
            mapping=detect_mapping(columns, job.params.get("mapping", "")),
            on_errors=progress.errors_so_far,
        )
        return Checked(result.summary())


register(KIND, ReportImporter())

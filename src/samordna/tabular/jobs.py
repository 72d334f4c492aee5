"""Imports run as background jobs, for every importer that takes files on the web.

The request only stores the file (tabular.pending) and creates the job row
(tabular.models.ImportJob). A task (tabular.tasks) then reads and checks the file as
a dry run, saving progress (rows read, errors so far) every PROGRESS_EVERY rows in its
own short write, and keeps what the preview page shows. Once the person confirms,
another task reads the file again and writes it through the importer, in one
transaction: all rows or none. Both claim the row with a conditional UPDATE, apply
the person's permission again, and bound the memory they take (tabular.memory).

What a row means is the importer's: each app registers an `Importer` under its kind.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from datetime import timedelta
from pathlib import Path
from typing import Any, Protocol

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.utils import timezone

from samordna.tabular import memory
from samordna.tabular.models import ImportJob
from samordna.tabular.pending import PendingUpload
from samordna.tabular.problems import ImportRefused, Problem, problems_csv
from samordna.tabular.readers import SourceRow, open_table

logger = logging.getLogger(__name__)

PROGRESS_EVERY = 2000
PREVIEW_ROWS = 20
PROBLEMS_SHOWN = 200
MAX_AGE = timedelta(days=1)
NOT_ALLOWED = "Du får inte längre göra den här importen. Inget sparades."
FAILED = "Importen kunde inte göras. Inget sparades. Försök igen."
GONE = "Den uppladdade filen finns inte längre. Ladda upp den igen."


@dataclass
class Progress:
    """Rows read and errors so far, saved every PROGRESS_EVERY rows; the first rows."""

    job: ImportJob
    rows: int = 0
    errors: int = 0
    first: list[SourceRow] = field(default_factory=list)
    columns: tuple[str, ...] = ()
    # What the importer found for its preview page, kept also when the file is refused.
    preview: dict[str, Any] = field(default_factory=dict)

    def errors_so_far(self, count: int) -> None:
        self.errors = count

    def track(self, rows: Iterable[SourceRow]) -> Iterator[SourceRow]:
        for row in memory.bounded(rows):
            self.rows += 1
            if len(self.first) < PREVIEW_ROWS:
                self.first.append(row)
            if self.rows % PROGRESS_EVERY == 0:
                self.save()
            yield row

    def save(self) -> None:
        # Outside the importer's transaction (none is open while rows are read), so the
        # progress page sees it at once.
        ImportJob.objects.filter(pk=self.job.pk).update(
            rows_read=self.rows, errors_found=self.errors
        )


@dataclass(frozen=True)
class Checked:
    """What a dry run found: the summary ("12 nya, 0 fanns redan") and the importer's
    own JSON for its preview page (how the columns were read, areas matched)."""

    summary: str
    preview: dict[str, Any] = field(default_factory=dict)


class Importer(Protocol):
    """One app's import: who may run it, its dry run and its write."""

    def allowed(self, job: ImportJob) -> bool:
        """Whether the job's requester may still import what the job says, now."""

    def check(
        self,
        job: ImportJob,
        columns: tuple[str, ...],
        rows: Iterable[SourceRow],
        progress: Progress,
    ) -> Checked:
        """Read and check every row without writing; ImportRefused lists the problems."""

    def commit(
        self,
        job: ImportJob,
        columns: tuple[str, ...],
        rows: Iterable[SourceRow],
        progress: Progress,
    ) -> Checked:
        """Write every row in one transaction, or none; what was written (the summary,
        and what the importer's result page needs, e.g. the new survey's id)."""


IMPORTERS: dict[str, Importer] = {}


def register(kind: str, importer: Importer) -> None:
    IMPORTERS[kind] = importer


def upload_path(job: ImportJob) -> Path:
    return PendingUpload(token=job.token, name=job.file_name).path


def problems_directory() -> Path:
    path = Path(settings.VAR_DIR) / "import-problems"
    path.mkdir(parents=True, exist_ok=True)
    return path


def problems_path(job: ImportJob) -> Path:
    return problems_directory() / f"{job.pk}.csv"


def claim(job_id: int, ready: str, running: str) -> ImportJob | None:
    """The job, now `running` and this worker's, if it was `ready`; else None."""
    claimed = ImportJob.objects.filter(pk=job_id, status=ready).update(
        status=running, started_at=timezone.now()
    )
    return ImportJob.objects.get(pk=job_id) if claimed else None


def import_job_check(job: ImportJob) -> ImportJob:
    """The dry run: read and check every row, keep what the preview shows."""

    def work(importer: Importer, columns: tuple[str, ...], progress: Progress, rows: Any) -> None:
        checked = importer.check(job, columns, rows, progress)
        progress.preview |= checked.preview
        job.summary = checked.summary

    return _run(job, work, done=ImportJob.Status.CHECKED, refused=ImportJob.Status.CHECKED)


def import_job_commit(job: ImportJob) -> ImportJob:
    """The write: all rows in one transaction (the importer's), or none."""

    def work(importer: Importer, columns: tuple[str, ...], progress: Progress, rows: Any) -> None:
        written = importer.commit(job, columns, rows, progress)
        job.summary = written.summary
        job.preview = (job.preview or {}) | written.preview

    # The file stays until the person sees the result (tabular.views), or a day.
    return _run(job, work, done=ImportJob.Status.DONE, refused=ImportJob.Status.FAILED)


def _run(
    job: ImportJob,
    work: Callable[[Importer, tuple[str, ...], Progress, Iterator[SourceRow]], None],
    *,
    done: str,
    refused: str,
) -> ImportJob:
    importer = IMPORTERS[job.kind]
    progress = Progress(job)
    try:
        if not importer.allowed(job):
            raise PermissionDenied
        path = upload_path(job)
        if not path.exists():
            return _finish(job, progress, status=ImportJob.Status.FAILED, error=GONE)
        table = open_table(job.file_name, path)
        progress.columns = table.columns
        memory.check_declared(table.format, path)
        work(importer, table.columns, progress, progress.track(table.rows))
    except PermissionDenied:
        return _finish(job, progress, status=ImportJob.Status.FAILED, error=NOT_ALLOWED)
    except ImportRefused as exc:
        _write_problems(job, exc.problems)
        return _finish(job, progress, status=refused, problems=exc.problems)
    except Exception:
        logger.exception("import job %s failed", job.pk)
        return _finish(job, progress, status=ImportJob.Status.FAILED, error=FAILED)
    return _finish(job, progress, status=done)


def _shown(value: object) -> str:
    """A cell as the preview keeps it: PostgreSQL's JSON holds no NUL character, so a
    refused file's NUL is kept as the visible symbol for it (␀)."""
    return "" if value is None else str(value).replace("\x00", "\u2400")


def _preview(progress: Progress) -> dict[str, Any]:
    rows = [(row.number, [_shown(cell) for cell in row.cells]) for row in progress.first]
    columns = [_shown(column) for column in progress.columns]
    base = {"columns": columns, "rows": rows, "count": progress.rows}
    return base | progress.preview


def _finish(
    job: ImportJob,
    progress: Progress,
    *,
    status: str,
    error: str = "",
    problems: list[Problem] | None = None,
) -> ImportJob:
    job.status = status
    job.error = error
    if status != ImportJob.Status.DONE and progress.columns:  # the check's preview
        job.preview = _preview(progress)
    job.rows_read = progress.rows
    job.errors_found = len(problems) if problems else 0
    job.problems = [
        [p.row, _shown(p.column), _shown(p.value), p.reason]
        for p in (problems or [])[:PROBLEMS_SHOWN]
    ]
    job.finished_at = timezone.now()
    job.save()
    return job


def job_problems(job: ImportJob) -> list[Problem]:
    """The problems the page shows (the first PROBLEMS_SHOWN; the CSV has all)."""
    return [Problem(row, column, value, reason) for row, column, value, reason in job.problems]


def _write_problems(job: ImportJob, problems: list[Problem]) -> None:
    problems_path(job).write_text(problems_csv(problems), encoding="utf-8-sig")


def remove_stale() -> None:
    limit = (timezone.now() - MAX_AGE).timestamp()
    for path in problems_directory().glob("*.csv"):
        if path.stat().st_mtime < limit:
            path.unlink(missing_ok=True)

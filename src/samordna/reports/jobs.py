"""Exports too large to download at once, written in the background.

A job is a row (reports.models.ExportJob): the requester's record of what was asked,
its progress and its file. Committing the row enqueues `export_job_task` for
the task worker (`samordna db_worker`); `samordna run_export_jobs` remains as a fallback
and for cleaning up. Both claim a queued row with a conditional UPDATE, so two workers
never take the same one. The worker applies the
requester's permissions again when it runs, writes with the writers in
reports.exports to a temporary file and renames it into place: a file under
`SAMORDNA_VAR_DIR/exports/` is always complete. Progress is saved every
PROGRESS_EVERY rows in its own short transaction, for the progress page to read.
"""

from __future__ import annotations

import logging
import os
import secrets
import tempfile
from collections import Counter
from collections.abc import Iterable, Iterator
from datetime import timedelta
from pathlib import Path
from types import SimpleNamespace
from typing import IO, Any

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import models, transaction
from django.db.models import Q
from django.utils import timezone
from django_tasks import task

from samordna.analysis.periods import STOCKHOLM
from samordna.core import audit
from samordna.core.db_router import read_alias
from samordna.core.models import Municipality, User
from samordna.reports import exports
from samordna.reports.filtersets import ObservationFilterSet, describe_filters
from samordna.reports.models import ExportJob, Observation
from samordna.reports.policies import reporting_organisations

logger = logging.getLogger(__name__)

PROGRESS_EVERY = 2000
MAX_AGE = timedelta(days=7)
SUFFIX = {"csv": "zip", "xlsx": "xlsx"}
FAILED = "Exporten kunde inte skrivas. Försök igen, eller begränsa filtret."


class ExportJobError(Exception):
    """A reason the job cannot run, in Swedish, shown to the requester."""


def directory() -> Path:
    path = Path(settings.VAR_DIR) / "exports"
    path.mkdir(parents=True, exist_ok=True)
    return path


def file_path(job: ExportJob) -> Path | None:
    """Where a finished job's file is; None when there is none."""
    return directory() / job.file_name if job.file_name else None


def export_filterset(
    *,
    user: User,
    municipality: Municipality | None,
    filters: dict[str, str],
    mine_only: bool,
) -> tuple[ObservationFilterSet, list[tuple[str, str]]]:
    """The filterset over what `user` may see now, and the filters in words so far.
    PermissionDenied when "my reports" is asked by someone who files for nobody."""
    base = Observation.objects.restrict(user, "view")
    words: list[tuple[str, str]] = []
    if municipality is not None:
        base = base.filter(municipality=municipality)
        words.append(("Kommun", municipality.name))
    if mine_only:
        organisations = reporting_organisations(user)
        if municipality is not None:
            organisations = organisations.filter(municipality=municipality)
        mine = list(organisations.order_by("name"))
        if not mine:
            raise PermissionDenied
        base = base.filter(organisation__in=mine)
        words.append(("Mina rapporter", ", ".join(o.name for o in mine)))
    # The filterset offers areas by request.user; there is no request in the worker.
    request = SimpleNamespace(user=user)
    return ObservationFilterSet(filters, queryset=base, request=request), words


def clean_filters(data: Any) -> dict[str, str]:
    """Only the filterset's own parameters, as strings (the rest of a query is ignored)."""
    names = ObservationFilterSet.base_filters
    return {k: str(data[k]) for k in data if k in names and data[k] not in (None, "")}


def _filter_errors(filterset: ObservationFilterSet) -> ValidationError:
    return ValidationError({k: [str(m) for m in v] for k, v in filterset.errors.items()})


def export_job_request(
    *,
    actor: User,
    municipality: Municipality | None,
    format: str,
    filters: dict[str, str],
    mine_only: bool,
) -> ExportJob:
    """Queue an export. A filter the filterset refuses is refused now (ValidationError)."""
    if format not in SUFFIX:
        raise ValidationError({"format": ["Välj format csv eller xlsx."]})
    filters = clean_filters(filters)
    filterset, _ = export_filterset(
        user=actor, municipality=municipality, filters=filters, mine_only=mine_only
    )
    if not filterset.is_valid():
        raise _filter_errors(filterset)
    with transaction.atomic():
        job = ExportJob.objects.create(
            requested_by=actor,
            municipality=municipality,
            format=format,
            filters=filters,
            mine_only=mine_only,
            rows_total=filterset.qs.count(),
        )
        audit.record(
            actor=actor,
            action="observation.export_job.request",
            target=job,
            changes={"format": format, "filters": filters, "mine_only": mine_only},
        )
        transaction.on_commit(lambda: export_job_task.enqueue(job.pk))
    return job


@task()
def export_job_task(job_id: int) -> str:
    """Run one queued export in the task worker. The conditional UPDATE claims it, so
    a job is written once even when `run_export_jobs` (the fallback) reaches it first;
    the job's status when the task ends, or "" when someone else had it."""
    claimed = ExportJob.objects.filter(pk=job_id, status=ExportJob.Status.QUEUED).update(
        status=ExportJob.Status.RUNNING, started_at=timezone.now()
    )
    if not claimed:
        return ""
    return str(export_job_run(ExportJob.objects.get(pk=job_id)).status)


def export_job_claim() -> ExportJob | None:
    """The oldest queued job, now running and this worker's; None when none is left.
    The UPDATE only succeeds while the row is still queued: one worker per job."""
    while True:
        pk = (
            ExportJob.objects.filter(status=ExportJob.Status.QUEUED)
            .order_by("created_at", "pk")
            .values_list("pk", flat=True)
            .first()
        )
        if pk is None:
            return None
        claimed = ExportJob.objects.filter(pk=pk, status=ExportJob.Status.QUEUED).update(
            status=ExportJob.Status.RUNNING, started_at=timezone.now()
        )
        if claimed:
            return ExportJob.objects.get(pk=pk)


def export_job_run(job: ExportJob) -> ExportJob:
    """Write the job's file as its requester may see the rows now; done or failed."""
    target = directory() / f"{job.pk}-{secrets.token_hex(8)}.{SUFFIX[job.format]}"
    counts: Counter[int] = Counter()
    try:
        observations, words = _observations(job)
        ExportJob.objects.filter(pk=job.pk).update(rows_total=observations.count(), rows_done=0)
        info = exports.ExportInfo(
            f"iakttagelser.{job.format}", words, job.requested_by.get_username(), timezone.now()
        )
        rows = _progress(job, exports.counted(_rows(observations), counts))
        manifest = _write(job.format, rows, info, target)
    except Exception as exc:
        logger.exception("export job %s failed", job.pk)
        target.unlink(missing_ok=True)
        error = str(exc) if isinstance(exc, ExportJobError) else FAILED
        _finish(job, status=ExportJob.Status.FAILED, error=error)
        return job
    with transaction.atomic():
        _finish(job, status=ExportJob.Status.DONE, file_name=target.name, rows_done=manifest.rows)
        _audit_done(job, manifest, counts, words)
    return job


def _observations(job: ExportJob) -> tuple[models.QuerySet[Observation], list[tuple[str, str]]]:
    try:
        filterset, words = export_filterset(
            user=job.requested_by,
            municipality=job.municipality,
            filters=job.filters,
            mine_only=job.mine_only,
        )
    except PermissionDenied as exc:
        raise ExportJobError("Du rapporterar inte längre för någon organisation.") from exc
    if not filterset.is_valid():
        problems = " ".join(str(m) for errors in filterset.errors.values() for m in errors)
        raise ExportJobError(f"Filtret går inte längre att använda. {problems}".strip())
    return filterset.qs, words + describe_filters(filterset)


def _rows(observations: models.QuerySet[Observation]) -> Iterator[exports.Record]:
    """Newest first, a page at a time (keyset), each page read whole. No cursor stays
    open between pages, so each progress update commits at once: on SQLite an open read
    would hold the write (and the database's write lock) until the export ended."""
    # The rows may come from the read replica (core.db_router); the job's row and its
    # progress stay on the primary.
    ordered = (
        observations.using(read_alias()).order_by(*exports.ORDER).values_list(*exports.FIELDS_READ)
    )
    page = list(ordered[:PROGRESS_EVERY])
    while page:
        yield from page
        last = page[-1]
        moment, pk = last[exports.OCCURRED_FROM], last[exports.PK]
        after = Q(occurred_from__lt=moment) | Q(occurred_from=moment, id__lt=pk)
        page = list(ordered.filter(after)[:PROGRESS_EVERY])


def _progress(job: ExportJob, rows: Iterable[exports.Record]) -> Iterator[exports.Record]:
    for done, o in enumerate(rows, start=1):
        yield o
        if done % PROGRESS_EVERY == 0:
            # Outside any transaction: committed at once, so the progress page sees it.
            ExportJob.objects.filter(pk=job.pk).update(rows_done=done)


def _write(
    kind: str, rows: Iterable[exports.Record], info: exports.ExportInfo, target: Path
) -> exports.Manifest:
    """Into a temporary file beside `target`, renamed into place only when complete."""
    handle, temporary = tempfile.mkstemp(dir=target.parent, suffix=".part")
    try:
        with os.fdopen(handle, "wb") as out:
            manifest = _write_to(kind, rows, out, info)
        os.replace(temporary, target)
    finally:
        Path(temporary).unlink(missing_ok=True)
    return manifest


def _write_to(
    kind: str, rows: Iterable[exports.Record], out: IO[bytes], info: exports.ExportInfo
) -> exports.Manifest:
    if kind == "csv":
        return exports.write_csv_zip(rows, out, info)
    return exports.write_xlsx(rows, out, info)


def _finish(job: ExportJob, **fields: Any) -> None:
    for name, value in (fields | {"finished_at": timezone.now()}).items():
        setattr(job, name, value)
    job.save(update_fields=[*fields, "finished_at"])


def _audit_done(
    job: ExportJob,
    manifest: exports.Manifest,
    counts: Counter[int],
    words: list[tuple[str, str]],
) -> None:
    # Like a download: one event in each municipality whose rows were exported.
    municipalities = Municipality.objects.in_bulk(list(counts))
    targets: list[tuple[Municipality | None, int]] = [
        (municipalities[pk], n) for pk, n in counts.items()
    ] or [(job.municipality, 0)]
    for municipality, rows in targets:
        audit.record(
            actor=job.requested_by,
            action="observation.export",
            target=job,
            municipality=municipality,
            changes={
                "format": job.format,
                "rows": rows,
                "rows_in_file": manifest.rows,
                "filters": dict(words),
                "background": True,
            },
        )


def export_job_file(*, actor: User, job: ExportJob) -> IO[bytes]:
    """The finished file, opened for `actor` (the requester: others get PermissionDenied),
    audited. FileNotFoundError when it is not there (not done, or cleaned up)."""
    if job.requested_by_id != actor.pk:
        raise PermissionDenied
    path = file_path(job)
    if job.status != ExportJob.Status.DONE or path is None:
        raise FileNotFoundError(job.pk)
    file = path.open("rb")
    with transaction.atomic():
        audit.record(actor=actor, action="observation.export_job.download", target=job)
    return file


def download_name(job: ExportJob) -> str:
    day = job.created_at.astimezone(STOCKHOLM)
    return f"iakttagelser-{day:%Y-%m-%d}-{job.pk}.{SUFFIX[job.format]}"


def export_jobs_cleanup(max_age: timedelta = MAX_AGE) -> int:
    """Delete jobs older than `max_age` and their files, and stray files as old; the
    number of jobs deleted."""
    limit = timezone.now() - max_age
    old = list(ExportJob.objects.filter(created_at__lt=limit))
    for job in old:
        path = file_path(job)
        if path is not None:
            path.unlink(missing_ok=True)
    ExportJob.objects.filter(pk__in=[job.pk for job in old]).delete()
    for path in directory().iterdir():
        # Left by a worker that was killed mid-write, or by a row deleted some other way.
        if path.is_file() and path.stat().st_mtime < limit.timestamp():
            path.unlink(missing_ok=True)
    return len(old)

"""Background tasks of imports (django-tasks; run by `samordna db_worker`), and the
two writes that queue them: a new upload's dry run, a confirmed upload's write."""

from __future__ import annotations

from pathlib import PurePath
from typing import Any

from django.db import transaction
from django_tasks import task

from samordna.tabular.jobs import claim, import_job_check, import_job_commit, remove_stale
from samordna.tabular.models import ImportJob
from samordna.tabular.pending import PendingUpload


@task()
def import_check_task(job_id: int) -> str:
    """Read and check one uploaded file (the preview); the job's status when it ends,
    or "" when the job was not waiting for this (claimed by a conditional UPDATE)."""
    job = claim(job_id, ImportJob.Status.QUEUED, ImportJob.Status.CHECKING)
    return "" if job is None else str(import_job_check(job).status)


@task()
def import_commit_task(job_id: int) -> str:
    """Write one confirmed import, all rows or none."""
    job = claim(job_id, ImportJob.Status.CONFIRMED, ImportJob.Status.COMMITTING)
    return "" if job is None else str(import_job_commit(job).status)


def import_job_start(
    *, actor: Any, kind: str, upload: PendingUpload, params: dict[str, Any]
) -> ImportJob:
    """Queue the dry run of an uploaded file; the request does nothing more."""
    remove_stale()
    with transaction.atomic():
        job = ImportJob.objects.create(
            kind=kind,
            requested_by=actor,
            token=upload.token,
            file_name=PurePath(upload.name).name,
            params=params,
        )
        transaction.on_commit(lambda: _enqueue("check", job.pk))
    return job


def import_job_confirm(job: ImportJob) -> bool:
    """Queue the write of a checked job without problems; False when it is not that."""
    with transaction.atomic():
        confirmed = ImportJob.objects.filter(
            pk=job.pk, status=ImportJob.Status.CHECKED, errors_found=0, error=""
        ).update(status=ImportJob.Status.CONFIRMED)
        if confirmed:
            transaction.on_commit(lambda: _enqueue("commit", job.pk))
    return bool(confirmed)


def _enqueue(step: str, job_id: int) -> None:
    (import_check_task if step == "check" else import_commit_task).enqueue(job_id)

"""Background tasks of imports (django-tasks; run by `samordna db_worker`)."""

from __future__ import annotations

from django_tasks import task

from samordna.tabular.jobs import claim, import_job_check, import_job_commit
from samordna.tabular.models import ImportJob


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

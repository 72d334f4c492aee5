"""Background tasks of the reports app (django-tasks; run by `samordna db_worker`)."""

from __future__ import annotations

from django.utils import timezone
from django_tasks import task

from samordna.reports.jobs import export_job_run
from samordna.reports.models import ExportJob


@task()
def export_job_task(job_id: int) -> str:
    """Run one queued export. The conditional UPDATE claims it, so a job is written once
    even when `run_export_jobs` (the cron fallback) reaches it first; the job's status
    when the task ends, or "" when someone else had it."""
    claimed = ExportJob.objects.filter(pk=job_id, status=ExportJob.Status.QUEUED).update(
        status=ExportJob.Status.RUNNING, started_at=timezone.now()
    )
    if not claimed:
        return ""
    return str(export_job_run(ExportJob.objects.get(pk=job_id)).status)

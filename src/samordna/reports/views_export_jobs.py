"""Background exports on the web: `/export/jobb/` (mine, and POST to queue one),
`/export/jobb/<id>/` (progress) and `/export/jobb/<id>/fil/` (the file).

A job is its requester's alone: for anyone else it does not exist (404).
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied, ValidationError
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render

from samordna.core.models import User
from samordna.reports import jobs as export_jobs
from samordna.reports.models import ExportJob
from samordna.reports.views_export import CONTENT_TYPES, refused

LISTED = 50
REFRESH_SECONDS = 3


def jobs(request: HttpRequest) -> HttpResponse:
    if request.method == "POST":
        return _request(request)
    listed = ExportJob.objects.restrict(request.user, "view")[:LISTED]
    return render(request, "reports/export_jobs.html", {"jobs": listed})


def _request(request: HttpRequest) -> HttpResponse:
    membership = getattr(request, "membership", None)
    if membership is None:
        raise PermissionDenied
    try:
        job = export_jobs.export_job_request(
            actor=request.user,  # type: ignore[arg-type]
            municipality=membership.municipality,
            format=request.POST.get("format", ""),
            filters=export_jobs.clean_filters(request.POST),
            mine_only=bool(request.POST.get("mina")),
        )
    except ValidationError as exc:
        return refused(request, "Filtret går inte att använda", " ".join(exc.messages))
    return redirect("reports_export:job", pk=job.pk)


def _job(request: HttpRequest, pk: int) -> ExportJob:
    return get_object_or_404(ExportJob.objects.restrict(request.user, "view"), pk=pk)


def detail(request: HttpRequest, pk: int) -> HttpResponse:
    job = _job(request, pk)
    running = job.status in {ExportJob.Status.QUEUED, ExportJob.Status.RUNNING}
    context = {"job": job, "running": running, "refresh_seconds": REFRESH_SECONDS}
    return render(request, "reports/export_job.html", context)


def download(request: HttpRequest, pk: int) -> FileResponse:
    job = _job(request, pk)
    user: User = request.user  # type: ignore[assignment]
    try:
        file = export_jobs.export_job_file(actor=user, job=job)
    except FileNotFoundError as exc:
        raise Http404 from exc
    return FileResponse(
        file,
        as_attachment=True,
        filename=export_jobs.download_name(job),
        content_type=CONTENT_TYPES[job.format],
    )

"""The steps every web import shares: upload -> preview (first rows, every problem) ->
confirm or cancel, the person's own pending file or a 404, and the error CSV download.
What a preview checks and shows is the importing app's view."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from pathlib import PurePath
from typing import Any

from django import forms
from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from samordna.tabular.jobs import job_problems, problems_path
from samordna.tabular.models import ImportJob
from samordna.tabular.pending import P, PendingUpload, PendingUploads
from samordna.tabular.problems import Problem, problems_csv
from samordna.tabular.readers import Table
from samordna.tabular.tasks import import_job_confirm, import_job_start

PREVIEW_ROWS = 20


def owned_upload(
    uploads: PendingUploads[P], request: HttpRequest, token: str, *, belongs: Callable[[P], bool]
) -> P:
    """The person's pending file if it `belongs` where they work now; 404 otherwise."""
    found = uploads.find(request.session, token)
    if found is None or not belongs(found):
        raise Http404
    return found


def cancel_or_remap(
    request: HttpRequest,
    uploads: PendingUploads[P],
    stored: P,
    *,
    mapping_form: type[forms.Form],
    upload: str,
    preview: str,
    on_remap: Callable[[P], object] | None = None,
) -> HttpResponse | None:
    """The redirect answering a cancel (to the `upload` page) or a new column mapping
    (back to the `preview`, after `on_remap` was given the upload as it is now: a job
    queued to check it again), or None when the request asks for neither."""
    action = request.POST.get("action") if request.method == "POST" else None
    if action == "cancel":
        uploads.discard(request.session, stored)
        messages.info(request, _("Importen avbröts. Inget sparades."))
        return redirect(upload)
    if action == "remap":
        form = mapping_form(request.POST)
        if form.is_valid():
            uploads.remap(request.session, stored, form.cleaned_data["mapping"])
            remapped = uploads.find(request.session, stored.token)
            if on_remap is not None and remapped is not None:
                on_remap(remapped)
        return redirect(preview, token=stored.token)
    return None


def confirmed(request: HttpRequest, uploads: PendingUploads[P], stored: P, summary: str) -> None:
    """The import is written: the file goes, and the person is told what was done."""
    uploads.discard(request.session, stored)
    messages.success(request, _("Importen är klar: %s.") % summary)


def preview_rows(table: Table) -> list[tuple[int, list[str]]]:
    """The first rows as the file numbers them, every cell as text ("" for empty)."""
    return [
        (row.number, ["" if cell is None else str(cell) for cell in row.cells])
        for row in table.rows[:PREVIEW_ROWS]
    ]


def problems_download(problems: Sequence[Problem], uploaded_name: str) -> HttpResponse:
    """The full row-level error report as a CSV download named after the upload."""
    response = HttpResponse(problems_csv(problems).encode("utf-8-sig"), content_type="text/csv")
    stem = PurePath(uploaded_name).stem or "import"
    name = "".join(c if c.isalnum() or c in "-_" else "_" for c in stem)[:60]
    response["Content-Disposition"] = f'attachment; filename="{name}-fel.csv"'
    return response


def upload_job(
    request: HttpRequest, stored: PendingUpload, kind: str, params: dict[str, Any]
) -> ImportJob:
    """The latest job checking this upload as `params` say, or a new one queued."""
    job = ImportJob.objects.filter(
        kind=kind, token=stored.token, requested_by_id=request.user.pk
    ).first()
    if job is None or job.params != params:
        job = import_job_start(actor=request.user, kind=kind, upload=stored, params=params)
        job.refresh_from_db()  # run already when tasks run at once (the tests)
    return job


def confirm_job(request: HttpRequest, job: ImportJob) -> ImportJob:
    """Queue the job's write if the person confirmed a clean preview; the job now."""
    if request.method == "POST" and request.POST.get("action") == "confirm":
        import_job_confirm(job)
        job.refresh_from_db()
    return job


def job_context(job: ImportJob) -> dict[str, Any]:
    """What a preview page shows of a checked job."""
    preview = job.preview or {}
    return {
        "job": job,
        "problems": job_problems(job),
        "problems_count": job.errors_found,
        "summary": job.summary if job.status == ImportJob.Status.CHECKED else "",
        "can_confirm": job.status == ImportJob.Status.CHECKED
        and not job.errors_found
        and not job.error,
        "describe": preview.get("describe", []),
        "unknown": preview.get("unknown", []),
        "columns": preview.get("columns", []),
        "rows": preview.get("rows", []),
        "row_count": preview.get("count", 0),
    }


def progress_page(request: HttpRequest, job: ImportJob, back: str) -> HttpResponse:
    """While the job runs: rows read and errors so far, the page reloading itself."""
    return render(request, "tabular/import_progress.html", {"job": job, "back": back})


def job_problems_download(job: ImportJob) -> HttpResponse:
    """The job's full error report as CSV (the page shows only the first problems)."""
    path = problems_path(job)
    if job.errors_found and path.exists():
        data = path.read_bytes()
    else:
        data = problems_csv(job_problems(job)).encode("utf-8-sig")
    response = HttpResponse(data, content_type="text/csv")
    stem = PurePath(job.file_name).stem or "import"
    name = "".join(c if c.isalnum() or c in "-_" else "_" for c in stem)[:60]
    response["Content-Disposition"] = f'attachment; filename="{name}-fel.csv"'
    return response

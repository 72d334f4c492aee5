"""Importing a survey file on the web: upload -> preview (mapping, areas matched, first
rows, every problem) -> confirm. Nothing is written before the confirm, and then all
of it or nothing, through `survey_import` (as the report import does)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse

from samordna.core.models import Membership, Municipality
from samordna.surveys.forms import MappingForm, UploadForm
from samordna.surveys.imports.job import KIND
from samordna.surveys.models import Survey
from samordna.surveys.policies import IMPORTERS
from samordna.tabular.models import ImportJob
from samordna.tabular.pending import PendingUpload, PendingUploads
from samordna.tabular.views import (
    cancel_or_remap,
    confirm_job,
    confirmed,
    job_context,
    job_problems_download,
    owned_upload,
    progress_page,
    upload_job,
)


@dataclass(frozen=True, kw_only=True)
class Pending(PendingUpload):
    """An uploaded survey file and what the person said about the survey."""

    municipality_id: int
    kind: str
    title: str
    year: int | None
    source_note: str = ""


pending = PendingUploads("survey_imports", Pending)


def _municipality(request: HttpRequest) -> Municipality:
    """The municipality the person works in now, if they may import surveys there."""
    membership: Membership | None = getattr(request, "membership", None)
    if membership is None or membership.role not in IMPORTERS:
        raise PermissionDenied
    return membership.municipality


def upload(request: HttpRequest) -> HttpResponse:
    municipality = _municipality(request)
    form = UploadForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        stored = pending.store(
            request.session,
            data=data["file"].read(),
            name=data["file"].name,
            municipality_id=municipality.pk,
            kind=data["kind"],
            title=data["title"].strip(),
            year=data["year"],
            source_note=data["source_note"],
            mapping=data["mapping"],
        )
        upload_job(request, stored, KIND, _params(stored))
        return redirect("surveys:import_preview", token=stored.token)
    return render(request, "surveys/import_upload.html", {"form": form})


def _pending(request: HttpRequest, token: str, municipality: Municipality) -> Pending:
    return owned_upload(
        pending, request, token, belongs=lambda p: p.municipality_id == municipality.pk
    )


def _params(stored: Pending) -> dict[str, Any]:
    return {
        "municipality_id": stored.municipality_id,
        "kind": stored.kind,
        "title": stored.title,
        "year": stored.year,
        "source_note": stored.source_note,
        "mapping": stored.mapping,
    }


def preview(request: HttpRequest, token: str) -> HttpResponse:
    """The file is read and checked by a job (tabular.jobs): its progress, then the
    preview; a confirm queues the write, all of it or nothing."""
    municipality = _municipality(request)
    stored = _pending(request, token, municipality)
    answered = cancel_or_remap(
        request,
        pending,
        stored,
        mapping_form=MappingForm,
        upload="surveys:import",
        preview="surveys:import_preview",
        on_remap=lambda p: upload_job(request, p, KIND, _params(p)),
    )
    if answered is not None:
        return answered
    job = confirm_job(request, upload_job(request, stored, KIND, _params(stored)))
    if job.status == ImportJob.Status.DONE:
        confirmed(request, pending, stored, job.summary)
        survey_id = (job.preview or {}).get("survey_id")
        return redirect("surveys:results", pk=survey_id) if survey_id else redirect("surveys:list")
    if job.running:
        if request.method == "POST":
            return redirect("surveys:import_preview", token=stored.token)
        return progress_page(request, job, reverse("surveys:import"))
    context = job_context(job) | {
        "stored": stored,
        "kind_label": Survey.Kind(stored.kind).label,
        "mapping_form": MappingForm(initial={"mapping": stored.mapping}),
        "areas": (job.preview or {}).get("areas", []),
    }
    return render(request, "surveys/import_preview.html", context)


def problems(request: HttpRequest, token: str) -> HttpResponse:
    """The full row-level error report as CSV, to fix the file and upload it again."""
    municipality = _municipality(request)
    stored = _pending(request, token, municipality)
    return job_problems_download(upload_job(request, stored, KIND, _params(stored)))

"""Importing observations from a file on the web: upload -> preview (mapping, first
rows, every problem) -> confirm. Nothing is written before the confirm, and then
all rows or none, through the same service as `samordna import_reports`."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import PurePath
from typing import Any

from django import forms
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from samordna.core.models import Membership, Organisation
from samordna.reports.imports.job import KIND
from samordna.reports.policies import reporting_organisations
from samordna.tabular.files import UPLOAD_MAX_BYTES
from samordna.tabular.models import ImportJob
from samordna.tabular.pending import PendingUpload, PendingUploads
from samordna.tabular.readers import FORMATS
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

MAPPING_HELP = _(
    "Bara om en kolumn tolkas fel, t.ex. ”Händelse=kategori, Väder=-” (- = använd inte)."
)


@dataclass(frozen=True, kw_only=True)
class Pending(PendingUpload):
    """An uploaded report file and the organisation it reports for."""

    organisation_id: int


pending = PendingUploads("report_imports", Pending)


class UploadForm(forms.Form):
    file = forms.FileField(
        label=_("Fil"),
        help_text=_("CSV (UTF-8, avgränsad med ; eller ,), Excel (.xlsx) eller JSON. Högst 20 MB."),
    )
    mapping = forms.CharField(label=_("Kolumner"), required=False, help_text=MAPPING_HELP)

    def clean_file(self) -> Any:
        upload = self.cleaned_data["file"]
        if PurePath(upload.name).suffix.lower().lstrip(".") not in FORMATS:
            raise forms.ValidationError(_("Välj en fil som slutar på .csv, .xlsx eller .json."))
        if upload.size > UPLOAD_MAX_BYTES:
            raise forms.ValidationError(_("Filen är större än 20 MB. Dela upp den."))
        return upload


class MappingForm(forms.Form):
    mapping = forms.CharField(label=_("Kolumner"), required=False, help_text=MAPPING_HELP)


def _organisation(request: HttpRequest) -> Organisation:
    """The organisation the person works for now, if they may file reports for it."""
    membership: Membership | None = getattr(request, "membership", None)
    if membership is None or not reporting_organisations(request.user).filter(
        pk=membership.organisation_id
    ):
        raise PermissionDenied
    return membership.organisation


def upload(request: HttpRequest) -> HttpResponse:
    organisation = _organisation(request)
    form = UploadForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        file = form.cleaned_data["file"]
        stored = pending.store(
            request.session,
            name=file.name,
            data=file.read(),
            organisation_id=organisation.pk,
            mapping=form.cleaned_data["mapping"],
        )
        upload_job(request, stored, KIND, _params(stored))
        return redirect("reports_import:preview", token=stored.token)
    return render(
        request, "reports/import_upload.html", {"form": form, "organisation": organisation}
    )


def _pending(request: HttpRequest, token: str, organisation: Organisation) -> Pending:
    return owned_upload(
        pending, request, token, belongs=lambda p: p.organisation_id == organisation.pk
    )


def _params(stored: Pending) -> dict[str, Any]:
    return {"organisation_id": stored.organisation_id, "mapping": stored.mapping}


def preview(request: HttpRequest, token: str) -> HttpResponse:
    """The file is read and checked by a job (tabular.jobs); this page shows its
    progress, then the preview; a confirm queues the write, all rows or none."""
    organisation = _organisation(request)
    stored = _pending(request, token, organisation)
    answered = cancel_or_remap(
        request,
        pending,
        stored,
        mapping_form=MappingForm,
        upload="reports_import:upload",
        preview="reports_import:preview",
        on_remap=lambda p: upload_job(request, p, KIND, _params(p)),
    )
    if answered is not None:
        return answered
    job = confirm_job(request, upload_job(request, stored, KIND, _params(stored)))
    if job.status == ImportJob.Status.DONE:
        confirmed(request, pending, stored, job.summary)
        return redirect("reports_import:upload")
    if job.running:
        if request.method == "POST":
            return redirect("reports_import:preview", token=stored.token)
        return progress_page(request, job, reverse("reports_import:upload"))
    context = job_context(job) | {
        "stored": stored,
        "organisation": organisation,
        "mapping_form": MappingForm(initial={"mapping": stored.mapping}),
    }
    return render(request, "reports/import_preview.html", context)


def problems(request: HttpRequest, token: str) -> HttpResponse:
    """The full row-level error report as CSV, to fix the file and upload it again."""
    organisation = _organisation(request)
    stored = _pending(request, token, organisation)
    return job_problems_download(upload_job(request, stored, KIND, _params(stored)))

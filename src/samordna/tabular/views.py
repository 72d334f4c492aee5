"""The steps every web import shares: upload -> preview (first rows, every problem) ->
confirm or cancel, the person's own pending file or a 404, and the error CSV download.
What a preview checks and shows is the importing app's view."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from pathlib import PurePath

from django import forms
from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.utils.translation import gettext as _

from samordna.tabular.pending import P, PendingUploads
from samordna.tabular.problems import Problem, problems_csv
from samordna.tabular.readers import Table

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
) -> HttpResponse | None:
    """The redirect answering a cancel (to the `upload` page) or a new column mapping
    (back to the `preview`), or None when the request asks for neither."""
    action = request.POST.get("action") if request.method == "POST" else None
    if action == "cancel":
        uploads.discard(request.session, stored)
        messages.info(request, _("Importen avbröts. Inget sparades."))
        return redirect(upload)
    if action == "remap":
        form = mapping_form(request.POST)
        if form.is_valid():
            uploads.remap(request.session, stored, form.cleaned_data["mapping"])
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

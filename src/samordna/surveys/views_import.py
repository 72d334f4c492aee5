"""Importing a survey file on the web: upload -> preview (mapping, areas matched, first
rows, every problem) -> confirm. Nothing is written before the confirm, and then all
of it or nothing, through `survey_import` (as the report import does)."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render

from samordna.core.models import Membership, Municipality
from samordna.surveys.forms import MappingForm, UploadForm
from samordna.surveys.imports import SurveyMapping, SurveyMeta, detect_mapping, survey_import
from samordna.surveys.imports.cells import AreaLookup
from samordna.surveys.models import Survey
from samordna.surveys.policies import IMPORTERS
from samordna.tabular import cells as v
from samordna.tabular.mapping import fold
from samordna.tabular.pending import PendingUpload, PendingUploads
from samordna.tabular.problems import ImportRefused
from samordna.tabular.readers import Table, read_table
from samordna.tabular.views import (
    cancel_or_remap,
    confirmed,
    owned_upload,
    preview_rows,
    problems_download,
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
        return redirect("surveys:import_preview", token=stored.token)
    return render(request, "surveys/import_upload.html", {"form": form})


def _pending(request: HttpRequest, token: str, municipality: Municipality) -> Pending:
    return owned_upload(
        pending, request, token, belongs=lambda p: p.municipality_id == municipality.pk
    )


def preview(request: HttpRequest, token: str) -> HttpResponse:
    municipality = _municipality(request)
    stored = _pending(request, token, municipality)
    answered = cancel_or_remap(
        request,
        pending,
        stored,
        mapping_form=MappingForm,
        upload="surveys:import",
        preview="surveys:import_preview",
    )
    if answered is not None:
        return answered
    confirm = request.method == "POST" and request.POST.get("action") == "confirm"
    context = _check(request, stored, municipality, dry_run=not confirm)
    if confirm and not context["problems"]:
        confirmed(request, pending, stored, context["result"].summary())
        surveys = context["result"].surveys
        return (
            redirect("surveys:results", pk=surveys[0].pk) if surveys else redirect("surveys:list")
        )
    return render(request, "surveys/import_preview.html", context)


def _check(
    request: HttpRequest, stored: Pending, municipality: Municipality, *, dry_run: bool
) -> dict[str, Any]:
    context: dict[str, Any] = {
        "stored": stored,
        "kind_label": Survey.Kind(stored.kind).label,
        "mapping_form": MappingForm(initial={"mapping": stored.mapping}),
        "problems": [],
        "result": None,
        "table": None,
        "mapping": None,
        "areas": [],
    }
    try:
        table = read_table(stored.name, stored.read())
        context["table"] = table
        context["rows"] = preview_rows(table)
        mapping = detect_mapping(
            table.columns, own=stored.kind == Survey.Kind.OWN, overrides=stored.mapping
        )
        context["mapping"] = mapping
        context["areas"] = area_matches(table, mapping, municipality)
        meta = SurveyMeta(stored.kind, stored.title, stored.year, stored.source_note)
        context["result"] = survey_import(
            actor=request.user,  # type: ignore[arg-type]
            municipality=municipality,
            meta=meta,
            rows=table.rows,
            mapping=mapping,
            dry_run=dry_run,
        )
    except ImportRefused as exc:
        context["problems"] = exc.problems
    return context


def area_matches(
    table: Table, mapping: SurveyMapping, municipality: Municipality
) -> list[tuple[str, str, int]]:
    """Each area name in the file, the area it matches ("" = none) and its row count."""
    index = mapping.fields.get("area")
    if index is None:
        return []
    counts = Counter(v.text(row.cells[index]) for row in table.rows)
    lookup = AreaLookup(municipality)
    return [
        (name, lookup.areas[fold(name)].name if fold(name) in lookup.areas else "", n)
        for name, n in sorted(counts.items())
    ]


def problems(request: HttpRequest, token: str) -> HttpResponse:
    """The full row-level error report as CSV, to fix the file and upload it again."""
    municipality = _municipality(request)
    stored = _pending(request, token, municipality)
    context = _check(request, stored, municipality, dry_run=True)
    return problems_download(context["problems"], stored.name)

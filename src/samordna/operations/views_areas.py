"""A municipality's areas on the web: upload -> preview (every area, or every problem)
-> confirm or cancel. Nothing is written before the confirm (operations.areas)."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from samordna.core.models import Municipality
from samordna.operations import areas
from samordna.operations.forms import AreaUploadForm
from samordna.operations.policies import operated_municipality
from samordna.tabular.views import owned_upload


def upload(request: HttpRequest, pk: int) -> HttpResponse:
    _actor, municipality = operated_municipality(request, pk)
    form = AreaUploadForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        stored = areas.pending.store(
            request.session,
            data=data["file"].read(),
            name=data["file"].name,
            municipality_id=municipality.pk,
            kind=data["kind"],
            name_field=data["name_field"].strip(),
            vintage=data["vintage"].strip(),
            crs=data["crs"],
        )
        return redirect("operations:areas_preview", pk=municipality.pk, token=stored.token)
    status = 400 if form.errors else 200
    context = {"municipality": municipality, "form": form}
    return render(request, "operations/areas_upload.html", context, status=status)


def preview(request: HttpRequest, pk: int, token: str) -> HttpResponse:
    actor, municipality = operated_municipality(request, pk)
    stored = _stored(request, token, municipality)
    action = request.POST.get("action") if request.method == "POST" else None
    if action == "cancel":
        areas.pending.discard(request.session, stored)
        messages.info(request, _("Inläsningen avbröts. Inget sparades."))
        return redirect("operations:onboarding", pk=municipality.pk)
    if action == "confirm":
        done = areas.run(stored, actor=actor, municipality=municipality, dry_run=False)
        if done.can_confirm and done.result is not None:
            areas.pending.discard(request.session, stored)
            messages.success(request, _("Områdena är inlästa: %s.") % done.result.summary())
            return redirect("operations:onboarding", pk=municipality.pk)
    checked = areas.run(stored, actor=actor, municipality=municipality, dry_run=True)
    context = {"municipality": municipality, "stored": stored, "preview": checked}
    return render(request, "operations/areas_preview.html", context)


def _stored(request: HttpRequest, token: str, municipality: Municipality) -> areas.PendingAreas:
    return owned_upload(
        areas.pending,
        request,
        token,
        belongs=lambda p: p.municipality_id == municipality.pk,
    )

"""Interventions: the list (filters, overdue in red), one intervention with its history,
reporting its status, and deciding one outside a meeting."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from samordna.core.models import Membership, User
from samordna.interventions.filtersets import InterventionFilterSet
from samordna.interventions.forms import (
    InterventionForm,
    ReportForm,
    add_service_errors,
    error_links,
)
from samordna.interventions.models import Intervention
from samordna.interventions.policies import DECIDERS, EST_ROLES
from samordna.interventions.services import (
    intervention_create,
    intervention_report,
    may_report,
)

PAGE_SIZE = 50


def _reader(request: HttpRequest) -> Membership:
    membership: Membership | None = getattr(request, "membership", None)
    if membership is None or membership.role not in EST_ROLES:
        raise PermissionDenied
    return membership


def _actor(request: HttpRequest) -> User:
    return request.user  # type: ignore[return-value]  # signed in: the middleware saw to it


def _visible(request: HttpRequest, membership: Membership) -> Any:
    return Intervention.objects.restrict(request.user).filter(municipality=membership.municipality)


def intervention_list(request: HttpRequest) -> HttpResponse:
    membership = _reader(request)
    rows = _visible(request, membership).select_related("owner_organisation", "owner_person")
    filterset = InterventionFilterSet(request.GET, queryset=rows, request=request)
    del filterset.form.fields["municipality"]  # the page shows the current municipality
    page = Paginator(filterset.qs.order_by("deadline", "id"), PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    context = {
        "filterset": filterset,
        "page": page,
        "filtered": any(request.GET.get(k) for k in ("status", "owner", "overdue")),
        "may_create": membership.role in DECIDERS,
    }
    return render(request, "interventions/list.html", context)


def _intervention(request: HttpRequest, pk: int) -> Intervention:
    membership = _reader(request)
    rows = _visible(request, membership).select_related(
        "owner_organisation", "owner_person", "raised_by", "decided_in"
    )
    intervention: Intervention = get_object_or_404(rows, pk=pk)
    return intervention


def intervention_detail(request: HttpRequest, pk: int) -> HttpResponse:
    intervention = _intervention(request, pk)
    form = ReportForm(initial={"status": intervention.status, "rag": intervention.rag})
    return _render_detail(request, intervention, form)


def _render_detail(
    request: HttpRequest, intervention: Intervention, form: ReportForm
) -> HttpResponse:
    updates = intervention.updates.select_related("by", "meeting").order_by("-at", "-id")
    context = {
        "intervention": intervention,
        "updates": updates,
        "areas": intervention.areas.order_by("name"),
        "form": form if may_report(_actor(request), intervention) else None,
        "errors": error_links(form) if form.is_bound else [],
    }
    return render(request, "interventions/detail.html", context)


@require_POST
def intervention_report_view(request: HttpRequest, pk: int) -> HttpResponse:
    intervention = _intervention(request, pk)
    if not may_report(_actor(request), intervention):
        raise PermissionDenied
    form = ReportForm(request.POST)
    if form.is_valid():
        try:
            intervention_report(
                actor=_actor(request),
                intervention=intervention,
                status=form.cleaned_data["status"],
                rag=form.cleaned_data["rag"],
                note=form.cleaned_data["note"],
            )
        except ValidationError as error:
            add_service_errors(form, error.message_dict)
        else:
            messages.success(request, _("Lägesrapporten är sparad."))
            return redirect("interventions:detail", pk=intervention.pk)
    return _render_detail(request, intervention, form)


def intervention_create_view(request: HttpRequest) -> HttpResponse:
    membership = _reader(request)
    if membership.role not in DECIDERS:
        raise PermissionDenied
    municipality = membership.municipality
    form = InterventionForm(request.POST or None, municipality=municipality)
    if request.method == "POST" and form.is_valid():
        try:
            intervention = intervention_create(
                actor=_actor(request),
                municipality=municipality,
                data=form.to_input(raised_by=membership.organisation),
            )
        except ValidationError as error:
            add_service_errors(form, error.message_dict)
        else:
            messages.success(request, _("Insatsen är beslutad."))
            return redirect("interventions:detail", pk=intervention.pk)
    context = {"form": form, "errors": error_links(form) if form.is_bound else []}
    return render(request, "interventions/create.html", context)

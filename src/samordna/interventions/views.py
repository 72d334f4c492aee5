"""Interventions: the list (filters; overdue and unowned in red), one intervention with
its history and follow-ups, reporting its status, deciding one outside a meeting,
editing it, following it up and the effect evaluation's page."""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from samordna.core.forms import add_service_errors, error_links
from samordna.core.memberships import acting_user, membership_in
from samordna.core.models import Membership
from samordna.interventions import effect
from samordna.interventions.filtersets import InterventionFilterSet
from samordna.interventions.followup import followup_create, may_follow_up
from samordna.interventions.forms import FollowUpForm, InterventionFullForm, ReportForm, initial_of
from samordna.interventions.models import FollowUp, Intervention
from samordna.interventions.policies import DECIDERS, EST_ROLES
from samordna.interventions.services import (
    InterventionInput,
    intervention_create,
    intervention_report,
    intervention_update,
    may_change,
    may_report,
)
from samordna.interventions.vocabulary import TECHNIQUES
from samordna.plans.models import Commitment
from samordna.problems.models import Cause
from samordna.problems.vocabulary import FocusArea
from samordna.reports.models import Observation

PAGE_SIZE = 50


def _reader(request: HttpRequest) -> Membership:
    return membership_in(request, EST_ROLES)


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
        "filtered": any(
            request.GET.get(k) for k in ("status", "owner", "overdue", "unowned", "kind", "tag")
        ),
        "may_create": membership.role in DECIDERS,
    }
    return render(request, "interventions/list.html", context)


def _intervention(request: HttpRequest, pk: int) -> Intervention:
    membership = _reader(request)
    rows = _visible(request, membership).select_related(
        "owner_organisation", "owner_person", "raised_by", "decided_in", "problem"
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
    actor = acting_user(request)
    updates = intervention.updates.select_related("by", "meeting").order_by("-at", "-id")
    commitments = (
        Commitment.objects.restrict(actor)
        .filter(interventions=intervention)
        .select_related("promise")
        .order_by("promise__year", "order", "id")
    )
    causes = Cause.objects.restrict(actor).filter(interventions=intervention).order_by("number")
    context = {
        "intervention": intervention,
        "updates": updates,
        "areas": intervention.areas.order_by("name"),
        "buffer_areas": intervention.buffer_areas.order_by("name"),
        "control_areas": intervention.control_areas.order_by("name"),
        "partners": intervention.partners.order_by("name"),
        "causes": causes,
        "hidden_causes": intervention.causes.count() - causes.count(),
        # How many observations the decision rests on: a count, never their text here.
        "grounds": Observation.objects.restrict(actor, "view")
        .filter(interventions=intervention)
        .count(),
        "techniques": [str(TECHNIQUES[t][1]) for t in intervention.techniques if t in TECHNIQUES],
        "tags": [str(FocusArea(t).label) for t in intervention.tags if t in FocusArea.values],
        "commitments": commitments,
        "follow_ups": intervention.follow_ups.select_related("by").order_by("-at", "-id"),
        "may_change": may_change(actor, intervention),
        "may_follow_up": may_follow_up(actor, intervention),
        "form": form if may_report(actor, intervention) else None,
        "errors": error_links(form) if form.is_bound else [],
    }
    return render(request, "interventions/detail.html", context)


@require_POST
def intervention_report_view(request: HttpRequest, pk: int) -> HttpResponse:
    intervention = _intervention(request, pk)
    if not may_report(acting_user(request), intervention):
        raise PermissionDenied
    form = ReportForm(request.POST)
    if form.is_valid():
        try:
            intervention_report(
                actor=acting_user(request),
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
    form = InterventionFullForm(request.POST or None, municipality=municipality, user=request.user)
    if request.method == "POST" and form.is_valid():
        try:
            intervention = intervention_create(
                actor=acting_user(request),
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


def intervention_edit_view(request: HttpRequest, pk: int) -> HttpResponse:
    intervention = _intervention(request, pk)
    actor = acting_user(request)
    if not may_change(actor, intervention):
        raise PermissionDenied
    form = InterventionFullForm(
        request.POST or None,
        municipality=intervention.municipality,
        user=request.user,
        initial=initial_of(intervention),
    )
    if request.method == "POST" and form.is_valid():
        try:
            intervention_update(
                actor=actor,
                intervention=intervention,
                data=_keep_hidden(form, intervention, form.to_input(intervention.raised_by)),
            )
        except ValidationError as error:
            add_service_errors(form, error.message_dict)
        else:
            messages.success(request, _("Insatsen är ändrad."))
            return redirect("interventions:detail", pk=intervention.pk)
    context = {
        "form": form,
        "intervention": intervention,
        "errors": error_links(form) if form.is_bound else [],
    }
    return render(request, "interventions/edit.html", context)


def _keep_hidden(
    form: InterventionFullForm, intervention: Intervention, data: InterventionInput
) -> InterventionInput:
    """What the editor may not see (a problem or causes of an analysis not shared with
    them) was not in the form: keep it as it was rather than clearing it."""
    fields: dict[str, Any] = form.fields
    problem = data.problem
    if (
        intervention.problem_id
        and not fields["problem"].queryset.filter(pk=intervention.problem_id).exists()
    ):
        problem = intervention.problem
    hidden = list(intervention.causes.exclude(pk__in=fields["causes"].queryset.values("pk")))
    if problem is not None and problem.pk != intervention.problem_id:
        hidden = []  # another problem: the old causes no longer apply
    return replace(data, problem=problem, causes=[*data.causes, *hidden])


def followup_create_view(request: HttpRequest, pk: int) -> HttpResponse:
    intervention = _intervention(request, pk)
    actor = acting_user(request)
    if not may_follow_up(actor, intervention):
        raise PermissionDenied
    form = FollowUpForm(request.POST or None, municipality=intervention.municipality)
    if request.method == "POST" and form.is_valid():
        try:
            follow_up = followup_create(
                actor=actor, intervention=intervention, data=form.to_input()
            )
        except ValidationError as error:
            add_service_errors(form, error.message_dict)
        else:
            messages.success(request, _("Uppföljningen är sparad."))
            if follow_up.kind == FollowUp.Kind.EFFECT:
                return redirect("interventions:effect", pk=intervention.pk, fid=follow_up.pk)
            return redirect("interventions:detail", pk=intervention.pk)
    context = {
        "form": form,
        "intervention": intervention,
        "areas_ready": all(
            getattr(intervention, name).exists()
            for name in ("areas", "buffer_areas", "control_areas")
        ),
        "errors": error_links(form) if form.is_bound else [],
    }
    return render(request, "interventions/followup_create.html", context)


def effect_view(request: HttpRequest, pk: int, fid: int) -> HttpResponse:
    intervention = _intervention(request, pk)
    follow_up: FollowUp = get_object_or_404(
        FollowUp.objects.restrict(request.user).filter(
            intervention=intervention, kind=FollowUp.Kind.EFFECT
        ),
        pk=fid,
    )
    counts = follow_up.counts
    result = follow_up.result
    rows = [
        (
            _("Insatsområde (A)"),
            intervention.areas.order_by("name"),
            counts.get("a0"),
            counts.get("a1"),
        ),
        (
            _("Buffertområde (B)"),
            intervention.buffer_areas.order_by("name"),
            counts.get("b0"),
            counts.get("b1"),
        ),
        (
            _("Kontrollområde (C)"),
            intervention.control_areas.order_by("name"),
            counts.get("c0"),
            counts.get("c1"),
        ),
    ]
    context = {
        "intervention": intervention,
        "follow_up": follow_up,
        "rows": rows,
        "result": result,
        "chart": effect.bar_chart(
            counts,
            title=_("Antal iakttagelser före och efter i insats-, buffert- och kontrollområdet"),
        ),
        "categories": follow_up.categories.order_by("name"),
        "police": result.get("police") or {},
        "police_why": effect.POLICE_WHY,
        "history": result.get("history") or [],
        "history_min": effect.HISTORY_MIN,
        # As the verdict writes it (Python's rounding, not the template's), so they agree.
        "z_text": _decimal((result.get("wdd") or {}).get("z")),
    }
    return render(request, "interventions/effect.html", context)


def _decimal(value: float | None, decimals: int = 2) -> str:
    if value is None:
        return ""
    return f"{value:.{decimals}f}".replace(".", ",").replace("-", "−")

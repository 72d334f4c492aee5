"""Goals (`/mal/`): the list with each indicator's latest value and whether it is on
track, one goal with its indicators' series (chart and table), and the forms to keep
them. EST members read; analysts, coordinators and admins edit."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db.models import Prefetch, QuerySet
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from samordna.core.forms import add_service_errors, error_links
from samordna.core.memberships import acting_user, membership_in
from samordna.core.models import Membership
from samordna.core.roles import EST_ROLES
from samordna.goals import charts
from samordna.goals.forms import GoalForm, IndicatorForm, goal_initial, indicator_initial
from samordna.goals.models import Goal, Indicator
from samordna.goals.series import IndicatorSeries, compute
from samordna.goals.services import (
    goal_create,
    goal_update,
    indicator_create,
    indicator_delete,
    indicator_update,
    may_edit,
)
from samordna.interventions.models import Intervention
from samordna.plans.models import ActionPlan
from samordna.situation.chart_svg import safe_svgs

PAGE_SIZE = 25


def _reader(request: HttpRequest) -> Membership:
    return membership_in(request, EST_ROLES)


def _editor(request: HttpRequest) -> Membership:
    membership = _reader(request)
    if not may_edit(acting_user(request), membership.municipality):
        raise PermissionDenied
    return membership


def _goals(request: HttpRequest, membership: Membership) -> QuerySet[Goal]:
    indicators = Indicator.objects.restrict(request.user).select_related(
        "survey_item__survey", "kolada_kpi"
    )
    return (
        Goal.objects.restrict(request.user)
        .filter(municipality=membership.municipality)
        .select_related("owner_organisation")
        .prefetch_related(Prefetch("indicators", queryset=indicators))
    )


def _goal(request: HttpRequest, pk: int) -> Goal:
    membership = _reader(request)
    goal: Goal = get_object_or_404(_goals(request, membership), pk=pk)
    return goal


def _indicator(request: HttpRequest, pk: int) -> Indicator:
    membership = _editor(request)
    rows = Indicator.objects.restrict(request.user).filter(municipality=membership.municipality)
    indicator: Indicator = get_object_or_404(rows.select_related("goal"), pk=pk)
    return indicator


def goal_list(request: HttpRequest) -> HttpResponse:
    membership = _reader(request)
    rows = _goals(request, membership).order_by("-is_active", "title", "id")
    page = Paginator(rows, PAGE_SIZE).get_page(request.GET.get("page"))
    goals = [
        {"goal": goal, "indicators": [compute(i) for i in goal.indicators.all()]}
        for goal in page.object_list
    ]
    context = {
        "page": page,
        "goals": goals,
        "may_edit": may_edit(acting_user(request), membership.municipality),
    }
    return render(request, "goals/list.html", context)


def goal_detail(request: HttpRequest, pk: int) -> HttpResponse:
    goal = _goal(request, pk)
    found: list[IndicatorSeries] = [compute(i) for i in goal.indicators.all()]
    svgs = safe_svgs(
        {f"i{s.indicator.pk}": charts.indicator_svg(s, key=f"mal-{s.indicator.pk}") for s in found}
    )
    actor = acting_user(request)
    context = {
        "goal": goal,
        "indicators": [(s, svgs[f"i{s.indicator.pk}"]) for s in found],
        "areas": goal.areas.order_by("name"),
        "interventions": Intervention.objects.restrict(actor)
        .filter(goals=goal)
        .order_by("title", "id"),
        "action_plans": ActionPlan.objects.restrict(actor)
        .filter(goals=goal)
        .order_by("title", "id"),
        "may_edit": may_edit(actor, goal.municipality),
    }
    return render(request, "goals/detail.html", context)


def _goal_form_page(
    request: HttpRequest, membership: Membership, goal: Goal | None
) -> HttpResponse:
    municipality = membership.municipality
    initial = goal_initial(goal) if goal else {"is_active": True}
    data = request.POST if request.method == "POST" else None
    form = GoalForm(data, initial=initial, municipality=municipality)
    if request.method == "POST" and form.is_valid():
        try:
            if goal is None:
                goal = goal_create(
                    actor=acting_user(request), municipality=municipality, data=form.to_input()
                )
                messages.success(request, _("Målet är sparat. Lägg nu till indikatorer."))
            else:
                goal = goal_update(actor=acting_user(request), goal=goal, data=form.to_input())
                messages.success(request, _("Ändringarna är sparade."))
        except ValidationError as error:
            add_service_errors(form, error.message_dict)
        else:
            return redirect("goals:detail", goal.pk)
    context = {"form": form, "goal": goal, "errors": error_links(form) if form.is_bound else []}
    return render(request, "goals/goal_form.html", context, status=400 if form.errors else 200)


def goal_create_view(request: HttpRequest) -> HttpResponse:
    return _goal_form_page(request, _editor(request), None)


def goal_edit(request: HttpRequest, pk: int) -> HttpResponse:
    membership = _editor(request)
    return _goal_form_page(request, membership, _goal(request, pk))


def _indicator_form_page(
    request: HttpRequest, membership: Membership, goal: Goal, indicator: Indicator | None
) -> HttpResponse:
    municipality = membership.municipality
    initial: dict[str, Any] = indicator_initial(indicator) if indicator else {}
    data = request.POST if request.method == "POST" else None
    form = IndicatorForm(data, initial=initial, municipality=municipality)
    if request.method == "POST" and form.is_valid():
        try:
            if indicator is None:
                indicator_create(actor=acting_user(request), goal=goal, data=form.to_input())
                messages.success(request, _("Indikatorn är sparad."))
            else:
                indicator_update(
                    actor=acting_user(request), indicator=indicator, data=form.to_input()
                )
                messages.success(request, _("Ändringarna är sparade."))
        except ValidationError as error:
            add_service_errors(form, error.message_dict)
        else:
            return redirect("goals:detail", goal.pk)
    context = {
        "form": form,
        "goal": goal,
        "indicator": indicator,
        "errors": error_links(form) if form.is_bound else [],
    }
    return render(request, "goals/indicator_form.html", context, status=400 if form.errors else 200)


def indicator_create_view(request: HttpRequest, pk: int) -> HttpResponse:
    membership = _editor(request)
    return _indicator_form_page(request, membership, _goal(request, pk), None)


def indicator_edit(request: HttpRequest, pk: int) -> HttpResponse:
    membership = _editor(request)
    indicator = _indicator(request, pk)
    return _indicator_form_page(request, membership, indicator.goal, indicator)


@require_POST
def indicator_delete_view(request: HttpRequest, pk: int) -> HttpResponse:
    indicator = _indicator(request, pk)
    goal_id = indicator.goal_id
    indicator_delete(actor=acting_user(request), indicator=indicator)
    messages.success(request, _("Indikatorn är borttagen."))
    return redirect("goals:detail", goal_id)

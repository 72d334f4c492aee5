"""Pages of the action plan (*åtgärdsplan*): the list, a plan with its rows, the decision,
the revision, the comparison of versions and the export."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from samordna.core.memberships import acting_user
from samordna.interventions.models import Intervention
from samordna.plans import exports, goal_tables, selectors, services
from samordna.plans.forms import (
    DecideForm,
    PlanForm,
    ReviseForm,
    RowForm,
    add_service_errors,
)
from samordna.plans.models import ActionPlan, ActionPlanRow
from samordna.plans.policies import PLAN_EDITORS
from samordna.plans.views.access import editor, form_page, get_readable, may_edit, reader
from samordna.situation.services import picture_document

PAGE_SIZE = 25


# --- the list -------------------------------------------------------------------------------


def index(request: HttpRequest) -> HttpResponse:
    membership = reader(request)
    municipality = membership.municipality
    plan_page = Paginator(selectors.plans_for(acting_user(request), municipality), PAGE_SIZE)
    agreement_list = selectors.agreements_for(acting_user(request), municipality)
    context = {
        "plans": plan_page.get_page(request.GET.get("page")),
        "agreements": agreement_list.prefetch_related("promises"),
        "may_edit": membership.role in PLAN_EDITORS,
        "has_pictures": services.plan_pictures(municipality).exists(),
    }
    return render(request, "plans/index.html", context)


# --- the plan ---------------------------------------------------------------------------------


def plan_create(request: HttpRequest) -> HttpResponse:
    membership = editor(request)
    municipality = membership.municipality
    initial = {
        "title": _("Åtgärdsplan för brottsförebyggande arbete"),
        "period_key": str(timezone.localdate().year),
    }
    form = PlanForm(request.POST or None, municipality=municipality, initial=initial)
    if request.method == "POST" and form.is_valid():
        picture = form.cleaned_data["picture"]
        mapping = form.cleaned_data["mapping"]
        if not mapping.strip() and not services.check_picture(picture, municipality):
            mapping = services.mapping_draft(picture_document(picture))
        try:
            plan = services.plan_create(
                actor=acting_user(request), municipality=municipality, data=form.to_input(mapping)
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Planen är skapad. Lägg till åtgärderna."))
            return redirect("plans:detail", pk=plan.pk)
    return form_page(request, "plans/plan_form.html", form, plan=None)


def plan_edit(request: HttpRequest, pk: int) -> HttpResponse:
    plan: ActionPlan = get_readable(request, ActionPlan, pk)
    membership = editor(request)
    if plan.status != ActionPlan.Status.DRAFT:
        messages.error(request, _("Planen är beslutad. Revidera den för att ändra."))
        return redirect("plans:detail", pk=plan.pk)
    initial = {
        "title": plan.title,
        "period_key": plan.period_key,
        "picture": plan.picture_id,
        "mapping": plan.mapping,
        "other_information": plan.other_information,
        "analysis": plan.analysis,
    }
    form = PlanForm(request.POST or None, municipality=membership.municipality, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.plan_update(actor=acting_user(request), plan=plan, data=form.to_input())
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Planen är sparad."))
            return redirect("plans:detail", pk=plan.pk)
    return form_page(request, "plans/plan_form.html", form, plan=plan)


def plan_detail(request: HttpRequest, pk: int) -> HttpResponse:
    plan: ActionPlan = get_readable(request, ActionPlan, pk, **{"with": ("picture",)})
    tables, frozen = goal_tables.shown_goal_tables(plan)
    context = {
        "plan": plan,
        "rows": selectors.plan_rows(plan),
        "goal_tables": tables,
        "goal_tables_frozen": frozen,
        "revisions": selectors.revisions(plan),
        "may_edit": may_edit(request),
        "versions": selectors.version_choices(plan),
    }
    return render(request, "plans/plan_detail.html", context)


def plan_rows(request: HttpRequest, pk: int) -> HttpResponse:
    """The rows of a draft: add one, or one from an intervention with one action."""
    plan: ActionPlan = get_readable(request, ActionPlan, pk)
    membership = editor(request)
    municipality = membership.municipality
    form = RowForm(request.POST or None, municipality=municipality)
    if request.method == "POST" and form.is_valid():
        try:
            services.row_create(actor=acting_user(request), plan=plan, data=form.to_input())
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Raden är tillagd."))
            return redirect("plans:rows", pk=plan.pk)
    in_plan = plan.rows.exclude(intervention=None).values("intervention_id")
    candidates = (
        Intervention.objects.restrict(request.user)
        .filter(municipality=municipality)
        .exclude(pk__in=in_plan)
        .select_related("owner_organisation")
        .order_by("deadline", "id")[:100]
    )
    context = {"plan": plan, "rows": selectors.plan_rows(plan), "candidates": candidates}
    return form_page(request, "plans/rows.html", form, **context)


@require_POST
def row_from_intervention(request: HttpRequest, pk: int) -> HttpResponse:
    plan: ActionPlan = get_readable(request, ActionPlan, pk)
    editor(request)
    intervention = get_readable(request, Intervention, int(request.POST.get("intervention") or 0))
    try:
        services.row_from_intervention(
            actor=acting_user(request), plan=plan, intervention=intervention
        )
    except ValidationError as error:
        for message in error.messages:
            messages.error(request, message)
    else:
        messages.success(request, _("Raden är tillagd från insatsen. Granska texterna."))
    return redirect("plans:rows", pk=plan.pk)


def _row(request: HttpRequest, pk: int, row_pk: int) -> ActionPlanRow:
    plan: ActionPlan = get_readable(request, ActionPlan, pk)
    row: ActionPlanRow = get_object_or_404(
        ActionPlanRow.objects.restrict(request.user).filter(plan=plan), pk=row_pk
    )
    return row


def row_edit(request: HttpRequest, pk: int, row_pk: int) -> HttpResponse:
    row = _row(request, pk, row_pk)
    membership = editor(request)
    initial = {
        name: getattr(row, name)
        for name in ("order", "cause_text", "measure", "operational_goal", "when", "who")
    } | {"cause": row.cause_id, "intervention": row.intervention_id, "follow_up": row.follow_up}
    form = RowForm(request.POST or None, municipality=membership.municipality, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.row_update(actor=acting_user(request), row=row, data=form.to_input())
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Raden är sparad."))
            return redirect("plans:rows", pk=row.plan_id)
    return form_page(request, "plans/row_form.html", form, plan=row.plan, row=row)


@require_POST
def row_delete(request: HttpRequest, pk: int, row_pk: int) -> HttpResponse:
    row = _row(request, pk, row_pk)
    editor(request)
    try:
        services.row_delete(actor=acting_user(request), row=row)
    except ValidationError as error:
        for message in error.messages:
            messages.error(request, message)
    else:
        messages.success(request, _("Raden är borttagen."))
    return redirect("plans:rows", pk=pk)


def plan_decide(request: HttpRequest, pk: int) -> HttpResponse:
    plan: ActionPlan = get_readable(request, ActionPlan, pk)
    editor(request)
    initial = {
        "body": "Kommunstyrelsen",
        "decided_on": timezone.localdate(),
        "reason": services.pending_reason(plan),
    }
    form = DecideForm(request.POST or None, initial=initial)
    if plan.version == 1:
        del form.fields["reason"]
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.plan_decide(
                actor=acting_user(request),
                plan=plan,
                body=data["body"],
                decided_on=data["decided_on"],
                reference=data["reference"],
                reason=data.get("reason", ""),
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Planen är beslutad och låst."))
            return redirect("plans:detail", pk=plan.pk)
    return form_page(request, "plans/decide.html", form, plan=plan)


def plan_revise(request: HttpRequest, pk: int) -> HttpResponse:
    plan: ActionPlan = get_readable(request, ActionPlan, pk)
    editor(request)
    form = ReviseForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.plan_revise(
                actor=acting_user(request), plan=plan, reason=form.cleaned_data["reason"]
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("En ny version är öppnad. Ändra och besluta den."))
            return redirect("plans:detail", pk=plan.pk)
    return form_page(request, "plans/revise.html", form, plan=plan)


def plan_compare(request: HttpRequest, pk: int) -> HttpResponse:
    plan: ActionPlan = get_readable(request, ActionPlan, pk)
    choices = selectors.version_choices(plan)
    keys = [key for key, _label in choices]
    first = request.GET.get("a") or (keys[-2] if len(keys) > 1 else "")
    second = request.GET.get("b") or (keys[-1] if keys else "")
    before = selectors.version_snapshot(plan, first)
    after = selectors.version_snapshot(plan, second)
    comparison = selectors.compare(before, after) if before and after else None
    context = {
        "plan": plan,
        "choices": choices,
        "a": first,
        "b": second,
        "comparison": comparison,
    }
    return render(request, "plans/compare.html", context)


def plan_export(request: HttpRequest, pk: int, fmt: str) -> HttpResponse:
    plan: ActionPlan = get_readable(
        request, ActionPlan, pk, **{"with": ("picture", "municipality")}
    )
    if fmt not in exports.CONTENT_TYPES:
        raise Http404
    body = exports.render_pdf(plan) if fmt == "pdf" else exports.render_xlsx(plan)
    response = HttpResponse(body, content_type=exports.CONTENT_TYPES[fmt])
    response["Content-Disposition"] = f'attachment; filename="{exports.filename(plan, fmt)}"'
    return response

"""Pages of the action plan (*åtgärdsplan*), the collaboration agreement and its citizen
promises. Every EST member reads them; coordinators and admins (PLAN_EDITORS) write."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from samordna.core.memberships import acting_user, membership_in
from samordna.core.models import Membership
from samordna.interventions import agreements, plan_exports, plan_selectors, plans
from samordna.interventions.models import (
    ActionPlan,
    ActionPlanRow,
    Agreement,
    CitizenPromise,
    Commitment,
    Intervention,
)
from samordna.interventions.plan_forms import (
    AgreementForm,
    CommitmentForm,
    DecideForm,
    PlanForm,
    PromiseForm,
    ReviseForm,
    RowForm,
    add_service_errors,
    error_links,
    signatories_text,
)
from samordna.interventions.policies import EST_ROLES, PLAN_EDITORS
from samordna.situation.services import picture_document

PAGE_SIZE = 25


def _reader(request: HttpRequest) -> Membership:
    return membership_in(request, EST_ROLES)


def _editor(request: HttpRequest) -> Membership:
    membership = _reader(request)
    if membership.role not in PLAN_EDITORS:
        raise PermissionDenied
    return membership


def _get(request: HttpRequest, model: type[Any], pk: int, **related: Any) -> Any:
    """The object of the current municipality the user may read, else 404."""
    membership = _reader(request)
    rows = model.objects.restrict(request.user).filter(municipality=membership.municipality)
    return get_object_or_404(rows.select_related(*related.get("with", ())), pk=pk)


def _may_edit(request: HttpRequest) -> bool:
    membership: Membership | None = getattr(request, "membership", None)
    return membership is not None and membership.role in PLAN_EDITORS


def _form_page(request: HttpRequest, template: str, form: Any, **context: Any) -> HttpResponse:
    errors = error_links(form) if form.is_bound else []
    return render(request, template, {"form": form, "errors": errors, **context})


# --- the list -------------------------------------------------------------------------------


def index(request: HttpRequest) -> HttpResponse:
    membership = _reader(request)
    municipality = membership.municipality
    plan_page = Paginator(plan_selectors.plans_for(acting_user(request), municipality), PAGE_SIZE)
    agreement_list = plan_selectors.agreements_for(acting_user(request), municipality)
    context = {
        "plans": plan_page.get_page(request.GET.get("page")),
        "agreements": agreement_list.prefetch_related("promises"),
        "may_edit": membership.role in PLAN_EDITORS,
        "has_pictures": plans.plan_pictures(municipality).exists(),
    }
    return render(request, "interventions/plans/index.html", context)


# --- the plan ---------------------------------------------------------------------------------


def plan_create(request: HttpRequest) -> HttpResponse:
    membership = _editor(request)
    municipality = membership.municipality
    initial = {
        "title": _("Åtgärdsplan för brottsförebyggande arbete"),
        "period_key": str(timezone.localdate().year),
    }
    form = PlanForm(request.POST or None, municipality=municipality, initial=initial)
    if request.method == "POST" and form.is_valid():
        picture = form.cleaned_data["picture"]
        mapping = form.cleaned_data["mapping"]
        if not mapping.strip() and not plans.check_picture(picture, municipality):
            mapping = plans.mapping_draft(picture_document(picture))
        try:
            plan = plans.plan_create(
                actor=acting_user(request), municipality=municipality, data=form.to_input(mapping)
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Planen är skapad. Lägg till åtgärderna."))
            return redirect("plans:detail", pk=plan.pk)
    return _form_page(request, "interventions/plans/plan_form.html", form, plan=None)


def plan_edit(request: HttpRequest, pk: int) -> HttpResponse:
    plan: ActionPlan = _get(request, ActionPlan, pk)
    membership = _editor(request)
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
            plans.plan_update(actor=acting_user(request), plan=plan, data=form.to_input())
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Planen är sparad."))
            return redirect("plans:detail", pk=plan.pk)
    return _form_page(request, "interventions/plans/plan_form.html", form, plan=plan)


def plan_detail(request: HttpRequest, pk: int) -> HttpResponse:
    plan: ActionPlan = _get(request, ActionPlan, pk, **{"with": ("picture",)})
    tables, frozen = plan_selectors.shown_goal_tables(plan)
    context = {
        "plan": plan,
        "rows": plan_selectors.plan_rows(plan),
        "goal_tables": tables,
        "goal_tables_frozen": frozen,
        "revisions": plan_selectors.revisions(plan),
        "may_edit": _may_edit(request),
        "versions": plan_selectors.version_choices(plan),
    }
    return render(request, "interventions/plans/plan_detail.html", context)


def plan_rows(request: HttpRequest, pk: int) -> HttpResponse:
    """The rows of a draft: add one, or one from an intervention with one action."""
    plan: ActionPlan = _get(request, ActionPlan, pk)
    membership = _editor(request)
    municipality = membership.municipality
    form = RowForm(request.POST or None, municipality=municipality)
    if request.method == "POST" and form.is_valid():
        try:
            plans.row_create(actor=acting_user(request), plan=plan, data=form.to_input())
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
    context = {"plan": plan, "rows": plan_selectors.plan_rows(plan), "candidates": candidates}
    return _form_page(request, "interventions/plans/rows.html", form, **context)


@require_POST
def row_from_intervention(request: HttpRequest, pk: int) -> HttpResponse:
    plan: ActionPlan = _get(request, ActionPlan, pk)
    _editor(request)
    intervention = _get(request, Intervention, int(request.POST.get("intervention") or 0))
    try:
        plans.row_from_intervention(
            actor=acting_user(request), plan=plan, intervention=intervention
        )
    except ValidationError as error:
        for message in error.messages:
            messages.error(request, message)
    else:
        messages.success(request, _("Raden är tillagd från insatsen. Granska texterna."))
    return redirect("plans:rows", pk=plan.pk)


def _row(request: HttpRequest, pk: int, row_pk: int) -> ActionPlanRow:
    plan: ActionPlan = _get(request, ActionPlan, pk)
    row: ActionPlanRow = get_object_or_404(
        ActionPlanRow.objects.restrict(request.user).filter(plan=plan), pk=row_pk
    )
    return row


def row_edit(request: HttpRequest, pk: int, row_pk: int) -> HttpResponse:
    row = _row(request, pk, row_pk)
    membership = _editor(request)
    initial = {
        name: getattr(row, name)
        for name in ("order", "cause_text", "measure", "operational_goal", "when", "who")
    } | {"cause": row.cause_id, "intervention": row.intervention_id, "follow_up": row.follow_up}
    form = RowForm(request.POST or None, municipality=membership.municipality, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            plans.row_update(actor=acting_user(request), row=row, data=form.to_input())
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Raden är sparad."))
            return redirect("plans:rows", pk=row.plan_id)
    return _form_page(request, "interventions/plans/row_form.html", form, plan=row.plan, row=row)


@require_POST
def row_delete(request: HttpRequest, pk: int, row_pk: int) -> HttpResponse:
    row = _row(request, pk, row_pk)
    _editor(request)
    try:
        plans.row_delete(actor=acting_user(request), row=row)
    except ValidationError as error:
        for message in error.messages:
            messages.error(request, message)
    else:
        messages.success(request, _("Raden är borttagen."))
    return redirect("plans:rows", pk=pk)


def plan_decide(request: HttpRequest, pk: int) -> HttpResponse:
    plan: ActionPlan = _get(request, ActionPlan, pk)
    _editor(request)
    initial = {
        "body": "Kommunstyrelsen",
        "decided_on": timezone.localdate(),
        "reason": plans.pending_reason(plan),
    }
    form = DecideForm(request.POST or None, initial=initial)
    if plan.version == 1:
        del form.fields["reason"]
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            plans.plan_decide(
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
    return _form_page(request, "interventions/plans/decide.html", form, plan=plan)


def plan_revise(request: HttpRequest, pk: int) -> HttpResponse:
    plan: ActionPlan = _get(request, ActionPlan, pk)
    _editor(request)
    form = ReviseForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            plans.plan_revise(
                actor=acting_user(request), plan=plan, reason=form.cleaned_data["reason"]
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("En ny version är öppnad. Ändra och besluta den."))
            return redirect("plans:detail", pk=plan.pk)
    return _form_page(request, "interventions/plans/revise.html", form, plan=plan)


def plan_compare(request: HttpRequest, pk: int) -> HttpResponse:
    plan: ActionPlan = _get(request, ActionPlan, pk)
    choices = plan_selectors.version_choices(plan)
    keys = [key for key, _label in choices]
    first = request.GET.get("a") or (keys[-2] if len(keys) > 1 else "")
    second = request.GET.get("b") or (keys[-1] if keys else "")
    before = plan_selectors.version_snapshot(plan, first)
    after = plan_selectors.version_snapshot(plan, second)
    comparison = plan_selectors.compare(before, after) if before and after else None
    context = {
        "plan": plan,
        "choices": choices,
        "a": first,
        "b": second,
        "comparison": comparison,
    }
    return render(request, "interventions/plans/compare.html", context)


def plan_export(request: HttpRequest, pk: int, fmt: str) -> HttpResponse:
    plan: ActionPlan = _get(request, ActionPlan, pk, **{"with": ("picture", "municipality")})
    if fmt not in plan_exports.CONTENT_TYPES:
        raise Http404
    body = plan_exports.render_pdf(plan) if fmt == "pdf" else plan_exports.render_xlsx(plan)
    response = HttpResponse(body, content_type=plan_exports.CONTENT_TYPES[fmt])
    response["Content-Disposition"] = f'attachment; filename="{plan_exports.filename(plan, fmt)}"'
    return response


# --- the agreement ------------------------------------------------------------------------------


def _agreement_initial(agreement: Agreement) -> dict[str, Any]:
    names = (
        "title",
        "police_area",
        "starts_on",
        "ends_on",
        "focus_text",
        "probable_causes",
        "goals",
        "documentation",
        "follow_up",
        "status",
        "signed_on",
    )
    return {name: getattr(agreement, name) for name in names} | {
        "signatories": signatories_text(agreement.signatories),
        "focus_problems": list(agreement.focus_problems.values_list("pk", flat=True)),
    }


def agreement_create(request: HttpRequest) -> HttpResponse:
    membership = _editor(request)
    form = AgreementForm(request.POST or None, municipality=membership.municipality)
    if request.method == "POST" and form.is_valid():
        try:
            agreement = agreements.agreement_create(
                actor=acting_user(request),
                municipality=membership.municipality,
                data=form.to_input(),
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Överenskommelsen är sparad."))
            return redirect("plans:agreement_detail", pk=agreement.pk)
    return _form_page(request, "interventions/agreements/form.html", form, agreement=None)


def agreement_edit(request: HttpRequest, pk: int) -> HttpResponse:
    agreement: Agreement = _get(request, Agreement, pk)
    membership = _editor(request)
    form = AgreementForm(
        request.POST or None,
        municipality=membership.municipality,
        initial=_agreement_initial(agreement),
    )
    if request.method == "POST" and form.is_valid():
        try:
            agreements.agreement_update(
                actor=acting_user(request), agreement=agreement, data=form.to_input()
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Överenskommelsen är sparad."))
            return redirect("plans:agreement_detail", pk=agreement.pk)
    return _form_page(request, "interventions/agreements/form.html", form, agreement=agreement)


def agreement_detail(request: HttpRequest, pk: int) -> HttpResponse:
    agreement: Agreement = _get(request, Agreement, pk)
    context = {
        "agreement": agreement,
        "problems": agreement.focus_problems.order_by("title"),
        "promises": plan_selectors.promises_for(acting_user(request), agreement),
        "may_edit": _may_edit(request),
    }
    return render(request, "interventions/agreements/detail.html", context)


# --- citizen promises and their commitments --------------------------------------------------


def promise_create(request: HttpRequest, pk: int) -> HttpResponse:
    agreement: Agreement = _get(request, Agreement, pk)
    _editor(request)
    form = PromiseForm(request.POST or None, initial={"year": timezone.localdate().year})
    if request.method == "POST" and form.is_valid():
        try:
            promise = agreements.promise_create(
                actor=acting_user(request), agreement=agreement, data=form.to_input()
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(
                request, _("Medborgarlöftet är sparat. Lägg till parternas åtaganden.")
            )
            return redirect("plans:promise_detail", pk=promise.pk)
    return _form_page(
        request,
        "interventions/agreements/promise_form.html",
        form,
        agreement=agreement,
        promise=None,
    )


def promise_edit(request: HttpRequest, pk: int) -> HttpResponse:
    promise: CitizenPromise = _get(request, CitizenPromise, pk, **{"with": ("agreement",)})
    _editor(request)
    names = ("year", "title", "slug", "public_summary", "is_published")
    form = PromiseForm(
        request.POST or None, initial={name: getattr(promise, name) for name in names}
    )
    if request.method == "POST" and form.is_valid():
        try:
            agreements.promise_update(
                actor=acting_user(request), promise=promise, data=form.to_input()
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Medborgarlöftet är sparat."))
            return redirect("plans:promise_detail", pk=promise.pk)
    context = {"agreement": promise.agreement, "promise": promise}
    return _form_page(request, "interventions/agreements/promise_form.html", form, **context)


def promise_detail(request: HttpRequest, pk: int) -> HttpResponse:
    promise: CitizenPromise = _get(
        request, CitizenPromise, pk, **{"with": ("agreement", "municipality")}
    )
    commitments = (
        Commitment.objects.restrict(request.user)
        .filter(promise=promise)
        .select_related("organisation")
        .prefetch_related("interventions")
        .order_by("order", "id")
    )
    context = {
        "promise": promise,
        "commitments": commitments,
        "may_edit": _may_edit(request),
        "publication": getattr(promise.municipality, "publication", None),
    }
    return render(request, "interventions/agreements/promise_detail.html", context)


def commitment_create(request: HttpRequest, pk: int) -> HttpResponse:
    promise: CitizenPromise = _get(request, CitizenPromise, pk)
    membership = _editor(request)
    form = CommitmentForm(request.POST or None, municipality=membership.municipality)
    if request.method == "POST" and form.is_valid():
        try:
            agreements.commitment_create(
                actor=acting_user(request), promise=promise, data=form.to_input()
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Åtagandet är sparat."))
            return redirect("plans:promise_detail", pk=promise.pk)
    context = {"promise": promise, "commitment": None}
    return _form_page(request, "interventions/agreements/commitment_form.html", form, **context)


def commitment_edit(request: HttpRequest, pk: int) -> HttpResponse:
    commitment: Commitment = _get(request, Commitment, pk, **{"with": ("promise",)})
    membership = _editor(request)
    initial = {
        "organisation": commitment.organisation_id,
        "text": commitment.text,
        "status": commitment.status,
        "public_status": commitment.public_status,
        "interventions": list(commitment.interventions.values_list("pk", flat=True)),
        "order": commitment.order,
    }
    form = CommitmentForm(
        request.POST or None, municipality=membership.municipality, initial=initial
    )
    if request.method == "POST" and form.is_valid():
        try:
            agreements.commitment_update(
                actor=acting_user(request), commitment=commitment, data=form.to_input()
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Åtagandet är sparat."))
            return redirect("plans:promise_detail", pk=commitment.promise_id)
    context = {"promise": commitment.promise, "commitment": commitment}
    return _form_page(request, "interventions/agreements/commitment_form.html", form, **context)

"""Pages of the collaboration agreement (*samverkansöverenskommelse*), its citizen
promises (*medborgarlöften*) and their commitments."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from samordna.core.memberships import acting_user
from samordna.plans import agreements, selectors
from samordna.plans.forms import (
    AgreementForm,
    CommitmentForm,
    PromiseForm,
    add_service_errors,
    signatories_text,
)
from samordna.plans.models import Agreement, CitizenPromise, Commitment
from samordna.plans.views.access import editor, form_page, get_readable, may_edit

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
    membership = editor(request)
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
    return form_page(request, "plans/agreements/form.html", form, agreement=None)


def agreement_edit(request: HttpRequest, pk: int) -> HttpResponse:
    agreement: Agreement = get_readable(request, Agreement, pk)
    membership = editor(request)
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
    return form_page(request, "plans/agreements/form.html", form, agreement=agreement)


def agreement_detail(request: HttpRequest, pk: int) -> HttpResponse:
    agreement: Agreement = get_readable(request, Agreement, pk)
    context = {
        "agreement": agreement,
        "problems": agreement.focus_problems.order_by("title"),
        "promises": selectors.promises_for(acting_user(request), agreement),
        "may_edit": may_edit(request),
    }
    return render(request, "plans/agreements/detail.html", context)


# --- citizen promises and their commitments --------------------------------------------------


def promise_create(request: HttpRequest, pk: int) -> HttpResponse:
    agreement: Agreement = get_readable(request, Agreement, pk)
    editor(request)
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
    return form_page(
        request,
        "plans/agreements/promise_form.html",
        form,
        agreement=agreement,
        promise=None,
    )


def promise_edit(request: HttpRequest, pk: int) -> HttpResponse:
    promise: CitizenPromise = get_readable(request, CitizenPromise, pk, **{"with": ("agreement",)})
    editor(request)
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
    return form_page(request, "plans/agreements/promise_form.html", form, **context)


def promise_detail(request: HttpRequest, pk: int) -> HttpResponse:
    promise: CitizenPromise = get_readable(
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
        "may_edit": may_edit(request),
        "publication": getattr(promise.municipality, "publication", None),
    }
    return render(request, "plans/agreements/promise_detail.html", context)


def commitment_create(request: HttpRequest, pk: int) -> HttpResponse:
    promise: CitizenPromise = get_readable(request, CitizenPromise, pk)
    membership = editor(request)
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
    return form_page(request, "plans/agreements/commitment_form.html", form, **context)


def commitment_edit(request: HttpRequest, pk: int) -> HttpResponse:
    commitment: Commitment = get_readable(request, Commitment, pk, **{"with": ("promise",)})
    membership = editor(request)
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
    return form_page(request, "plans/agreements/commitment_form.html", form, **context)

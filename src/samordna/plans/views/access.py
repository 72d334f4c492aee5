"""What every plan and agreement page starts from: the reader's or editor's membership,
the object of the current municipality the user may read, and a form page with its
error links."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render

from samordna.core.memberships import membership_in
from samordna.core.models import Membership
from samordna.interventions.policies import EST_ROLES
from samordna.plans.forms import error_links
from samordna.plans.policies import PLAN_EDITORS


def reader(request: HttpRequest) -> Membership:
    return membership_in(request, EST_ROLES)


def editor(request: HttpRequest) -> Membership:
    membership = reader(request)
    if membership.role not in PLAN_EDITORS:
        raise PermissionDenied
    return membership


def get_readable(request: HttpRequest, model: type[Any], pk: int, **related: Any) -> Any:
    """The object of the current municipality the user may read, else 404."""
    membership = reader(request)
    rows = model.objects.restrict(request.user).filter(municipality=membership.municipality)
    return get_object_or_404(rows.select_related(*related.get("with", ())), pk=pk)


def may_edit(request: HttpRequest) -> bool:
    membership: Membership | None = getattr(request, "membership", None)
    return membership is not None and membership.role in PLAN_EDITORS


def form_page(request: HttpRequest, template: str, form: Any, **context: Any) -> HttpResponse:
    errors = error_links(form) if form.is_bound else []
    return render(request, template, {"form": form, "errors": errors, **context})

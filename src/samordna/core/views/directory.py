"""Lists of the municipality's areas and organisations, and the audit log."""

from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from samordna.core import selectors
from samordna.core.filtersets import AreaFilterSet, AuditEventFilterSet
from samordna.core.forms import OrganisationForm
from samordna.core.models import Membership
from samordna.core.roles import Role

PAGE_SIZE = 50


def _membership(request: HttpRequest) -> Membership:
    membership: Membership | None = getattr(request, "membership", None)
    if membership is None:
        raise PermissionDenied
    return membership


def area_list(request: HttpRequest) -> HttpResponse:
    membership = _membership(request)
    filterset = AreaFilterSet(request.GET, queryset=selectors.area_list(request.user, membership))
    page = Paginator(filterset.qs, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "core/area_list.html", {"filterset": filterset, "page": page})


def organisation_list(request: HttpRequest) -> HttpResponse:
    return render_organisations(request, _membership(request))


def render_organisations(
    request: HttpRequest,
    membership: Membership,
    *,
    form: OrganisationForm | None = None,
    status: int = 200,
) -> HttpResponse:
    is_admin = membership.role == Role.ADMIN
    if is_admin and form is None:
        form = OrganisationForm(municipality=membership.municipality)
    context = {
        "organisations": selectors.organisation_list(request.user, membership),
        "form": form if is_admin else None,
        "is_admin": is_admin,
    }
    return render(request, "core/organisation_list.html", context, status=status)


def audit_list(request: HttpRequest) -> HttpResponse:
    membership = _membership(request)
    if membership.role != Role.ADMIN:
        raise PermissionDenied
    filterset = AuditEventFilterSet(
        request.GET, queryset=selectors.audit_events(request.user, membership)
    )
    page = Paginator(filterset.qs, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "core/audit_list.html", {"filterset": filterset, "page": page})

"""The municipality admin's pages: people and their roles, and sign-in security."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from samordna.core import services
from samordna.core.forms import InviteForm, OrganisationForm, OtpRolesForm
from samordna.core.models import Membership, Organisation
from samordna.core.roles import Role
from samordna.core.views.directory import render_organisations


def _admin_membership(request: HttpRequest) -> Membership:
    membership: Membership | None = getattr(request, "membership", None)
    if membership is None or membership.role != Role.ADMIN:
        raise PermissionDenied
    return membership


def people(request: HttpRequest) -> HttpResponse:
    membership = _admin_membership(request)
    municipality = membership.municipality
    form = InviteForm(request.POST or None, municipality=municipality)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        user = services.user_invite(
            actor=_user(request),
            organisation=data["organisation"],
            role=data["role"],
            username=data["username"],
            email=data["email"],
            first_name=data["first_name"],
            last_name=data["last_name"],
        )
        messages.success(
            request,
            _("%(user)s är inbjuden. En länk har skickats till %(email)s.")
            % {"user": user.username, "email": user.email},
        )
        return redirect("core:people")
    memberships = (
        Membership.objects.restrict(request.user)
        .filter(municipality=municipality)
        .select_related("user", "organisation")
        .order_by("organisation__name", "user__username", "role")
    )
    page = Paginator(memberships, 50).get_page(request.GET.get("page"))
    return render(request, "core/people.html", {"form": form, "page": page})


@require_POST
def membership_toggle(request: HttpRequest, pk: int) -> HttpResponse:
    membership = _admin_membership(request)
    target = (
        Membership.objects.restrict(request.user, "change")
        .filter(municipality=membership.municipality, pk=pk)
        .select_related("organisation", "user")
        .first()
    )
    if target is None:
        raise Http404
    if target.pk == membership.pk:
        messages.error(request, _("Du kan inte avsluta ditt eget administratörsmedlemskap."))
        return redirect("core:people")
    services.membership_set_active(
        actor=_user(request), membership=target, is_active=not target.is_active
    )
    text = (
        _("%(user)s är återaktiverad som %(role)s.")
        if target.is_active
        else _("%(user)s är inte längre %(role)s i %(org)s.")
    )
    messages.success(
        request,
        text
        % {
            "user": target.user.username,
            "role": target.get_role_display().lower(),
            "org": target.organisation,
        },
    )
    return redirect("core:people")


def security(request: HttpRequest) -> HttpResponse:
    membership = _admin_membership(request)
    municipality = membership.municipality
    form = OtpRolesForm(request.POST or None, initial={"roles": municipality.otp_required_roles})
    if request.method == "POST" and form.is_valid():
        services.municipality_set_otp_roles(
            actor=_user(request), municipality=municipality, roles=form.cleaned_data["roles"]
        )
        messages.success(request, _("Inställningarna för tvåstegsverifiering är sparade."))
        return redirect("core:security")
    return render(request, "core/security.html", {"form": form})


def _user(request: HttpRequest) -> Any:
    return request.user


@require_POST
def organisation_add(request: HttpRequest) -> HttpResponse:
    membership = _admin_membership(request)
    form = OrganisationForm(request.POST, municipality=membership.municipality)
    if not form.is_valid():
        return render_organisations(request, membership, form=form, status=400)
    organisation = services.organisation_add(
        actor=_user(request),
        municipality=membership.municipality,
        name=form.cleaned_data["name"],
        kind=form.cleaned_data["kind"],
    )
    messages.success(request, _("%(org)s är tillagd.") % {"org": organisation})
    return redirect("core:organisation_list")


@require_POST
def organisation_toggle(request: HttpRequest, pk: int) -> HttpResponse:
    membership = _admin_membership(request)
    organisation = (
        Organisation.objects.restrict(request.user, "change")
        .filter(municipality=membership.municipality, pk=pk)
        .first()
    )
    if organisation is None:
        raise Http404
    if organisation.pk == membership.organisation_id:
        messages.error(request, _("Du kan inte inaktivera din egen organisation."))
        return redirect("core:organisation_list")
    services.organisation_update(
        actor=_user(request), organisation=organisation, is_active=not organisation.is_active
    )
    text = (
        _("%(org)s är aktiv igen.")
        if organisation.is_active
        else _("%(org)s är inaktiverad. Dess medlemmar ser inget förrän den aktiveras igen.")
    )
    messages.success(request, text % {"org": organisation})
    return redirect("core:organisation_list")

"""The operator's pages: the installation's municipalities, a new one, its onboarding
(organisations, the first admin) and its deactivation. Areas: views_areas."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from samordna.core import services as core_services
from samordna.core.forms import add_service_errors, error_links
from samordna.core.models import Municipality, Organisation
from samordna.core.roles import Role
from samordna.operations import selectors, services
from samordna.operations.forms import (
    ActivationForm,
    AdminInviteForm,
    AreaUploadForm,
    BranchOrganisationForm,
    MunicipalityForm,
)
from samordna.operations.policies import operated_municipality, operator

PAGE_SIZE = 50


def municipalities(request: HttpRequest) -> HttpResponse:
    operator(request)
    page = Paginator(selectors.municipalities(), PAGE_SIZE).get_page(request.GET.get("page"))
    rows = [(m, selectors.county_of(m)) for m in page]
    return render(request, "operations/municipalities.html", {"page": page, "rows": rows})


def municipality_new(request: HttpRequest) -> HttpResponse:
    actor = operator(request)
    form = MunicipalityForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            municipality = services.municipality_add(actor=actor, **form.cleaned_data)
        except ValidationError as exc:
            add_service_errors(form, exc.message_dict)
        else:
            messages.success(request, _("%(name)s är skapad.") % {"name": municipality})
            return redirect("operations:onboarding", pk=municipality.pk)
    status = 400 if form.errors else 200
    context = {"form": form, "errors": error_links(form), "known": selectors.not_yet_added()}
    return render(request, "operations/municipality_new.html", context, status=status)


def onboarding(request: HttpRequest, pk: int) -> HttpResponse:
    _actor, municipality = operated_municipality(request, pk)
    return _onboarding_page(request, municipality)


def _onboarding_page(
    request: HttpRequest, municipality: Municipality, status: int = 200, **forms: Any
) -> HttpResponse:
    state = selectors.onboarding(municipality)
    organisations = (
        Organisation.objects.filter(municipality=municipality)
        .select_related("parent")
        .order_by("name")
    )
    context = {
        "municipality": municipality,
        "county": selectors.county_of(municipality),
        "state": state,
        "organisations": organisations,
        "area_form": forms.get("area_form") or AreaUploadForm(),
        "organisation_form": forms.get("organisation_form")
        or BranchOrganisationForm(municipality=municipality, prefix="org"),
        "invite_form": forms.get("invite_form")
        or AdminInviteForm(municipality=municipality, prefix="admin"),
    }
    return render(request, "operations/onboarding.html", context, status=status)


@require_POST
def organisation_add(request: HttpRequest, pk: int) -> HttpResponse:
    actor, municipality = operated_municipality(request, pk)
    form = BranchOrganisationForm(request.POST, municipality=municipality, prefix="org")
    if not form.is_valid():
        return _onboarding_page(request, municipality, status=400, organisation_form=form)
    data = form.cleaned_data
    with transaction.atomic():
        parent = data["parent"]
        if data["new_parent"]:
            parent = core_services.parent_organisation_create(
                actor=actor, name=data["name"], kind=data["kind"]
            )
        organisation = core_services.organisation_add(
            actor=actor,
            municipality=municipality,
            name=data["name"],
            kind=data["kind"],
            parent=parent,
        )
    messages.success(request, _("%(org)s är tillagd.") % {"org": organisation})
    return redirect("operations:onboarding", pk=municipality.pk)


@require_POST
def admin_invite(request: HttpRequest, pk: int) -> HttpResponse:
    actor, municipality = operated_municipality(request, pk)
    form = AdminInviteForm(request.POST, municipality=municipality, prefix="admin")
    if not form.is_valid():
        return _onboarding_page(request, municipality, status=400, invite_form=form)
    data = form.cleaned_data
    user = core_services.user_invite(
        actor=actor,
        organisation=data["organisation"],
        role=Role.ADMIN,
        username=data["username"],
        email=data["email"],
        first_name=data["first_name"],
        last_name=data["last_name"],
    )
    messages.success(
        request,
        _("%(user)s är inbjuden som kommunadministratör. En länk har skickats till %(email)s.")
        % {"user": user.username, "email": user.email},
    )
    return redirect("operations:onboarding", pk=municipality.pk)


def activation(request: HttpRequest, pk: int) -> HttpResponse:
    """Deactivate or reactivate, after a confirm page that asks why."""
    actor, municipality = operated_municipality(request, pk)
    form = ActivationForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        core_services.municipality_set_active(
            actor=actor,
            municipality=municipality,
            is_active=not municipality.is_active,
            reason=form.cleaned_data["reason"],
        )
        text = (
            _("%(name)s är aktiv igen. Dess användare kommer åt den som förut.")
            if municipality.is_active
            else _(
                "%(name)s är inaktiverad. Allt finns kvar, men dess användare kommer inte åt den."
            )
        )
        messages.success(request, text % {"name": municipality})
        return redirect("operations:onboarding", pk=municipality.pk)
    status = 400 if form.errors else 200
    context = {"municipality": municipality, "form": form, "errors": error_links(form)}
    return render(request, "operations/activation.html", context, status=status)

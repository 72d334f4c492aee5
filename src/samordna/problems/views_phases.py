"""The phase model: the municipality's phases of EST work, and the phase each area is in
with its history. Admins and coordinators edit the model; the analysis group sets an
area's phase."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from samordna.core.forms import add_service_errors, error_links
from samordna.core.memberships import acting_user, membership_in
from samordna.core.models import Area, Membership
from samordna.core.roles import EST_ROLES
from samordna.problems import phases as phase_services
from samordna.problems.forms import AreaPhaseForm, PhaseForm
from samordna.problems.models import AreaPhase, Phase
from samordna.problems.policies import ANALYSIS_GROUP
from samordna.problems.selectors import current_phases

PHASE_EDITORS = phase_services.PHASE_EDITORS


def _reader(request: HttpRequest) -> Membership:
    return membership_in(request, EST_ROLES)


def phase_list(request: HttpRequest) -> HttpResponse:
    """The municipality's phase model and the phase each area is in."""
    membership = _reader(request)
    municipality = membership.municipality
    phases = list(Phase.objects.filter(municipality=municipality).order_by("order"))
    current = current_phases(municipality)
    areas = [
        (area, current.get(area.pk))
        for area in Area.objects.filter(
            municipality=municipality, kind=Area.Kind.EST, is_active=True
        ).order_by("name")
    ]
    may_edit = membership.role in PHASE_EDITORS
    form = PhaseForm(request.POST or None, prefix="new") if may_edit else None
    if request.method == "POST":
        if form is None:
            raise PermissionDenied
        if form.is_valid():
            try:
                phase_services.phase_create(
                    actor=acting_user(request),
                    municipality=municipality,
                    name=form.cleaned_data["name"],
                    description=form.cleaned_data["description"],
                )
            except ValidationError as error:
                add_service_errors(form, error.message_dict)
            else:
                messages.success(request, _("Fasen är tillagd."))
                return redirect("problems:phases")
    context = {
        "phases": phases,
        "areas": areas,
        "may_edit": may_edit,
        "may_set": membership.role in ANALYSIS_GROUP,
        "form": form,
        "errors": error_links(form) if form is not None and form.is_bound else [],
    }
    return render(request, "problems/phase_list.html", context)


def _editable_phase(request: HttpRequest, pk: int) -> Phase:
    membership = _reader(request)
    if membership.role not in PHASE_EDITORS:
        raise PermissionDenied
    phase: Phase = get_object_or_404(
        Phase.objects.restrict(request.user, "change").filter(municipality=membership.municipality),
        pk=pk,
    )
    return phase


def phase_edit(request: HttpRequest, pk: int) -> HttpResponse:
    phase = _editable_phase(request, pk)
    initial = {"name": phase.name, "description": phase.description, "is_active": phase.is_active}
    form = PhaseForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            phase_services.phase_update(
                actor=acting_user(request),
                phase=phase,
                name=form.cleaned_data["name"],
                description=form.cleaned_data["description"],
                is_active=form.cleaned_data["is_active"],
            )
        except ValidationError as error:
            add_service_errors(form, error.message_dict)
        else:
            messages.success(request, _("Fasen är sparad."))
            return redirect("problems:phases")
    context = {"phase": phase, "form": form, "errors": error_links(form) if form.is_bound else []}
    return render(request, "problems/phase_edit.html", context)


@require_POST
def phase_move_view(request: HttpRequest, pk: int) -> HttpResponse:
    phase = _editable_phase(request, pk)
    phase_services.phase_move(
        actor=acting_user(request), phase=phase, up=request.POST.get("to") == "up"
    )
    return redirect("problems:phases")


def area_phase(request: HttpRequest, area_pk: int) -> HttpResponse:
    """One area's phase and its history; the analysis group records a new one."""
    membership = _reader(request)
    municipality = membership.municipality
    area: Area = get_object_or_404(
        Area.objects.restrict(request.user).filter(municipality=municipality), pk=area_pk
    )
    may_set = membership.role in ANALYSIS_GROUP
    form = AreaPhaseForm(request.POST or None, municipality=municipality) if may_set else None
    if request.method == "POST":
        if form is None:
            raise PermissionDenied
        if form.is_valid():
            try:
                phase_services.area_phase_set(
                    actor=acting_user(request),
                    area=area,
                    phase=form.cleaned_data["phase"],
                    since=form.cleaned_data["since"],
                    note=form.cleaned_data["note"],
                )
            except ValidationError as error:
                add_service_errors(form, error.message_dict)
            else:
                messages.success(request, _("Områdets fas är sparad."))
                return redirect("problems:area_phase", area_pk=area.pk)
    history = (
        AreaPhase.objects.restrict(request.user)
        .filter(area=area)
        .select_related("phase", "set_by")
        .order_by("-since", "-id")
    )
    context = {
        "area": area,
        "history": history,
        "current": history.first(),
        "form": form,
        "errors": error_links(form) if form is not None and form.is_bound else [],
    }
    return render(request, "problems/phase_area.html", context)

"""The meeting page's posts, one per step. Each parses its form, calls one service and
goes back to its step on the page; on an error the page is shown again with the typed
input and the errors at that step."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from samordna.core.forms import add_service_errors
from samordna.interventions.models import Intervention
from samordna.meetings import agenda, services
from samordna.meetings.forms import (
    AgendaItemForm,
    AssessmentForm,
    AttendanceAddForm,
    AttendanceForm,
    FocusForm,
    ReportForm,
)
from samordna.meetings.models import Meeting
from samordna.meetings.page import decision_form, item_prefix, meeting_context, report_prefix
from samordna.meetings.selectors import areas_of
from samordna.meetings.views import actor, find_meeting, runner


def _meeting(request: HttpRequest, pk: int) -> Meeting:
    return find_meeting(request, runner(request), pk)


def _back(meeting: Meeting, key: str, message: str, request: HttpRequest) -> HttpResponse:
    messages.success(request, message)
    item = meeting.agenda_items.filter(key=key).first()
    anchor = f"#steg-{item.number}" if item else ""
    return HttpResponseRedirect(reverse("meetings:detail", args=[meeting.pk]) + anchor)


def _again(request: HttpRequest, meeting: Meeting, name: str, form: forms.Form) -> HttpResponse:
    context = meeting_context(request, meeting, can_run=True, bound={name: form})
    return render(request, "meetings/detail.html", context)


def _save(form: forms.Form, call: Any) -> bool:
    """Run the service when the form is valid; its errors go on the form. True: saved."""
    if not form.is_valid():
        return False
    try:
        call()
    except ValidationError as error:
        add_service_errors(
            form,
            error.message_dict if hasattr(error, "error_dict") else {"__all__": error.messages},
        )
        return False
    return True


@require_POST
def attendance(request: HttpRequest, pk: int) -> HttpResponse:
    meeting = _meeting(request, pk)
    rows = list(meeting.attendance.select_related("organisation").order_by("id"))
    form = AttendanceForm(request.POST, rows=rows)

    def call() -> None:
        data = form.cleaned_data
        inputs = [
            services.AttendanceInput(r.pk, data[f"present_{r.pk}"], data[f"note_{r.pk}"])
            for r in rows
        ]
        services.attendance_set(actor=actor(request), meeting=meeting, rows=inputs)

    if _save(form, call):
        return _back(meeting, agenda.ATTENDANCE, _("Närvaron är sparad."), request)
    return _again(request, meeting, agenda.ATTENDANCE, form)


@require_POST
def attendance_add(request: HttpRequest, pk: int) -> HttpResponse:
    meeting = _meeting(request, pk)
    form = AttendanceAddForm(request.POST, municipality=meeting.municipality, prefix="ny")

    def call() -> None:
        services.attendance_add(actor=actor(request), meeting=meeting, **form.cleaned_data)

    if _save(form, call):
        return _back(meeting, agenda.ATTENDANCE, _("Funktionen är tillagd."), request)
    return _again(request, meeting, "attendance_add", form)


@require_POST
def report(request: HttpRequest, pk: int, intervention_pk: int) -> HttpResponse:
    meeting = _meeting(request, pk)
    visible = Intervention.objects.restrict(actor(request)).filter(
        municipality_id=meeting.municipality_id
    )
    intervention = get_object_or_404(visible, pk=intervention_pk)
    form = ReportForm(request.POST, prefix=report_prefix(intervention.pk))

    def call() -> None:
        services.followup_report(
            actor=actor(request), meeting=meeting, intervention=intervention, **form.cleaned_data
        )

    if _save(form, call):
        message = _("Läget för ”%(title)s” är sparat.") % {"title": intervention.title}
        return _back(meeting, agenda.INTERVENTIONS, message, request)
    return _again(request, meeting, f"report{intervention.pk}", form)


@require_POST
def item_notes(request: HttpRequest, pk: int, number: int) -> HttpResponse:
    meeting = _meeting(request, pk)
    item = get_object_or_404(meeting.agenda_items, number=number)
    form = AgendaItemForm(request.POST, prefix=item_prefix(number))

    def call() -> None:
        services.agenda_item_update(actor=actor(request), item=item, **form.cleaned_data)

    if _save(form, call):
        messages.success(request, _("Anteckningarna under punkt %(n)s är sparade.") % {"n": number})
        url = reverse("meetings:detail", args=[meeting.pk]) + f"#steg-{number}"
        return HttpResponseRedirect(url)
    return _again(request, meeting, f"item{number}", form)


@require_POST
def assessments(request: HttpRequest, pk: int) -> HttpResponse:
    meeting = _meeting(request, pk)
    areas = areas_of(meeting)
    form = AssessmentForm(request.POST, areas=areas, current={})

    def call() -> None:
        data = form.cleaned_data
        rows = [
            services.AssessmentInput(a, data[f"assessment_{a.pk}"], data[f"text_{a.pk}"])
            for a in areas
        ]
        services.assessments_set(actor=actor(request), meeting=meeting, rows=rows)

    if _save(form, call):
        return _back(meeting, agenda.ASSESSMENT, _("Bedömningarna är sparade."), request)
    return _again(request, meeting, agenda.ASSESSMENT, form)


@require_POST
def focus(request: HttpRequest, pk: int) -> HttpResponse:
    meeting = _meeting(request, pk)
    form = FocusForm(request.POST, meeting=meeting, areas=areas_of(meeting))

    def call() -> None:
        services.focus_set(
            actor=actor(request),
            meeting=meeting,
            areas=list(form.cleaned_data["focus_areas"]),
            text=form.cleaned_data["focus_text"],
        )

    if _save(form, call):
        return _back(meeting, agenda.DECISIONS, _("Fokus för veckan är sparat."), request)
    return _again(request, meeting, "focus", form)


@require_POST
def decision(request: HttpRequest, pk: int) -> HttpResponse:
    meeting = _meeting(request, pk)
    membership = runner(request)
    form = decision_form(request, meeting, request.POST)

    def call() -> None:
        data = form.to_input(raised_by=membership.organisation)
        services.decision_create(
            actor=actor(request),
            meeting=meeting,
            data=data,
            observations=list(form.cleaned_data["observations"]),
        )

    if _save(form, call):
        return _back(meeting, agenda.DECISIONS, _("Beslutet är sparat som en insats."), request)
    return _again(request, meeting, agenda.DECISIONS, form)


@require_POST
def confirm(request: HttpRequest, pk: int) -> HttpResponse:
    meeting = _meeting(request, pk)
    form = forms.Form(request.POST)

    def call() -> None:
        services.meeting_confirm_picture(actor=actor(request), meeting=meeting)

    if _save(form, call):
        return _back(meeting, agenda.CONFIRM, _("Lägesbilden är fastställd."), request)
    return _again(request, meeting, agenda.CONFIRM, form)


@require_POST
def close(request: HttpRequest, pk: int) -> HttpResponse:
    meeting = _meeting(request, pk)
    form = forms.Form(request.POST)

    def call() -> None:
        services.meeting_close(actor=actor(request), meeting=meeting)

    if _save(form, call):
        messages.success(request, _("Mötet är avslutat. Minnesanteckningarna finns kvar."))
        return HttpResponseRedirect(reverse("meetings:minutes", args=[meeting.pk]))
    return _again(request, meeting, "close", form)

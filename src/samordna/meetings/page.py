"""The meeting page's context: the agenda as steps, each with its form.

After a failed post the view passes the bound form (`bound={step key: form}`), so the
step shows what was typed with the errors next to it; every other step is fresh.
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.http import HttpRequest

from samordna.core.forms import error_links
from samordna.meetings import agenda, selectors
from samordna.meetings.forms import (
    AgendaItemForm,
    AssessmentForm,
    AttendanceAddForm,
    AttendanceForm,
    DecisionForm,
    FocusForm,
    ReportForm,
)
from samordna.meetings.models import Meeting


def item_prefix(number: int) -> str:
    return f"punkt{number}"


def report_prefix(intervention_id: int) -> str:
    return f"insats{intervention_id}"


def decision_form(request: HttpRequest, meeting: Meeting, data: Any = None) -> DecisionForm:
    """Step 7's form: owners among those present, problems the user reads."""
    return DecisionForm(
        data,
        user=request.user,
        municipality=meeting.municipality,
        organisations=selectors.owner_organisations(meeting),
        grounds=selectors.decision_grounds(request.user, meeting),
        prefix="beslut",
    )


def meeting_context(
    request: HttpRequest,
    meeting: Meeting,
    *,
    can_run: bool,
    bound: dict[str, forms.Form] | None = None,
) -> dict[str, Any]:
    bound = bound or {}
    municipality = meeting.municipality
    areas = selectors.areas_of(meeting)
    attendance = list(meeting.attendance.select_related("organisation").order_by("id"))
    current = {a.area_id: a for a in meeting.assessments.all()}
    items = list(meeting.agenda_items.order_by("number"))
    followed = selectors.followed_up(request.user, meeting)
    forms_: dict[str, Any] = {
        agenda.ATTENDANCE: AttendanceForm(rows=attendance),
        "attendance_add": AttendanceAddForm(municipality=municipality, prefix="ny"),
        agenda.ASSESSMENT: AssessmentForm(areas=areas, current=current),
        "focus": FocusForm(meeting=meeting, areas=areas),
        agenda.DECISIONS: decision_form(request, meeting),
    }
    forms_.update(bound)
    steps = [
        {
            "item": item,
            "notes_open": item.key in agenda.NOTES_ONLY
            or bool(item.notes)
            or f"item{item.number}" in bound,
            "form": bound.get(f"item{item.number}")
            or AgendaItemForm(
                initial={"notes": item.notes, "done": item.done},
                prefix=item_prefix(item.number),
            ),
        }
        for item in items
    ]
    reports = [
        {
            "intervention": i,
            "form": bound.get(f"report{i.pk}")
            or ReportForm(initial={"status": i.status, "rag": i.rag}, prefix=report_prefix(i.pk)),
        }
        for i in followed
    ]
    errors = [link for form in bound.values() for link in error_links(form)]
    return {
        "meeting": meeting,
        "can_run": can_run and meeting.is_open,
        "steps": steps,
        "forms": forms_,
        "attendance_lines": forms_[agenda.ATTENDANCE].lines(),
        "attendance_present": [a for a in attendance if a.present],
        "attendance_absent": [a for a in attendance if not a.present],
        "assessment_lines": forms_[agenda.ASSESSMENT].lines(),
        "assessments": current,
        "reports": reports,
        "decisions": selectors.decisions_of(meeting),
        "picture": selectors.picture_of(request.user, meeting),
        "errors": errors,
    }

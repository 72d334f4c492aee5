"""Adding to a case's assessment and plan, and the meetings with their minutes.

Adding requires read access to the case (team + consent, or the coordinator); the
page shows no case data, so it logs nothing until the case page is read again.
Minutes are case data: each minutes page is a logged read (what="minutes").
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _

from samordna.cases import access, selectors, work
from samordna.cases.forms import (
    ActionForm,
    FactorForm,
    GoalForm,
    MeetingForm,
    MinutesForm,
    error_summary,
)
from samordna.cases.gate import case_reader, tsi_user
from samordna.cases.models import CaseAccess, CaseMeeting, MeetingCase, Programme
from samordna.core.models import Organisation
from samordna.core.roles import TSI_ROLES

_FORMS = {"bedomning": FactorForm, "mal": GoalForm, "insats": ActionForm}
_TITLES = {
    "bedomning": _("Risk- eller skyddsfaktor"),
    "mal": _("Mål i planen"),
    "insats": _("Stödinsats"),
}


def work_add(request: HttpRequest, pk: int, part: str) -> HttpResponse:
    user = case_reader(request, pk, CaseAccess.What.DETAIL)
    case, _grant = access.visible_case(user, pk)
    if part not in _FORMS:
        raise Http404
    kwargs: dict[str, Any] = {}
    if part == "insats":
        kwargs["organisations"] = Organisation.objects.filter(
            municipality=case.municipality, is_active=True
        )
    form = _FORMS[part](request.POST or None, **kwargs)
    if request.method == "POST" and form.is_valid():
        try:
            _save(part, user, case, form.cleaned_data)
        except ValidationError as error:
            for field, errors in error.message_dict.items():
                form.add_error(field if field in form.fields else None, errors)
        else:
            messages.success(request, _("Sparat."))
            return redirect("cases:detail", pk=case.pk)
    return render(
        request,
        "cases/work_form.html",
        {
            "case": case,
            "form": form,
            "title": _TITLES[part],
            "error_summary": error_summary(form) if form.errors else [],
        },
    )


def _save(part: str, user: Any, case: Any, data: dict[str, Any]) -> None:
    if part == "bedomning":
        work.factor_add(actor=user, case=case, **data)
    elif part == "mal":
        work.goal_add(actor=user, case=case, **data)
    else:
        work.action_add(actor=user, case=case, **data)


def meeting_list(request: HttpRequest) -> HttpResponse:
    user = tsi_user(request, TSI_ROLES)
    meetings = CaseMeeting.objects.restrict(user, "view").select_related("programme").distinct()
    coordinated = Programme.objects.filter(pk__in=access.coordinated_programme_ids(user)).order_by(
        "name"
    )
    form = MeetingForm(request.POST or None)
    if request.method == "POST":
        programme = coordinated.filter(pk=request.POST.get("programme", "")).first()
        if programme is None:
            raise Http404
        if form.is_valid():
            meeting = work.meeting_create(actor=user, programme=programme, **form.cleaned_data)
            return redirect("cases:meeting", pk=meeting.pk)
    return render(
        request,
        "cases/meeting_list.html",
        {
            "meetings": meetings[:100],
            "coordinated": coordinated,
            "form": form,
            "error_summary": error_summary(form) if form.errors else [],
        },
    )


def meeting_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """The agenda: only the pseudonyms of cases the user may read; a leadership
    meeting shows the aggregates and nothing else."""
    user = tsi_user(request, TSI_ROLES)
    meeting = get_object_or_404(CaseMeeting.objects.restrict(user, "view").distinct(), pk=pk)
    context: dict[str, Any] = {"meeting": meeting}
    if meeting.kind == CaseMeeting.Kind.LEADERSHIP:
        context["aggregates"] = selectors.leadership_aggregates(programme=meeting.programme)
    else:
        readable = access.readable_case_ids(user)
        context["items"] = meeting.items.filter(case_id__in=readable).select_related("case")
    return render(request, "cases/meeting_detail.html", context)


def minutes(request: HttpRequest, pk: int, case_pk: int) -> HttpResponse:
    user = case_reader(request, case_pk, CaseAccess.What.MINUTES)
    case, _grant = access.access_case(
        user, case_pk, what=CaseAccess.What.MINUTES, kind="minutes", coordinator_may=False
    )
    item = get_object_or_404(MeetingCase, meeting_id=pk, case=case)
    form = MinutesForm(request.POST or None, initial={"minutes": item.minutes})
    if request.method == "POST" and form.is_valid():
        work.minutes_write(actor=user, item=item, minutes=form.cleaned_data["minutes"])
        messages.success(request, _("Anteckningarna är sparade."))
        return redirect("cases:meeting", pk=pk)
    return render(
        request,
        "cases/minutes.html",
        {
            "case": case,
            "item": item,
            "form": form,
            "error_summary": error_summary(form) if form.errors else [],
        },
    )

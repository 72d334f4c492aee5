"""Adding to a case's assessment and plan, and the meetings with their minutes.

Every request that names a case passes `gate.read` once (one CaseAccess row). Minutes
are content: only within consent for minutes.
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _

from samordna.cases import access, boundaries, gate, selectors, work
from samordna.cases.forms import (
    ActionForm,
    FactorForm,
    GoalForm,
    MeetingForm,
    MinutesForm,
    error_summary,
)
from samordna.cases.models import CaseAccess, CaseMeeting, MeetingCase, Programme
from samordna.cases.views_common import gated_form
from samordna.core.models import Organisation
from samordna.core.roles import TSI_ROLES

_FORMS = {"bedomning": FactorForm, "mal": GoalForm, "insats": ActionForm}
_TITLES = {
    "bedomning": _("Risk- eller skyddsfaktor"),
    "mal": _("Mål i planen"),
    "insats": _("Stödinsats"),
}


_KINDS = {"bedomning": "assessment", "mal": "case", "insats": "case"}


def work_add(request: HttpRequest, pk: int, part: str) -> HttpResponse:
    """Adding to the assessment or the plan: within consent for that kind (the
    coordinator may add without reading, see gate.read)."""
    if part not in _FORMS:
        gate.read(request.user, pk, what=CaseAccess.What.WORK)  # still one row per request
        raise Http404

    def make_form(allowed: gate.Allowed, data: Any) -> Any:
        kwargs: dict[str, Any] = {}
        if part == "insats":
            kwargs["organisations"] = Organisation.objects.filter(
                municipality_id=allowed.case.municipality_id, is_active=True
            )
        return _FORMS[part](data, **kwargs)

    return gated_form(
        request,
        pk,
        what=CaseAccess.What.WORK,
        need=_KINDS[part],
        write=True,
        make_form=make_form,
        save=lambda allowed, data: _save(part, request.user, allowed.case, data),
        title=str(_TITLES[part]),
        done=_("Sparat."),
        template="cases/work_form.html",
    )


def _save(part: str, user: Any, case: Any, data: dict[str, Any]) -> Any:
    if part == "bedomning":
        return work.factor_add(actor=user, case=case, **data)
    if part == "mal":
        return work.goal_add(actor=user, case=case, **data)
    return work.action_add(actor=user, case=case, **data)


def meeting_list(request: HttpRequest) -> HttpResponse:
    user = gate.tsi_user(request.user, TSI_ROLES)
    meetings = CaseMeeting.objects.restrict(user, "view").select_related("programme").distinct()
    coordinated = Programme.objects.filter(pk__in=access.coordinated_programme_ids(user)).order_by(
        "name"
    )
    form = MeetingForm(request.POST or None)
    if request.method == "POST":
        chosen = request.POST.get("programme", "")
        programme = coordinated.filter(pk=int(chosen)).first() if chosen.isdigit() else None
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
    user = gate.tsi_user(request.user, TSI_ROLES)
    meeting = get_object_or_404(CaseMeeting.objects.restrict(user, "view").distinct(), pk=pk)
    context: dict[str, Any] = {"meeting": meeting}
    if meeting.kind == CaseMeeting.Kind.LEADERSHIP:
        context["aggregates"] = meeting.snapshot or selectors.leadership_aggregates(
            programme=meeting.programme
        )
        context["decisions"] = boundaries.decided_before(meeting)
    else:
        readable = access.readable_case_ids(user)
        context["items"] = meeting.items.filter(case_id__in=readable).select_related("case")
    return render(request, "cases/meeting_detail.html", context)


def minutes(request: HttpRequest, pk: int, case_pk: int) -> HttpResponse:
    """One case's item on a meeting's agenda. The item is administrative (the agenda
    links to it for everyone who sees the case there); the minutes themselves only
    within consent for minutes — for the coordinator too."""
    allowed = gate.read(request.user, case_pk, what=CaseAccess.What.MINUTES)
    item = get_object_or_404(
        MeetingCase.objects.select_related("meeting"), meeting_id=pk, case=allowed.case
    )
    sees = allowed.sees("minutes")
    form = MinutesForm(request.POST or None, initial={"minutes": item.minutes if sees else ""})
    if sees and request.method == "POST" and form.is_valid():
        work.minutes_write(actor=request.user, item=item, minutes=form.cleaned_data["minutes"])  # type: ignore[arg-type]
        messages.success(request, _("Anteckningarna är sparade."))
        return redirect("cases:meeting", pk=pk)
    context: dict[str, Any] = {"case": allowed.case, "item": item, "sees_minutes": sees}
    if sees:
        context["form"] = form
        context["error_summary"] = error_summary(form) if form.errors else []
    return render(request, "cases/minutes.html", context)

"""The weekly meeting: the list of meetings, starting one, the meeting page and the minutes.

Partners, analysts and management read; coordinators and admins run the meeting (the
step posts live in views_steps). Reporters and anyone outside the EST work get 403; a
meeting of another municipality does not exist (404).
"""

from __future__ import annotations

from datetime import timedelta

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from samordna.analysis.periods import iso_week, period_label
from samordna.core.forms import add_service_errors, error_links
from samordna.core.models import Membership, User
from samordna.meetings import minutes, selectors
from samordna.meetings.forms import StartForm
from samordna.meetings.models import Meeting
from samordna.meetings.page import meeting_context
from samordna.meetings.policies import READERS, RUNNERS
from samordna.meetings.services import meeting_start

PAGE_SIZE = 50


def reader(request: HttpRequest) -> Membership:
    membership: Membership | None = getattr(request, "membership", None)
    if membership is None or membership.role not in READERS:
        raise PermissionDenied
    return membership


def runner(request: HttpRequest) -> Membership:
    membership = reader(request)
    if membership.role not in RUNNERS:
        raise PermissionDenied
    return membership


def actor(request: HttpRequest) -> User:
    return request.user  # type: ignore[return-value]  # signed in: the middleware saw to it


def find_meeting(request: HttpRequest, membership: Membership, pk: int) -> Meeting:
    rows = selectors.meetings_for(request.user, membership).select_related("municipality")
    return get_object_or_404(rows, pk=pk)


def meeting_list(request: HttpRequest) -> HttpResponse:
    membership = reader(request)
    form = StartForm(initial={"week": iso_week(timezone.now() - timedelta(days=7))})
    return _render_list(request, membership, form)


def _render_list(request: HttpRequest, membership: Membership, form: StartForm) -> HttpResponse:
    rows = selectors.meetings_for(request.user, membership).order_by("-period_key", "-id")
    page = Paginator(rows, PAGE_SIZE).get_page(request.GET.get("page"))
    context = {
        "page": page,
        "form": form if membership.role in RUNNERS else None,
        "errors": error_links(form) if form.is_bound else [],
    }
    return render(request, "meetings/list.html", context)


@require_POST
def start(request: HttpRequest) -> HttpResponse:
    membership = runner(request)
    form = StartForm(request.POST)
    if form.is_valid():
        key = form.cleaned_data["week"].strip().upper()
        try:
            meeting = meeting_start(
                actor=actor(request), municipality=membership.municipality, key=key
            )
        except ValidationError as error:
            add_service_errors(form, error.message_dict)
        else:
            messages.success(
                request, _("Mötet för %(week)s är öppet.") % {"week": period_label(key)}
            )
            return redirect("meetings:detail", pk=meeting.pk)
    return _render_list(request, membership, form)


def detail(request: HttpRequest, pk: int) -> HttpResponse:
    membership = reader(request)
    meeting = find_meeting(request, membership, pk)
    context = meeting_context(request, meeting, can_run=membership.role in RUNNERS)
    return render(request, "meetings/detail.html", context)


def minutes_view(request: HttpRequest, pk: int) -> HttpResponse:
    membership = reader(request)
    meeting = find_meeting(request, membership, pk)
    return render(request, "meetings/minutes.html", minutes.minutes_context(request, meeting))

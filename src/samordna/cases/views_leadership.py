"""The leadership group's pages: aggregates, the escalated questions without any child
(no pseudonym either), a decision on each, and the register of where the gaps are.

None of these pages names a case, so none passes the case gate or writes a CaseAccess
row; they are open to the leadership group and the coordinators of the municipality.
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from samordna.cases import boundaries, gate, selectors
from samordna.cases.forms import error_summary
from samordna.cases.forms_manage import DecisionForm
from samordna.cases.models import Escalation
from samordna.cases.views_common import service_errors
from samordna.core.models import Organisation
from samordna.core.roles import TSI_ROLES, Role

LEADERS = TSI_ROLES - {Role.TSI_PARTICIPANT}


def _programme_ids(request: HttpRequest, roles: Any = LEADERS) -> list[int]:
    user = gate.tsi_user(request.user, roles)
    return [p.pk for p in selectors.leadership_programmes(user, roles)]


def _question(escalation: Escalation) -> dict[str, Any]:
    today = timezone.localdate()
    return {
        "escalation": escalation,
        "boundary": list(escalation.boundary.all()),
        "age_days": (today - timezone.localdate(escalation.need.created_at)).days,
        "waiting_days": (today - timezone.localdate(escalation.escalated_at)).days,
        "history": boundaries.history(escalation),
    }


def leadership(request: HttpRequest) -> HttpResponse:
    ids = _programme_ids(request)
    user = request.user
    programmes = [
        selectors.leadership_aggregates(programme=p) for p in selectors.leadership_programmes(user)
    ]
    questions = [_question(e) for e in boundaries.open_escalations(ids).select_related("need")]
    return render(
        request,
        "cases/leadership.html",
        {
            "programmes": programmes,
            "questions": questions,
            "register": boundaries.register(ids)[:10],
        },
    )


def decide(request: HttpRequest, escalation_pk: int) -> HttpResponse:
    ids = _programme_ids(request)
    user: Any = request.user
    escalation = get_object_or_404(
        boundaries.open_escalations(ids).select_related("need"), pk=escalation_pk
    )
    organisations = Organisation.objects.filter(
        municipality_id=escalation.municipality_id, is_active=True
    )
    form = DecisionForm(request.POST or None, organisations=organisations)
    if request.method == "POST" and form.is_valid():
        try:
            boundaries.escalation_decide(actor=user, escalation=escalation, **form.cleaned_data)
        except ValidationError as error:
            service_errors(form, error)
        else:
            messages.success(request, _("Beslutet är sparat och syns i registret."))
            return redirect("cases:boundaries")
    context = {"question": _question(escalation), "form": form}
    if form.errors:
        context["error_summary"] = error_summary(form)
    return render(request, "cases/decide.html", context)


def register(request: HttpRequest) -> HttpResponse:
    """Var glappen finns: every decided boundary, for everyone who routes needs."""
    ids = _programme_ids(request, TSI_ROLES)
    return render(request, "cases/boundaries.html", {"register": boundaries.register(ids)})

"""Closing, legal hold and erasure: the coordinator's, each through the gate, each
audited by its service. Erasure shows what will go and asks for the pseudonym."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.utils.translation import gettext as _

from samordna.cases import gate, retention, services
from samordna.cases.forms_manage import CloseForm, EraseForm, LegalHoldForm
from samordna.cases.models import Case, CaseAccess
from samordna.cases.views_common import gated_form

MANAGE = CaseAccess.What.MANAGE


def close(request: HttpRequest, pk: int) -> HttpResponse:
    def more_context(allowed: gate.Allowed) -> dict[str, Any]:
        days = services.retention_days(allowed.case.programme)
        return {
            "intro": _(
                "När ärendet avslutas kan ingen lägga till något mer, och det gallras "
                "%(days)s dagar efter avslutet om inget bevarandebeslut finns."
            )
            % {"days": days}
        }

    return gated_form(
        request,
        pk,
        what=MANAGE,
        need=gate.MANAGE,
        make_form=lambda allowed, data: CloseForm(data),
        save=lambda allowed, data: services.case_close(
            actor=allowed.user, case=allowed.case, reason=data["reason"]
        ),
        title=_("Avsluta ärendet"),
        done=_("Ärendet är avslutat."),
        more_context=more_context,
    )


def legal_hold(request: HttpRequest, pk: int) -> HttpResponse:
    return gated_form(
        request,
        pk,
        what=MANAGE,
        need=gate.MANAGE,
        make_form=lambda allowed, data: LegalHoldForm(data),
        save=lambda allowed, data: services.case_set_legal_hold(
            actor=allowed.user, case=allowed.case, hold=data["hold"], reason=data["reason"]
        ),
        title=_("Bevarandebeslut"),
        done=_("Bevarandebeslutet är sparat."),
    )


def erase(request: HttpRequest, pk: int) -> HttpResponse:
    def save(allowed: gate.Allowed, data: dict[str, Any]) -> HttpResponse:
        problem = erase_problem(allowed.case)
        if problem:
            raise ValidationError({"pseudonym": problem})
        retention.case_erase(actor=allowed.user, case=allowed.case)
        return redirect("cases:list")

    def more_context(allowed: gate.Allowed) -> dict[str, Any]:
        return {
            "intro": erase_problem(allowed.case),
            "erasure": retention.erasure_preview(allowed.case),
        }

    return gated_form(
        request,
        pk,
        what=MANAGE,
        need=gate.MANAGE,
        make_form=lambda allowed, data: EraseForm(data, expected=allowed.case.pseudonym),
        save=save,
        title=_("Gallra ärendet"),
        done=_("Ärendet är gallrat."),
        more_context=more_context,
        template="cases/erase.html",
    )


def erase_problem(case: Case) -> str:
    if case.status == Case.Status.OPEN:
        return _("Ärendet måste avslutas innan det kan gallras.")
    if case.status == Case.Status.ERASED:
        return _("Ärendet är redan gallrat.")
    if case.legal_hold:
        return _("Ärendet har ett bevarandebeslut och kan inte gallras.")
    return ""

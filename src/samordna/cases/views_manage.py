"""The coordinator opens cases and keeps guardians and the team; the team adds needs.

Writes only: each goes through a service with an audit event; none shows case data,
so none writes a CaseAccess row. Anyone without the right gets 404.
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from samordna.cases import access, services
from samordna.cases.forms import error_summary
from samordna.cases.forms_manage import CaseOpenForm, GuardianForm, NeedForm, TeamForm
from samordna.cases.gate import case_reader, tsi_user
from samordna.cases.models import CaseAccess, Programme, ProgrammeMember
from samordna.cases.responsibility import need_add
from samordna.core.models import Organisation


def _render(request: HttpRequest, form: Any, title: str, case: Any = None) -> HttpResponse:
    return render(
        request,
        "cases/manage_form.html",
        {
            "form": form,
            "title": title,
            "case": case,
            "error_summary": error_summary(form) if form.errors else [],
        },
    )


def _service_errors(form: Any, error: ValidationError) -> None:
    for field, errors in error.message_dict.items():
        form.add_error(field if field in form.fields else None, errors)


def case_open(request: HttpRequest, programme_pk: int) -> HttpResponse:
    user = tsi_user(request)
    if programme_pk not in access.coordinated_programme_ids(user):
        raise Http404
    programme = Programme.objects.get(pk=programme_pk)
    form = CaseOpenForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            case = services.case_open(actor=user, programme=programme, **form.cleaned_data)
        except ValidationError as error:
            _service_errors(form, error)
        else:
            messages.success(request, _("Ärendet %(p)s är öppnat.") % {"p": case.pseudonym})
            return redirect("cases:detail", pk=case.pk)
    return _render(request, form, _("Nytt ärende i %(p)s") % {"p": programme.name})


def guardian_add(request: HttpRequest, pk: int) -> HttpResponse:
    user = tsi_user(request)
    case = access.managed_case(user, pk)
    form = GuardianForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        services.guardian_add(actor=user, case=case, **form.cleaned_data)
        messages.success(request, _("Vårdnadshavaren är registrerad."))
        return redirect("cases:detail", pk=case.pk)
    return _render(request, form, _("Ny vårdnadshavare"), case)


def team_add(request: HttpRequest, pk: int) -> HttpResponse:
    user = tsi_user(request)
    case = access.managed_case(user, pk)
    members = {
        f"{m.user_id}:{m.organisation_id}": m
        for m in ProgrammeMember.objects.filter(programme=case.programme)
        .exclude(part=ProgrammeMember.Part.LEADERSHIP)
        .select_related("user", "organisation")
    }
    choices = [(key, f"{m.user} – {m.organisation}") for key, m in members.items()]
    form = TeamForm(request.POST or None, members=choices)
    if request.method == "POST" and form.is_valid():
        chosen = members[form.cleaned_data["member"]]
        try:
            services.case_team_add(
                actor=user, case=case, user=chosen.user, organisation=chosen.organisation
            )
        except ValidationError as error:
            _service_errors(form, error)
        else:
            messages.success(request, _("Teamet är uppdaterat."))
            return redirect("cases:detail", pk=case.pk)
    return _render(request, form, _("Lägg till i teamet"), case)


def need_new(request: HttpRequest, pk: int) -> HttpResponse:
    user = case_reader(request, pk, CaseAccess.What.DETAIL)
    case, _grant = access.visible_case(user, pk)
    organisations = Organisation.objects.filter(municipality=case.municipality, is_active=True)
    form = NeedForm(request.POST or None, organisations=organisations)
    if request.method == "POST" and form.is_valid():
        try:
            need_add(actor=user, case=case, **form.cleaned_data)
        except ValidationError as error:
            _service_errors(form, error)
        else:
            messages.success(request, _("Behovet är registrerat."))
            return redirect("cases:detail", pk=case.pk)
    return _render(request, form, _("Nytt behov"), case)

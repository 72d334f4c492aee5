"""TSI pages. Every case read goes through `access.access_case` (404 + CaseAccess row).

A user who has not given their second factor in this session sees nothing here:
for them, as for every EST role, the module does not exist (404).
"""

from __future__ import annotations

import json
from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from samordna.cases import access, retention, selectors, services
from samordna.cases.forms import BounceForm, ConsentForm, ReasonForm, error_summary
from samordna.cases.gate import case_reader, tsi_user
from samordna.cases.models import Case, CaseAccess, Consent, Need, Programme
from samordna.cases.responsibility import need_accept, need_bounce
from samordna.core.models import Organisation
from samordna.core.roles import TSI_ROLES, Role


def case_list(request: HttpRequest) -> HttpResponse:
    user = tsi_user(request)
    cases = (
        Case.objects.filter(pk__in=access.readable_case_ids(user))
        .select_related("programme", "area")
        .order_by("pseudonym")
    )
    coordinated = Programme.objects.filter(pk__in=access.coordinated_programme_ids(user)).order_by(
        "name"
    )
    return render(request, "cases/list.html", {"cases": cases, "coordinated": coordinated})


def case_detail(request: HttpRequest, pk: int) -> HttpResponse:
    user = case_reader(request, pk, CaseAccess.What.DETAIL)
    case, grant = access.access_case(user, pk, what=CaseAccess.What.DETAIL)
    coordinating = grant.ground == "coordinator" or pk in access.coordinated_case_ids(user)
    context = {
        "case": case,
        "grant": grant,
        "coordinating": coordinating,
        "team": case.team.select_related("organisation", "user"),
        "needs": case.needs.select_related("owner"),
        "disclosures": case.disclosures.select_related("from_organisation", "to_organisation"),
        "factors": case.factors.all(),
        "goals": case.goals.all(),
        "actions": case.actions.select_related("owner"),
        "my_organisation": grant.organisation_id,
    }
    if coordinating:
        context["guardians"] = _guardians_with_consent(case)
    return render(request, "cases/detail.html", context)


def _guardians_with_consent(case: Case) -> list[dict[str, Any]]:
    from django.utils import timezone

    day = timezone.localdate()
    rows = []
    for guardian in case.guardians.all():
        consents = list(guardian.consents.prefetch_related("organisations"))
        rows.append(
            {
                "guardian": guardian,
                "consents": consents,
                "valid": any(c.is_valid_on(day) for c in consents),
            }
        )
    return rows


def identity(request: HttpRequest, pk: int) -> HttpResponse:
    user = case_reader(request, pk, CaseAccess.What.IDENTITY)
    case, _grant = access.visible_case(user, pk, what=CaseAccess.What.IDENTITY)
    form = ReasonForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        case, _grant = access.access_case(
            user, pk, what=CaseAccess.What.IDENTITY, why=form.cleaned_data["why"], kind="identity"
        )
        return render(request, "cases/identity.html", {"case": case, "shown": True})
    return render(
        request,
        "cases/identity.html",
        {"case": case, "form": form, "error_summary": error_summary(form) if form.errors else []},
    )


def consent_add(request: HttpRequest, pk: int) -> HttpResponse:
    user = tsi_user(request)
    case = access.managed_case(user, pk)
    organisations = Organisation.objects.filter(municipality=case.municipality, is_active=True)
    form = ConsentForm(
        request.POST or None, guardians=case.guardians.all(), organisations=organisations
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.consent_record(
                actor=user,
                case=case,
                guardian=data["guardian"],
                organisations=data["organisations"],
                kinds=data["kinds"],
                purpose=data["purpose"],
                valid_from=data["valid_from"],
                valid_to=data["valid_to"],
                child_view=data["child_view"],
            )
        except ValidationError as error:
            for field, errors in error.message_dict.items():
                form.add_error(field if field in form.fields else None, errors)
        else:
            messages.success(request, _("Samtycket är registrerat."))
            return redirect("cases:detail", pk=case.pk)
    return render(
        request,
        "cases/consent_form.html",
        {"case": case, "form": form, "error_summary": error_summary(form) if form.errors else []},
    )


@require_POST
def consent_revoke(request: HttpRequest, pk: int, consent_pk: int) -> HttpResponse:
    user = tsi_user(request)
    case = access.managed_case(user, pk)
    consent = get_object_or_404(Consent, pk=consent_pk, case=case)
    services.consent_revoke(actor=user, consent=consent)
    messages.success(request, _("Samtycket är återkallat. Det gäller från och med nu."))
    return redirect("cases:detail", pk=case.pk)


def need_answer(request: HttpRequest, pk: int, need_pk: int) -> HttpResponse:
    user = case_reader(request, pk, CaseAccess.What.DETAIL)
    case, grant = access.visible_case(user, pk)
    need = get_object_or_404(Need, pk=need_pk, case=case)
    if grant.organisation_id is None or need.owner_id != grant.organisation_id:
        raise Http404
    organisation = Organisation.objects.get(pk=grant.organisation_id)
    form = BounceForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            if form.cleaned_data["answer"] == "accept":
                need_accept(actor=user, need=need, organisation=organisation)
            else:
                need_bounce(
                    actor=user,
                    need=need,
                    organisation=organisation,
                    reason=form.cleaned_data["reason"],
                )
        except ValidationError as error:
            for field, errors in error.message_dict.items():
                form.add_error("reason" if field == "reason" else None, errors)
        else:
            messages.success(request, _("Svaret är registrerat."))
            return redirect("cases:detail", pk=case.pk)
    return render(
        request,
        "cases/need_answer.html",
        {
            "case": case,
            "need": need,
            "form": form,
            "error_summary": error_summary(form) if form.errors else [],
        },
    )


def access_log(request: HttpRequest, pk: int) -> HttpResponse:
    """Who read case X (for the coordinator); the read of the log is logged too."""
    user = case_reader(request, pk, CaseAccess.What.ACCESS_LOG)
    case, _grant = access.access_case(user, pk, what=CaseAccess.What.ACCESS_LOG, manage=True)
    rows = case.accesses.select_related("user", "organisation")[:500]
    return render(request, "cases/access_log.html", {"case": case, "rows": rows})


def outside_scope(request: HttpRequest) -> HttpResponse:
    """Who read (or tried to read) cases outside their organisation's consent scope."""
    user = tsi_user(request)
    coordinated = access.coordinated_case_ids(user)
    if not coordinated:
        raise Http404
    rows = (
        CaseAccess.objects.restrict(user, "view")
        .exclude(ground="consent")
        .select_related("user", "organisation", "case")[:500]
    )
    return render(request, "cases/outside_scope.html", {"rows": rows})


def export(request: HttpRequest, pk: int) -> HttpResponse:
    """The data-subject export (GDPR art. 15) as JSON; the coordinator gives a reason."""
    user = tsi_user(request)
    case = access.managed_case(user, pk)
    form = ReasonForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = retention.subject_export(user=user, case_id=pk, why=form.cleaned_data["why"])
        response = HttpResponse(
            json.dumps(data, ensure_ascii=False, indent=2), content_type="application/json"
        )
        response["Content-Disposition"] = f'attachment; filename="{case.pseudonym}.json"'
        return response
    return render(
        request,
        "cases/export.html",
        {"case": case, "form": form, "error_summary": error_summary(form) if form.errors else []},
    )


def leadership(request: HttpRequest) -> HttpResponse:
    user = tsi_user(request, TSI_ROLES - {Role.TSI_PARTICIPANT})
    programmes = [
        selectors.leadership_aggregates(programme=p) for p in selectors.leadership_programmes(user)
    ]
    return render(request, "cases/leadership.html", {"programmes": programmes})

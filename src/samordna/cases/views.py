"""TSI pages that read a case. Each request that names a case passes `gate.read` once:
one CaseAccess row, granted or refused, and the page gets only what the gate allowed.

A user who has not given their second factor in this session sees nothing here:
for them, as for every EST role, the module does not exist (404).
"""

from __future__ import annotations

import json

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render

from samordna.cases import access, gate, pages, retention
from samordna.cases.forms import ReasonForm, error_summary
from samordna.cases.models import Case, CaseAccess, Programme

What = CaseAccess.What


def case_list(request: HttpRequest) -> HttpResponse:
    user = gate.tsi_user(request.user)
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
    allowed = gate.read(request.user, pk, what=What.DETAIL)
    return render(request, "cases/detail.html", pages.detail(allowed))


def identity(request: HttpRequest, pk: int) -> HttpResponse:
    """Identity only within consent, and only after a reason (the row keeps it)."""
    form = ReasonForm(request.POST or None)
    valid = request.method == "POST" and form.is_valid()
    why = form.cleaned_data["why"] if valid else ""
    allowed = gate.read(request.user, pk, what=What.IDENTITY, need="identity", why=why)
    context = {"case": allowed.case, "shown": valid, "form": form}
    if form.errors:
        context["error_summary"] = error_summary(form)
    return render(request, "cases/identity.html", context)


def access_log(request: HttpRequest, pk: int) -> HttpResponse:
    """Who read case X (for the coordinator); the read of the log is logged too."""
    allowed = gate.read(request.user, pk, what=What.ACCESS_LOG, need=gate.MANAGE)
    rows = allowed.case.accesses.select_related("user", "organisation")[:500]
    return render(request, "cases/access_log.html", {"case": allowed.case, "rows": _labelled(rows)})


def _labelled(rows: object) -> list[dict[str, object]]:
    return [{"row": row, "ground": pages.ground_label(row.ground)} for row in rows]  # type: ignore[attr-defined]


def outside_scope(request: HttpRequest) -> HttpResponse:
    """Reads that rested on no consent, refused attempts, and probes of ids that do not
    exist, in the coordinator's programmes and municipality."""
    user = gate.tsi_user(request.user)
    if not access.coordinated_programme_ids(user):
        raise Http404
    rows = (
        CaseAccess.objects.restrict(user, "view")
        .exclude(ground="consent")
        .select_related("user", "organisation", "case")[:500]
    )
    return render(request, "cases/outside_scope.html", {"rows": _labelled(rows)})


def export(request: HttpRequest, pk: int) -> HttpResponse:
    """The register extract (GDPR art. 15) as JSON; the coordinator gives a reason."""
    form = ReasonForm(request.POST or None)
    valid = request.method == "POST" and form.is_valid()
    why = form.cleaned_data["why"] if valid else ""
    allowed = gate.read(request.user, pk, what=What.EXPORT, need=gate.EXTRACT, why=why)
    if valid:
        data = retention.subject_export(allowed)
        response = HttpResponse(
            json.dumps(data, ensure_ascii=False, indent=2), content_type="application/json"
        )
        filename = f"{allowed.case.pseudonym}.json"
        response["Content-Disposition"] = f'attachment; filename="{filename}"'
        return response
    context = {"case": allowed.case, "form": form}
    if form.errors:
        context["error_summary"] = error_summary(form)
    return render(request, "cases/export.html", context)

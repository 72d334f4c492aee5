"""The county view (a county officer), sharing with the county (a municipality admin),
and the law's checklist with the coordination function (the municipality's own users)."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_safe

from samordna.analysis.periods import period_kind
from samordna.core.models import Membership, User
from samordna.core.roles import Role
from samordna.county import compliance, exports, selectors, services
from samordna.county.checklist import requirements, status_of
from samordna.county.forms import CoordinationForm
from samordna.county.models import CoordinationFunction
from samordna.county.policies import (
    CHECKLIST_READERS,
    COORDINATION_EDITORS,
    county_codes,
    sharing_municipalities,
)


def _user(request: HttpRequest) -> User:
    return request.user  # type: ignore[return-value]


def _county(request: HttpRequest) -> str:
    """The county the officer asked for (`?lan=`), or their first; 403 for anyone else."""
    codes = county_codes(request.user)
    asked = request.GET.get("lan") or (codes[0] if codes else "")
    if asked not in codes:
        raise PermissionDenied
    return asked


def _period(request: HttpRequest, ids: list[int]) -> tuple[str, str, list[str]]:
    kind = request.GET.get("slag") or "week"
    if kind not in selectors.KINDS:
        kind = "week"
    latest = selectors.latest_key(kind, ids)
    choices = selectors.period_choices(kind, latest)
    key = request.GET.get("period") or latest or choices[0]
    try:
        valid = period_kind(key) == kind
    except ValueError:
        valid = False
    if not valid:
        key = latest or choices[0]
    if key not in choices:
        choices = sorted([*choices, key], reverse=True)
    return kind, key, choices


@require_safe
def overview(request: HttpRequest) -> HttpResponse:
    code = _county(request)
    municipalities = list(sharing_municipalities(code))
    kind, key, choices = _period(request, [m.pk for m in municipalities])
    context: dict[str, Any] = {
        "county": code,
        "county_name": compliance.county_name(code),
        "counties": [(c, compliance.county_name(c)) for c in county_codes(request.user)],
        "kinds": selectors.KINDS,
        "kind": kind,
        "choices": choices,
        "overview": selectors.overview(municipalities, key) if municipalities else None,
        "compliance": compliance.table(municipalities),
        "headers": compliance.HEADERS,
        # The base layout's banner: synthetic data is labelled as such here too.
        "is_demo": any(m.is_demo for m in municipalities),
    }
    return render(request, "county/overview.html", context)


@require_safe
def compliance_page(request: HttpRequest) -> HttpResponse:
    code = _county(request)
    municipalities = list(sharing_municipalities(code))
    context = {
        "county": code,
        "county_name": compliance.county_name(code),
        "compliance": compliance.table(municipalities),
        "headers": compliance.HEADERS,
        "is_demo": any(m.is_demo for m in municipalities),
    }
    return render(request, "county/compliance.html", context)


@require_safe
def compliance_export(request: HttpRequest, fmt: str) -> HttpResponse:
    if fmt not in exports.CONTENT_TYPES:
        raise Http404
    code = _county(request)
    rows = compliance.table(list(sharing_municipalities(code)))
    title = f"Efterlevnad av lag (2023:196), {compliance.county_name(code)}"
    body = exports.render_xlsx(title, rows) if fmt == "xlsx" else exports.render_pdf(title, rows)
    response = HttpResponse(body, content_type=exports.CONTENT_TYPES[fmt])
    response["Content-Disposition"] = f'attachment; filename="{exports.filename(code, fmt)}"'
    return response


def _member(request: HttpRequest, roles: frozenset[str]) -> Membership:
    membership: Membership | None = getattr(request, "membership", None)
    if membership is None or membership.role not in roles:
        raise PermissionDenied
    return membership


def sharing(request: HttpRequest) -> HttpResponse:
    """The admin's page: whether the municipality shares with its county."""
    membership = _member(request, frozenset({Role.ADMIN}))
    municipality = membership.municipality
    context = {
        "municipality": municipality,
        "county_name": compliance.county_name(municipality.code[:2]),
        "active": services.active_sharing(municipality),
    }
    return render(request, "county/sharing.html", context)


def sharing_change(request: HttpRequest, action: str) -> HttpResponse:
    """Confirm, then start (`dela`) or stop (`sluta`) sharing."""
    membership = _member(request, frozenset({Role.ADMIN}))
    municipality = membership.municipality
    if action not in {"dela", "sluta"}:
        raise Http404
    if request.method == "POST":
        change = services.sharing_start if action == "dela" else services.sharing_stop
        try:
            change(actor=_user(request), municipality=municipality)
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
            return redirect("county:sharing")
        done = (
            "Kommunen delar nu med länsstyrelsen."
            if action == "dela"
            else ("Kommunen delar inte längre med länsstyrelsen. Länet ser inget från och med nu.")
        )
        messages.success(request, done)
        return redirect("county:sharing")
    context = {
        "municipality": municipality,
        "county_name": compliance.county_name(municipality.code[:2]),
        "action": action,
        "active": services.active_sharing(municipality),
    }
    return render(request, "county/sharing_confirm.html", context)


@require_safe
def checklist(request: HttpRequest) -> HttpResponse:
    membership = _member(request, CHECKLIST_READERS)
    status = status_of(membership.municipality)
    context = {
        "municipality": membership.municipality,
        "status": status,
        "requirements": requirements(status),
        "may_edit": membership.role in COORDINATION_EDITORS,
        "sharing": services.active_sharing(membership.municipality),
    }
    return render(request, "county/checklist.html", context)


def coordination(request: HttpRequest) -> HttpResponse:
    """The coordination function: read by the checklist's readers, set by its editors."""
    membership = _member(request, CHECKLIST_READERS)
    municipality = membership.municipality
    may_edit = membership.role in COORDINATION_EDITORS
    if request.method == "POST" and not may_edit:
        raise PermissionDenied
    current = CoordinationFunction.objects.filter(municipality=municipality).first()
    initial = (
        {"description": current.description, "appointed_on": current.appointed_on}
        if current
        else {}
    )
    form = CoordinationForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.coordination_set(
                actor=_user(request), municipality=municipality, **form.cleaned_data
            )
        except ValidationError as exc:
            for field, errors in exc.message_dict.items():
                form.add_error(field if field in form.fields else None, errors)
        else:
            messages.success(request, "Samordningsfunktionen är sparad.")
            return redirect("county:checklist")
    context = {"form": form, "current": current, "may_edit": may_edit}
    return render(request, "county/coordination.html", context)

"""The review queue: coordinators and admins go through the week's new observations.

Every write is one call to a `reports.review` service, which checks the permission
again and audits. The queue's filter travels in the query string to the detail page,
the actions and the bulk confirmation, so the coordinator comes back to the same list.
"""

from __future__ import annotations

import math
from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db.models import Count, Q, QuerySet
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from samordna.core.models import Membership
from samordna.reports.forms import Choices
from samordna.reports.forms_review import (
    BulkForm,
    CorrectionForm,
    DuplicateForm,
    RedactForm,
    RejectForm,
    add_service_errors,
    describe_filter,
    error_summary,
    queue_filter,
)
from samordna.reports.links import linked_q
from samordna.reports.models import Observation
from samordna.reports.policies import REVIEWERS
from samordna.reports.redaction import observation_redact
from samordna.reports.review import (
    duplicate_candidates,
    observation_correct,
    observation_mark_duplicate,
    observation_mark_reviewed,
    observation_reject,
    observations_bulk,
)

PAGE_SIZE = 50
Status = Observation.Status
_RELATED = ("category", "category__parent", "area", "place", "organisation", "report")
# Which rows each bulk action can take (the services refuse the others).
_BULK_STATUSES = {"reviewed": {Status.SUBMITTED}, "reject": {Status.SUBMITTED, Status.REVIEWED}}


def _reviewer(request: HttpRequest) -> Membership:
    membership: Membership | None = getattr(request, "membership", None)
    if membership is None or membership.role not in REVIEWERS:
        raise PermissionDenied
    return membership


def _observation(request: HttpRequest, pk: int) -> Observation:
    """404 unless the user may see it where they work now; 403 unless they may review it."""
    membership: Membership | None = getattr(request, "membership", None)
    if membership is None:
        raise PermissionDenied
    visible = Observation.objects.restrict(request.user).filter(
        municipality=membership.municipality
    )
    observation = get_object_or_404(visible.select_related(*_RELATED), pk=pk)
    _reviewer(request)
    return observation


def _filtered(request: HttpRequest, membership: Membership) -> Any:
    rows = (
        Observation.objects.restrict(request.user, "change")
        .filter(municipality=membership.municipality)
        .select_related(*_RELATED)
        .order_by("-created_at", "-pk")
    )
    return queue_filter(
        request.GET, request=request, queryset=rows, municipality=membership.municipality
    )


def _queue_url(query: str) -> str:
    return reverse("reports_review:queue") + (f"?{query}" if query else "")


def _query(data: Any, **replace: str) -> str:
    data = data.copy()
    data.pop("page", None)
    for key, value in replace.items():
        data[key] = value
    return str(data.urlencode())


# --- the list --------------------------------------------------------------------------


def queue(request: HttpRequest) -> HttpResponse:
    membership = _reviewer(request)
    filterset = _filtered(request, membership)
    valid = filterset.is_valid()
    # An invalid filter would be ignored by django-filter and show more than asked for.
    rows: QuerySet[Observation] = filterset.qs if valid else filterset.queryset.none()
    page = Paginator(rows, PAGE_SIZE).get_page(request.GET.get("page"))
    status = filterset.form.cleaned_data.get("status", "") if valid else ""
    context = {
        "filterset": filterset,
        "page": page,
        "query": _query(filterset.data),
        "counts": _status_counts(request, filterset) if valid else [],
        "bulk": {a: status in s for a, s in _BULK_STATUSES.items()} if valid else {},
        "is_default": valid and set(request.GET) <= {"page"},
    }
    return render(request, "reports/review_queue.html", context)


def _status_counts(request: HttpRequest, filterset: Any) -> list[dict[str, Any]]:
    """Per status, how many rows the filter matches with any status, and a link to them.

    "Linked" overlaps the others (a linked row keeps its review status), so "all" is the
    sum of the rest."""
    every_status = type(filterset)(
        _with(filterset.data, status=""), request=request, queryset=filterset.queryset
    )
    rows = every_status.qs.order_by()
    found = dict(rows.values_list("status").annotate(n=Count("pk")))
    total = sum(found.values())
    # "Linked" counts the rows a problem or an intervention links, by hand or by rule,
    # whatever their status: one aggregate with a subquery, not one query per row.
    found_linked = rows.aggregate(n=Count("pk", filter=linked_q() | Q(status=Status.LINKED)))
    found[Status.LINKED] = found_linked["n"]
    current = filterset.form.cleaned_data.get("status", "")
    return [
        {
            "label": label,
            "count": total if value == "" else found.get(value, 0),
            "query": _query(filterset.data, status=value),
            "current": value == current,
        }
        for value, label in [("", _("Alla")), *Status.choices]
    ]


def _with(data: Any, **replace: str) -> Any:
    data = data.copy()
    for key, value in replace.items():
        data[key] = value
    return data


# --- one observation --------------------------------------------------------------------


def detail(request: HttpRequest, pk: int) -> HttpResponse:
    return _render_detail(request, _observation(request, pk))


def _render_detail(
    request: HttpRequest,
    observation: Observation,
    *,
    correction: CorrectionForm | None = None,
    reject: RejectForm | None = None,
    duplicate: DuplicateForm | None = None,
    redact: RedactForm | None = None,
) -> HttpResponse:
    choices = Choices(request.user, observation.municipality)
    correction = correction or CorrectionForm(observation=observation, choices=choices)
    reject = reject or RejectForm()
    duplicate = duplicate or DuplicateForm(candidates=[], auto_id="duplicate-%s")
    redact = redact or RedactForm(auto_id="redact-%s")
    context = {
        "o": observation,
        "query": _query(request.GET),
        "correction": correction,
        "reject": reject,
        "duplicate": duplicate,
        "redact": redact,
        "error_summary": error_summary(correction, reject, duplicate, redact),
        "candidates": _candidates(observation),
        "closable": observation.status in _BULK_STATUSES["reject"],
        "reviewable": observation.status == Status.SUBMITTED,
    }
    return render(request, "reports/review_detail.html", context)


def _candidates(observation: Observation) -> list[dict[str, Any]]:
    """The suggested originals with how far apart they are, in metres and in time."""
    found = duplicate_candidates(observation)
    # One query for what the rows show, instead of one per candidate.
    rows = Observation.objects.select_related(*_RELATED).in_bulk([c.pk for c in found])
    result = []
    for candidate in found:
        row = rows[candidate.pk]
        metres = math.hypot(row.x - observation.x, row.y - observation.y)  # type: ignore[operator]
        minutes = round(abs((row.occurred_from - observation.occurred_from).total_seconds()) / 60)
        result.append({"o": row, "metres": round(metres), "apart": _duration(minutes)})
    return result


def _duration(minutes: int) -> str:
    hours, minutes = divmod(minutes, 60)
    if not hours:
        return ngettext("%(m)d minut", "%(m)d minuter", minutes) % {"m": minutes}
    return _("%(h)d tim %(m)d min") % {"h": hours, "m": minutes}


@require_POST
def correct(request: HttpRequest, pk: int) -> HttpResponse:
    observation = _observation(request, pk)
    choices = Choices(request.user, observation.municipality)
    form = CorrectionForm(request.POST, observation=observation, choices=choices)
    if form.is_valid():
        changes = form.changes()
        try:
            observation_correct(
                actor=request.user,  # type: ignore[arg-type]
                observation=observation,
                **changes,
            )
        except ValidationError as error:
            add_service_errors(form, error.message_dict)
        else:
            text = _("Rättelsen är sparad.") if changes else _("Inget var ändrat.")
            messages.success(request, text)
            return redirect(_detail_url(observation, request))
    observation.refresh_from_db()
    return _render_detail(request, observation, correction=form)


@require_POST
def reject(request: HttpRequest, pk: int) -> HttpResponse:
    observation = _observation(request, pk)
    form = RejectForm(request.POST)
    if form.is_valid():
        try:
            observation_reject(
                actor=request.user,  # type: ignore[arg-type]
                observation=observation,
                reason=form.cleaned_data["reason"],
            )
        except ValidationError as error:
            add_service_errors(form, error.message_dict)
        else:
            messages.success(request, _("Iakttagelse %(n)s är avvisad.") % {"n": observation.pk})
            return redirect(_queue_url(_query(request.GET)))
    return _render_detail(request, observation, reject=form)


@require_POST
def mark_duplicate(request: HttpRequest, pk: int) -> HttpResponse:
    observation = _observation(request, pk)
    form = DuplicateForm(
        request.POST, candidates=duplicate_candidates(observation), auto_id="duplicate-%s"
    )
    if form.is_valid():
        try:
            observation_mark_duplicate(
                actor=request.user,  # type: ignore[arg-type]
                observation=observation,
                of=form.original(),
            )
        except ValidationError as error:
            add_service_errors(form, _renamed(error.message_dict, duplicate_of="of"))
        else:
            text = _("Iakttagelse %(n)s är markerad som dubblett av %(of)s.")
            messages.success(request, text % {"n": observation.pk, "of": form.original().pk})
            return redirect(_queue_url(_query(request.GET)))
    return _render_detail(request, observation, duplicate=form)


@require_POST
def mark_reviewed(request: HttpRequest, pk: int) -> HttpResponse:
    observation = _observation(request, pk)
    # From the list the coordinator goes back to the same page of the list, from the
    # detail page to the list too: either way the row is done.
    back = _queue_url(request.GET.urlencode())
    try:
        observation_mark_reviewed(
            actor=request.user,  # type: ignore[arg-type]
            observation=observation,
        )
    except ValidationError as error:
        for message in error.messages:
            messages.error(request, message)
        from_list = request.POST.get("back") == "queue"
        return redirect(back if from_list else _detail_url(observation, request))
    messages.success(request, _("Iakttagelse %(n)s är markerad som granskad.") % {"n": pk})
    return redirect(back)


@require_POST
def redact(request: HttpRequest, pk: int) -> HttpResponse:
    """Remove a passage, or all of the text, from the observation (reports.redaction)."""
    observation = _observation(request, pk)
    form = RedactForm(request.POST, auto_id="redact-%s")
    if form.is_valid():
        try:
            done = observation_redact(
                actor=request.user,  # type: ignore[arg-type]
                observation=observation,
                passage=form.cleaned_data["passage"],
                everything=form.cleaned_data["everything"],
                reason=form.cleaned_data["reason"],
            )
        except ValidationError as error:
            add_service_errors(form, error.message_dict)
        else:
            text = ngettext(
                "Texten är borttagen på %(n)d ställe (%(c)d tecken).",
                "Texten är borttagen på %(n)d ställen (%(c)d tecken).",
                done.occurrences,
            )
            messages.success(request, text % {"n": done.occurrences, "c": done.characters})
            return redirect(_detail_url(observation, request))
    return _render_detail(request, observation, redact=form)


def _detail_url(observation: Observation, request: HttpRequest) -> str:
    query = _query(request.GET)
    url = reverse("reports_review:detail", args=[observation.pk])
    return url + (f"?{query}" if query else "")


def _renamed(errors: dict[str, list[str]], **names: str) -> dict[str, list[str]]:
    return {names.get(key, key): value for key, value in errors.items()}


# --- bulk --------------------------------------------------------------------------------


@require_POST
def bulk(request: HttpRequest) -> HttpResponse:
    """Confirm, then apply one action to exactly the rows the filter in the query matches."""
    membership = _reviewer(request)
    filterset = _filtered(request, membership)
    form = BulkForm(request.POST)
    query = _query(filterset.data)
    if not filterset.is_valid():
        messages.error(request, _("Rätta filtret först: ingenting är ändrat."))
        return redirect(_queue_url(query))
    if not form.is_valid() and "action" in form.errors:
        messages.error(request, _("Okänd åtgärd: ingenting är ändrat."))
        return redirect(_queue_url(query))
    count = filterset.qs.count()
    data = form.cleaned_data if form.is_valid() else {}
    if data.get("confirmed") and data.get("expected") == count and count:
        try:
            done = observations_bulk(
                actor=request.user,  # type: ignore[arg-type]
                queryset=filterset.qs,
                action=data["action"],
                reason=data["reason"],
            )
        except ValidationError as error:
            add_service_errors(form, _bulk_errors(error.message_dict))
        else:
            messages.success(request, _bulk_done(data["action"], done))
            return redirect(_queue_url(query))
    changed = form.is_valid() and data.get("confirmed") and data.get("expected") != count
    context = {
        "form": form,
        "action": form.data.get("action"),
        "count": count,
        "changed": changed,
        "filter_words": describe_filter(filterset),
        "query": query,
        "error_summary": error_summary(form),
    }
    return render(request, "reports/review_confirm.html", context)


def _bulk_errors(errors: dict[str, list[str]]) -> dict[str, list[str]]:
    """One line for the rows that cannot take the action, not one per row."""
    rows = [key for key in errors if key.startswith("observations.")]
    rest = {key: value for key, value in errors.items() if key not in rows}
    if rows:
        first = errors[rows[0]][0]
        text = ngettext(
            "%(n)d iakttagelse kan inte ändras (%(first)s) Ingenting är ändrat.",
            "%(n)d iakttagelser kan inte ändras (till exempel: %(first)s) Ingenting är ändrat.",
            len(rows),
        )
        rest["__all__"] = [text % {"n": len(rows), "first": first}]
    return rest


def _bulk_done(action: str, done: int) -> str:
    if action == "reject":
        text = ngettext("%(n)d iakttagelse avvisad.", "%(n)d iakttagelser avvisade.", done)
    else:
        text = ngettext(
            "%(n)d iakttagelse markerad som granskad.",
            "%(n)d iakttagelser markerade som granskade.",
            done,
        )
    return text % {"n": done}

"""The tertial analysis pages: the list of periods, one period's analysis (every section
of the compilation, the selection of problems, sources and conclusions), its posts,
starting its tertial meeting, and its PDF and XLSX.

Every EST member reads; the analysis group (coordinators, analysts, admins) writes.
A period key that is no tertial or year is a 404.
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db.models import Count
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from samordna.analysis.periods import period_label, shift_period, tertial
from samordna.core.forms import add_service_errors, error_links
from samordna.core.memberships import acting_user, membership_in
from samordna.core.models import Membership
from samordna.core.roles import EST_ROLES
from samordna.meetings.policies import RUNNERS
from samordna.problems.policies import ANALYSIS_GROUP
from samordna.situation.presentation import status_labels
from samordna.tertial import services
from samordna.tertial.compile import check_key, compile_tertial
from samordna.tertial.forms import SelectionForm, TertialTextForm
from samordna.tertial.models import TertialAnalysis, TertialSelection

PAGE_SIZE = 30


def _reader(request: HttpRequest) -> Membership:
    return membership_in(request, EST_ROLES)


def _writer(request: HttpRequest) -> Membership:
    membership = _reader(request)
    if membership.role not in ANALYSIS_GROUP:
        raise PermissionDenied
    return membership


def _key(period_key: str) -> str:
    try:
        check_key(period_key)
    except ValueError as exc:
        raise Http404 from exc
    return period_key


def suggested_periods(today: Any = None) -> list[str]:
    """The periods one would analyse now: this tertial, the two before, this year and
    last year."""
    current = tertial(today or timezone.localdate())
    year = current[:4]
    return [current, shift_period(current, -1), shift_period(current, -2), year, str(int(year) - 1)]


def tertial_list(request: HttpRequest) -> HttpResponse:
    membership = _reader(request)
    analyses = TertialAnalysis.objects.restrict(request.user).filter(
        municipality=membership.municipality
    )
    by_key = {a.period_key: a for a in analyses.filter(period_key__in=suggested_periods())}
    periods = [
        {"key": key, "label": period_label(key), "analysis": by_key.get(key)}
        for key in suggested_periods()
    ]
    rows = analyses.annotate(selection_count=Count("selections")).order_by("-period_key")
    page = Paginator(rows, PAGE_SIZE).get_page(request.GET.get("page"))
    context = {
        "periods": periods,
        "page": page,
        "may_write": membership.role in ANALYSIS_GROUP,
        "start_key": next((p["key"] for p in periods if p["analysis"] is None), None),
    }
    return render(request, "tertial/list.html", context)


def _analysis(request: HttpRequest, membership: Membership, key: str) -> TertialAnalysis | None:
    return (
        TertialAnalysis.objects.restrict(request.user)
        .filter(municipality=membership.municipality, period_key=key)
        .select_related("picture", "meeting", "created_by")
        .first()
    )


def _existing(request: HttpRequest, membership: Membership, key: str) -> TertialAnalysis:
    analysis = _analysis(request, membership, key)
    if analysis is None:
        raise Http404
    return analysis


def tertial_detail(request: HttpRequest, period_key: str) -> HttpResponse:
    membership = _reader(request)
    key = _key(period_key)
    return _render_detail(request, membership, key)


def _render_detail(
    request: HttpRequest,
    membership: Membership,
    key: str,
    *,
    bound: dict[str, Any] | None = None,
) -> HttpResponse:
    from samordna.tertial.charts import tertial_charts
    from samordna.tertial.sections import sections, with_charts
    from samordna.tertial.tables import trend_table

    bound = bound or {}
    analysis = _analysis(request, membership, key)
    compilation = compile_tertial(membership.municipality, key)
    may_write = membership.role in ANALYSIS_GROUP
    editable = (
        may_write and analysis is not None and analysis.status == TertialAnalysis.Status.DRAFT
    )
    text_form = bound.get("text")
    selection_form = bound.get("selection")
    selections: list[TertialSelection] = []
    if analysis is not None:
        selections = list(
            analysis.selections.select_related("problem", "selected_by").order_by("selected_at")
        )
        if text_form is None:
            text_form = TertialTextForm(
                initial={
                    "conclusions": analysis.conclusions,
                    "sources_used": analysis.sources_used,
                    "sources_left_out": analysis.sources_left_out,
                },
                prefix="text",
            )
        if selection_form is None:
            selection_form = SelectionForm(analysis=analysis, user=request.user, prefix="urval")
    errors = [link for form in bound.values() if form is not None for link in error_links(form)]
    context = {
        "key": key,
        "label": period_label(key),
        "c": compilation,
        "picture_status": status_labels().get(
            compilation["picture"]["status"], compilation["picture"]["status"]
        ),
        "sections": with_charts(sections(compilation, analysis), tertial_charts(compilation)),
        "trend": trend_table(compilation),
        "analysis": analysis,
        "selections": selections,
        "may_write": may_write,
        "editable": editable,
        "may_run_meeting": membership.role in RUNNERS and may_write,
        "text_form": text_form,
        "selection_form": selection_form,
        "missing": _missing(analysis),
        "errors": errors,
    }
    return render(request, "tertial/detail.html", context)


def _missing(analysis: TertialAnalysis | None) -> list[str]:
    """What must be written before the analysis can be marked done, as short labels."""
    if analysis is None:
        return []
    labels = {
        "conclusions": _("slutsatser"),
        "sources_used": _("källor som använts"),
        "sources_left_out": _("källor som inte använts, och varför"),
    }
    return [labels[name] for name in services.done_problems(analysis)]


def _again(request: HttpRequest, membership: Membership, key: str, **bound: Any) -> HttpResponse:
    return _render_detail(request, membership, key, bound=bound)


def _back(key: str, anchor: str = "") -> HttpResponse:
    return redirect(reverse("problems:tertial_detail", args=[key]) + anchor)


@require_POST
def tertial_start_view(request: HttpRequest, period_key: str) -> HttpResponse:
    membership = _writer(request)
    key = _key(period_key)
    services.tertial_start(
        actor=acting_user(request), municipality=membership.municipality, key=key
    )
    messages.success(
        request, _("Tertialanalysen för %(period)s är startad.") % {"period": period_label(key)}
    )
    return _back(key)


@require_POST
def tertial_text_view(request: HttpRequest, period_key: str) -> HttpResponse:
    membership = _writer(request)
    analysis = _existing(request, membership, _key(period_key))
    form = TertialTextForm(request.POST, prefix="text")
    if form.is_valid():
        try:
            services.tertial_write(
                actor=acting_user(request), analysis=analysis, **form.cleaned_data
            )
        except ValidationError as error:
            _service_errors(form, error)
        else:
            messages.success(request, _("Slutsatser och källor är sparade."))
            return _back(analysis.period_key, "#kallor")
    return _again(request, membership, analysis.period_key, text=form)


def _service_errors(form: Any, error: ValidationError) -> None:
    if hasattr(error, "error_dict"):
        add_service_errors(form, error.message_dict)
    else:
        for message in error.messages:
            form.add_error(None, message)


@require_POST
def tertial_done_view(request: HttpRequest, period_key: str) -> HttpResponse:
    membership = _writer(request)
    analysis = _existing(request, membership, _key(period_key))
    try:
        services.tertial_done(actor=acting_user(request), analysis=analysis)
    except ValidationError as error:
        # The errors go on the text fields they are about, with what is written now.
        form = TertialTextForm(
            {
                "text-conclusions": analysis.conclusions,
                "text-sources_used": analysis.sources_used,
                "text-sources_left_out": analysis.sources_left_out,
            },
            prefix="text",
        )
        form.is_valid()
        _service_errors(form, error)
        return _again(request, membership, analysis.period_key, text=form)
    messages.success(request, _("Tertialanalysen är klar."))
    return _back(analysis.period_key)


@require_POST
def tertial_reopen_view(request: HttpRequest, period_key: str) -> HttpResponse:
    membership = _writer(request)
    analysis = _existing(request, membership, _key(period_key))
    try:
        services.tertial_reopen(actor=acting_user(request), analysis=analysis)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("Tertialanalysen är öppnad igen."))
    return _back(analysis.period_key)


@require_POST
def tertial_select_view(request: HttpRequest, period_key: str) -> HttpResponse:
    membership = _writer(request)
    analysis = _existing(request, membership, _key(period_key))
    form = SelectionForm(request.POST, analysis=analysis, user=request.user, prefix="urval")
    if form.is_valid():
        try:
            services.tertial_select(
                actor=acting_user(request),
                analysis=analysis,
                problem=form.cleaned_data["problem"],
                justification=form.cleaned_data["justification"],
            )
        except ValidationError as error:
            _service_errors(form, error)
        else:
            messages.success(request, _("Problemet är valt för orsaksanalys."))
            return _back(analysis.period_key, "#urval")
    return _again(request, membership, analysis.period_key, selection=form)


@require_POST
def tertial_unselect_view(request: HttpRequest, period_key: str, pk: int) -> HttpResponse:
    membership = _writer(request)
    analysis = _existing(request, membership, _key(period_key))
    selection = get_object_or_404(
        TertialSelection.objects.restrict(request.user, "change").filter(analysis=analysis), pk=pk
    )
    try:
        services.tertial_unselect(actor=acting_user(request), selection=selection)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("Problemet är inte längre valt."))
    return _back(analysis.period_key, "#urval")


@require_POST
def tertial_meeting_view(request: HttpRequest, period_key: str) -> HttpResponse:
    membership = _writer(request)
    if membership.role not in RUNNERS:
        raise PermissionDenied
    analysis = _existing(request, membership, _key(period_key))
    meeting = services.tertial_meeting(actor=acting_user(request), analysis=analysis)
    messages.success(request, _("Tertialmötet är öppet."))
    return redirect("meetings:detail", pk=meeting.pk)


def _export(request: HttpRequest, period_key: str, fmt: str) -> HttpResponse:
    from samordna.tertial import exports

    membership = _reader(request)
    key = _key(period_key)
    analysis = _analysis(request, membership, key)
    compilation = compile_tertial(membership.municipality, key)
    data = exports.render(compilation, analysis, fmt)
    response = HttpResponse(data, content_type=exports.CONTENT_TYPES[fmt])
    name = exports.filename(compilation, fmt)
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


def tertial_pdf(request: HttpRequest, period_key: str) -> HttpResponse:
    return _export(request, period_key, "pdf")


def tertial_xlsx(request: HttpRequest, period_key: str) -> HttpResponse:
    return _export(request, period_key, "xlsx")

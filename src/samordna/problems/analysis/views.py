"""The root-cause workspace of a problem: read every tool, edit one section at a time
(plain forms, no JavaScript needed), number and deactivate causes, share, PDF."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from samordna.core.forms import add_service_errors, error_links
from samordna.core.models import User
from samordna.problems.analysis import pdf as analysis_pdf
from samordna.problems.analysis import services as analysis_services
from samordna.problems.analysis import svg as analysis_svg
from samordna.problems.analysis.forms import SECTIONS, CauseForm
from samordna.problems.analysis.selectors import causes_of, readable_analysis, reading
from samordna.problems.models import CauseAnalysis, Problem


def _actor(request: HttpRequest) -> User:
    return request.user  # type: ignore[return-value]  # signed in: the middleware saw to it


def _editable(request: HttpRequest, pk: int) -> tuple[Problem, CauseAnalysis | None]:
    problem, analysis = readable_analysis(_actor(request), pk)
    if not analysis_services.may_edit(_actor(request), problem):
        raise PermissionDenied
    return problem, analysis


def workspace(request: HttpRequest, pk: int) -> HttpResponse:
    problem, analysis = readable_analysis(_actor(request), pk)
    return _render_workspace(request, problem, analysis, CauseForm())


def _render_workspace(
    request: HttpRequest, problem: Problem, analysis: CauseAnalysis | None, cause_form: CauseForm
) -> HttpResponse:
    actor = _actor(request)
    view = reading(analysis)
    context: dict[str, Any] = {
        "problem": problem,
        "analysis": analysis,
        "view": view,
        "causes": causes_of(analysis),
        "sections": {slug: form.title for slug, form in SECTIONS.items()},
        "may_edit": analysis_services.may_edit(actor, problem),
        "may_share": analysis is not None and analysis_services.may_share(actor, problem),
        "cause_form": cause_form,
        "errors": error_links(cause_form) if cause_form.is_bound else [],
        **analysis_svg.drawings(problem.title, view),
    }
    return render(request, "problems/analysis/workspace.html", context)


def edit_section(request: HttpRequest, pk: int, section: str) -> HttpResponse:
    form_class = SECTIONS.get(section)
    if form_class is None:
        raise Http404
    problem, analysis = _editable(request, pk)
    current = analysis or CauseAnalysis(problem=problem, municipality_id=problem.municipality_id)
    form = form_class(request.POST or None, analysis=current)
    if request.method == "POST" and form.is_valid():
        try:
            analysis_services.analysis_update(
                actor=_actor(request), problem=problem, changes=form.changes()
            )
        except ValidationError as error:
            add_service_errors(form, error.message_dict)
        else:
            messages.success(request, _("%(section)s är sparat.") % {"section": form.title})
            return redirect(f"{_workspace_url(problem)}#{section}")
    context = {
        "problem": problem,
        "form": form,
        "section": section,
        "errors": error_links(form) if form.is_bound else [],
    }
    return render(request, "problems/analysis/edit.html", context)


def _workspace_url(problem: Problem) -> str:
    return reverse("problems:analysis", kwargs={"pk": problem.pk})


@require_POST
def cause_add(request: HttpRequest, pk: int) -> HttpResponse:
    problem, analysis = _editable(request, pk)
    form = CauseForm(request.POST)
    if form.is_valid():
        try:
            cause = analysis_services.cause_add(
                actor=_actor(request),
                problem=problem,
                text=form.cleaned_data["text"],
                level=form.cleaned_data["level"],
            )
        except ValidationError as error:
            add_service_errors(form, error.message_dict)
        else:
            messages.success(request, _("Orsak %(n)d är tillagd.") % {"n": cause.number})
            return redirect(f"{_workspace_url(problem)}#orsaker")
    return _render_workspace(request, problem, analysis, form)


@require_POST
def cause_set_active(request: HttpRequest, pk: int, number: int) -> HttpResponse:
    problem, analysis = _editable(request, pk)
    if analysis is None:
        raise Http404
    cause = get_object_or_404(analysis.causes.select_related("analysis__problem"), number=number)
    active = request.POST.get("active") == "1"
    analysis_services.cause_set_active(actor=_actor(request), cause=cause, active=active)
    text = _("Orsak %(n)d är aktiv igen.") if active else _("Orsak %(n)d är borttagen.")
    messages.success(request, text % {"n": number})
    return redirect(f"{_workspace_url(problem)}#orsaker")


@require_POST
def share(request: HttpRequest, pk: int) -> HttpResponse:
    problem, analysis = readable_analysis(_actor(request), pk)
    if analysis is None:
        raise Http404
    if not analysis_services.may_share(_actor(request), problem):
        raise PermissionDenied
    shared = request.POST.get("shared") == "1"
    analysis_services.analysis_share(actor=_actor(request), analysis=analysis, shared=shared)
    text = (
        _("Analysen är delad med alla i EST-arbetet.")
        if shared
        else _("Analysen delas inte längre.")
    )
    messages.success(request, text)
    return redirect(_workspace_url(problem))


def pdf(request: HttpRequest, pk: int) -> HttpResponse:
    problem, analysis = readable_analysis(_actor(request), pk)
    if analysis is None:
        raise Http404
    content = analysis_pdf.render(problem, analysis, today=timezone.localdate())
    response = HttpResponse(content, content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="orsaksanalys-{problem.pk}.pdf"'
    return response

"""Problems: the list (filters, pagination), identifying one, one problem with its
workflow and history, editing it, linking observations (map and list) and police events.
The phase model and each area's phase are in views_phases."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db.models import Count, Q
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import NoReverseMatch, reverse
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from samordna.analysis.periods import day_bounds
from samordna.core.forms import add_service_errors, error_links
from samordna.core.memberships import acting_user, membership_in
from samordna.core.models import Membership
from samordna.core.roles import EST_ROLES
from samordna.integrations.models import ExternalEvent
from samordna.interventions.models import Intervention
from samordna.problems import links, services
from samordna.problems.forms import (
    LinkFilterForm,
    ProblemForm,
    StepForm,
)
from samordna.problems.models import LinkVia, Problem, ProblemObservation
from samordna.problems.rules import with_descendants
from samordna.problems.selectors import ProblemFilterSet, weekly_series
from samordna.problems.vocabulary import FocusArea
from samordna.reports.models import Observation

PAGE_SIZE = 50
LINK_PAGE_SIZE = 100


def _reader(request: HttpRequest) -> Membership:
    return membership_in(request, EST_ROLES)


def _visible(request: HttpRequest, membership: Membership) -> Any:
    return Problem.objects.restrict(request.user).filter(municipality=membership.municipality)


def _problem(request: HttpRequest, pk: int) -> Problem:
    membership = _reader(request)
    rows = _visible(request, membership).select_related(
        "owner_organisation", "owner_person", "raised_by", "municipality"
    )
    problem: Problem = get_object_or_404(rows, pk=pk)
    return problem


def _changeable(request: HttpRequest, pk: int) -> Problem:
    problem = _problem(request, pk)
    if not services.may_change(acting_user(request), problem):
        raise PermissionDenied
    return problem


TAG_LABELS = dict(FocusArea.choices)


def tag_labels(tags: list[str]) -> list[str]:
    return [str(TAG_LABELS[t]) for t in tags if t in TAG_LABELS]


# --- list, create, detail, edit ----------------------------------------------------------


def problem_list(request: HttpRequest) -> HttpResponse:
    membership = _reader(request)
    rows = (
        _visible(request, membership)
        .select_related("owner_organisation")
        .prefetch_related("areas")
        .annotate(linked=Count("observation_links", distinct=True))
    )
    filterset = ProblemFilterSet(request.GET, queryset=rows, request=request)
    del filterset.form.fields["municipality"]  # the page shows the current municipality
    page = Paginator(filterset.qs.order_by("priority", "-updated_at", "id"), PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    for problem in page.object_list:
        problem.tag_labels = tag_labels(problem.tags)
    context = {
        "filterset": filterset,
        "page": page,
        "filtered": any(
            request.GET.get(k) for k in ("status", "priority", "area", "tag", "owner", "open")
        ),
        "may_create": services.may_create(acting_user(request), membership.municipality),
    }
    return render(request, "problems/problem_list.html", context)


def problem_create_view(request: HttpRequest) -> HttpResponse:
    membership = _reader(request)
    municipality = membership.municipality
    if not services.may_create(acting_user(request), municipality):
        raise PermissionDenied
    form = ProblemForm(request.POST or None, municipality=municipality)
    if request.method == "POST" and form.is_valid():
        try:
            problem = services.problem_create(
                actor=acting_user(request),
                municipality=municipality,
                data=form.to_input(),
                raised_by=membership.organisation,
            )
        except ValidationError as error:
            add_service_errors(form, error.message_dict)
        else:
            messages.success(request, _("Problemet är upplagt."))
            return redirect("problems:detail", pk=problem.pk)
    context = {"form": form, "errors": error_links(form) if form.is_bound else []}
    return render(request, "problems/problem_form.html", context)


def problem_edit(request: HttpRequest, pk: int) -> HttpResponse:
    problem = _changeable(request, pk)
    form = ProblemForm(
        request.POST or None,
        municipality=problem.municipality,
        initial=ProblemForm.initial_of(problem),
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.problem_update(
                actor=acting_user(request), problem=problem, data=form.to_input()
            )
        except ValidationError as error:
            add_service_errors(form, error.message_dict)
        else:
            messages.success(request, _("Ändringarna är sparade."))
            return redirect("problems:detail", pk=problem.pk)
    context = {
        "form": form,
        "problem": problem,
        "errors": error_links(form) if form.is_bound else [],
    }
    return render(request, "problems/problem_form.html", context)


def problem_detail(request: HttpRequest, pk: int) -> HttpResponse:
    problem = _problem(request, pk)
    return _render_detail(request, problem, StepForm(problem=problem))


def _render_detail(request: HttpRequest, problem: Problem, form: StepForm) -> HttpResponse:
    actor = acting_user(request)
    series = weekly_series(problem)
    links = problem.observation_links.aggregate(
        total=Count("id"), by_rule=Count("id", filter=Q(via=LinkVia.RULE))
    )
    context = {
        "problem": problem,
        "tags": tag_labels(problem.tags),
        "steps": problem.steps.select_related("by").order_by("-at", "-id"),
        "areas": problem.areas.order_by("name"),
        "places": problem.places.order_by("name"),
        "categories": problem.categories.order_by("name"),
        "series": series,
        "chart": weekly_svg(series),
        "links": links,
        "police": problem.police_links.select_related("event").order_by("-event__occurred_at")[:20],
        "police_count": problem.police_links.count(),
        "interventions": Intervention.objects.restrict(actor)
        .filter(problem=problem)
        .select_related("owner_organisation")
        .order_by("deadline", "id"),
        "analysis_url": _analysis_url(problem),
        "may_change": services.may_change(actor, problem),
        "form": form if services.next_steps(problem.status) else None,
        "errors": error_links(form) if form.is_bound else [],
    }
    return render(request, "problems/problem_detail.html", context)


def _analysis_url(problem: Problem) -> str:
    # Built by the cause-analysis pages; until they exist there is nothing to link to.
    try:
        return reverse("problems:analysis", kwargs={"pk": problem.pk})
    except NoReverseMatch:
        return ""


@require_POST
def problem_step_view(request: HttpRequest, pk: int) -> HttpResponse:
    problem = _changeable(request, pk)
    form = StepForm(request.POST, problem=problem)
    if form.is_valid():
        try:
            services.problem_step(
                actor=acting_user(request),
                problem=problem,
                status=form.cleaned_data["status"],
                reason=form.cleaned_data["reason"],
                outcome=form.cleaned_data.get("outcome") or "",
            )
        except ValidationError as error:
            add_service_errors(form, error.message_dict)
        else:
            messages.success(request, _("Steget är sparat."))
            return redirect("problems:detail", pk=problem.pk)
    return _render_detail(request, problem, form)


def weekly_svg(series: list[tuple[str, int]]) -> SafeString:
    """A small bar chart of linked observations per week (the table beside it says it all)."""
    width, height, top, bottom = 520, 120, 10, 22
    peak = max((n for _key, n in series), default=0) or 1
    step = width / max(len(series), 1)
    bars = []
    for i, (key, n) in enumerate(series):
        h = (height - top - bottom) * n / peak
        x = i * step + 1
        y = height - bottom - h
        bars.append(
            f'<rect x="{x:.1f}" y="{y:.1f}" width="{step - 2:.1f}" height="{h:.1f}">'
            f"<title>{escape(key)}: {n}</title></rect>"
        )
    labels = []
    for i in (0, len(series) - 1):
        if 0 <= i < len(series):
            anchor = "start" if i == 0 else "end"
            x = 0 if i == 0 else width
            labels.append(
                f'<text x="{x}" y="{height - 6}" text-anchor="{anchor}">'
                f"{escape(series[i][0])}</text>"
            )
    title = escape(_("Kopplade iakttagelser per vecka"))
    svg = (
        f'<svg class="problem-weeks" viewBox="0 0 {width} {height}" role="img" '
        f'aria-labelledby="weeks-title"><title id="weeks-title">{title}</title>'
        f'<line x1="0" x2="{width}" y1="{height - bottom}" y2="{height - bottom}" '
        f'class="axis"/>{"".join(bars)}{"".join(labels)}</svg>'
    )
    return mark_safe(svg)  # noqa: S308  # nosec B308 B703 - every value is escaped or a number


# --- linking observations ----------------------------------------------------------------


def problem_observations(request: HttpRequest, pk: int) -> HttpResponse:
    """Pick observations on the map or in the list (filtered), link or unlink them."""
    problem = _changeable(request, pk)
    actor = acting_user(request)
    if request.method == "POST":
        return _link_post(request, problem)
    # First visit: the problem's own (first) area, not the whole municipality.
    first_area = problem.areas.order_by("name").first()
    default = {"area": str(first_area.pk)} if first_area is not None else None
    form = LinkFilterForm(request.GET or default, municipality=problem.municipality)
    rows = Observation.objects.restrict(actor).filter(municipality_id=problem.municipality_id)
    if form.is_valid():
        data = form.cleaned_data
        if data["area"]:
            rows = rows.filter(area=data["area"])
        if data["category"]:
            rows = rows.filter(category_id__in=with_descendants([data["category"].pk]))
        # Day bounds on the indexed timestamp, not `__date` (a Python call per row on SQLite).
        if data["since"]:
            rows = rows.filter(occurred_from__gte=day_bounds(data["since"])[0])
        if data["until"]:
            rows = rows.filter(occurred_from__lt=day_bounds(data["until"])[1])
        if data["linked"]:
            rows = rows.filter(problems=problem)
    rows = rows.exclude(status=Observation.Status.CLOSED).select_related(
        "category", "area", "place"
    )
    page = Paginator(rows.order_by("-occurred_from", "-id"), LINK_PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    vias = dict(
        ProblemObservation.objects.filter(
            problem=problem, observation_id__in=[o.pk for o in page.object_list]
        ).values_list("observation_id", "via")
    )
    for observation in page.object_list:
        observation.link_via = vias.get(observation.pk, "")
    points = [
        {
            "id": o.pk,
            "lat": round(o.latitude, 5),
            "lon": round(o.longitude, 5),
            "label": f"{o.occurred_from:%Y-%m-%d} {o.category}",
            "linked": bool(o.link_via),
        }
        for o in page.object_list
        if o.latitude is not None and o.longitude is not None
    ]
    context = {
        "problem": problem,
        "form": form,
        "page": page,
        "points": points,
        "tile_url": settings.SAMORDNA_MAP_TILE_URL,
        "query": request.GET.urlencode(),
    }
    return render(request, "problems/problem_observations.html", context)


def _link_post(request: HttpRequest, problem: Problem) -> HttpResponse:
    ids = [int(v) for v in request.POST.getlist("observation") if v.isdigit()]
    chosen = list(Observation.objects.filter(pk__in=ids))
    unlink = request.POST.get("action") == "unlink"
    try:
        if unlink:
            n = links.problem_unlink_observations(
                actor=acting_user(request), problem=problem, observations=chosen
            )
            messages.success(request, _("%(n)d iakttagelser togs bort från problemet.") % {"n": n})
        else:
            n = links.problem_link_observations(
                actor=acting_user(request), problem=problem, observations=chosen
            )
            messages.success(request, _("%(n)d iakttagelser kopplades till problemet.") % {"n": n})
    except ValidationError as error:
        for message in error.messages:
            messages.error(request, message)
    query = request.POST.get("query", "")
    url = reverse("problems:observations", kwargs={"pk": problem.pk})
    return redirect(f"{url}?{query}" if query else url)


# --- police events -----------------------------------------------------------------------


def problem_police(request: HttpRequest, pk: int) -> HttpResponse:
    """Police events of the municipality to link; they have no place finer than it."""
    problem = _changeable(request, pk)
    if request.method == "POST":
        ids = [int(v) for v in request.POST.getlist("event") if v.isdigit()]
        chosen = list(ExternalEvent.objects.filter(pk__in=ids))
        call = (
            links.problem_unlink_police_events
            if request.POST.get("action") == "unlink"
            else links.problem_link_police_events
        )
        try:
            n = call(actor=acting_user(request), problem=problem, events=chosen)
        except ValidationError as error:
            for message in error.messages:
                messages.error(request, message)
        else:
            messages.success(request, _("%(n)d polishändelser ändrades.") % {"n": n})
        url = reverse("problems:police", kwargs={"pk": problem.pk})
        query = request.POST.get("query", "")
        return redirect(f"{url}?{query}" if query else url)
    rows = ExternalEvent.objects.restrict(acting_user(request)).filter(
        municipality_id=problem.municipality_id, source=ExternalEvent.Source.POLISEN
    )
    kind = request.GET.get("type", "")
    if kind:
        rows = rows.filter(type=kind)
    if request.GET.get("linked"):
        rows = rows.filter(problems=problem)
    types = (
        ExternalEvent.objects.filter(municipality_id=problem.municipality_id)
        .values_list("type", flat=True)
        .distinct()
        .order_by("type")
    )
    page = Paginator(rows.order_by("-occurred_at", "-id"), PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    linked = set(
        problem.police_links.filter(event_id__in=[e.pk for e in page.object_list]).values_list(
            "event_id", flat=True
        )
    )
    for event in page.object_list:
        event.is_linked = event.pk in linked
    context = {
        "problem": problem,
        "page": page,
        "types": list(types),
        "kind": kind,
        "only_linked": bool(request.GET.get("linked")),
        "query": request.GET.urlencode(),
    }
    return render(request, "problems/problem_police.html", context)

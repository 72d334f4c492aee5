"""The reporter's pages: file a report, the thank-you page, and "my reports"."""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from functools import cache
from pathlib import Path
from typing import Any

from django import forms
from django.conf import settings
from django.contrib.auth.decorators import login_not_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db.models import Prefetch
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from samordna.core.models import Municipality
from samordna.reports.destinations import (
    Destination,
    ElsewhereError,
    destinations,
    outlines,
)
from samordna.reports.forms import (
    Choices,
    ObservationFormSet,
    ReportForm,
    add_service_errors,
    error_summary,
    formset_with_another_block,
)
from samordna.reports.models import Feedback, Observation, Report
from samordna.reports.near_duplicates import NearDuplicate, near_duplicates
from samordna.reports.services import report_submit

PAGE_SIZE = 25
# Sent with the form to file a report although it is almost like one sent the last hour.
CONFIRM_FIELD = "skicka_anda"
# The thank-you page reads what was just filed from the session: no id in the URL to guess.
SUBMITTED_KEY = "samordna_report_submitted"

STATUS_HELP = {
    Observation.Status.SUBMITTED: _("Mottagen. Samordnaren har inte gått igenom den ännu."),
    Observation.Status.REVIEWED: _("Samordnaren har gått igenom den."),
    Observation.Status.IN_PICTURE: _("Den är med i en fastställd lägesbild."),
    Observation.Status.LINKED: _("Den är kopplad till ett problem eller en insats."),
    Observation.Status.CLOSED: _("Ärendet är avslutat."),
}


# The municipality a report goes to, when the reporter reports in several (issue 19): a
# query parameter of the form's page, and a hidden field of the form itself.
MUNICIPALITY_PARAM = "kommun"
# The button that moves what was typed to another of the reporter's municipalities.
MOVE_FIELD = "till_kommun"


def _reporting(
    request: HttpRequest, chosen: str | None = None
) -> tuple[Destination, list[Destination]]:
    """Where the user's report goes and every municipality they report in, or 403.

    `chosen` is a municipality's slug; without one, the municipality the user works in
    now (the membership switcher), else the first. A slug that is not one of the user's
    own is refused (404), never replaced by another municipality.
    """
    if getattr(request, "membership", None) is None:
        raise PermissionDenied
    options = destinations(request.user)
    if not options:
        raise PermissionDenied
    if chosen:
        found = next((d for d in options if d.municipality.slug == chosen), None)
        if found is None:
            raise Http404
        return found, options
    current = request.membership.municipality_id  # type: ignore[attr-defined]
    return next((d for d in options if d.municipality.pk == current), options[0]), options


def submit(request: HttpRequest) -> HttpResponse:
    data = request.POST if request.method == "POST" else request.GET
    moving = request.method == "POST" and bool(request.POST.get(MOVE_FIELD))
    chosen = request.POST.get(MOVE_FIELD) if moving else data.get(MUNICIPALITY_PARAM)
    destination, options = _reporting(request, chosen)
    municipality, organisations = destination.municipality, destination.organisations
    # The shortcuts (most used categories, last places) only where a form is drawn anew.
    drawing = request.method != "POST" or "add" in request.POST or moving
    choices = Choices(request.user, municipality, shortcuts=drawing)
    page = _Page(request, destination, options, choices)
    if request.method != "POST":
        report_form = ReportForm(initial={"client_uuid": uuid.uuid4()}, organisations=organisations)
        return page.render(report_form, ObservationFormSet(choices=choices))
    if "add" in request.POST or moving:
        # A moved report chooses its organisation anew: the other municipality's own.
        keys = ("client_uuid",) if moving else ("client_uuid", "organisation")
        initial = {key: request.POST.get(key) for key in keys}
        report_form = ReportForm(initial=initial, organisations=organisations)
        formset = formset_with_another_block(request.POST, choices, another=not moving)
        return page.render(report_form, formset, added=not moving)
    report_form = ReportForm(request.POST, organisations=organisations)
    formset = ObservationFormSet(request.POST, choices=choices)
    if report_form.is_valid() and formset.is_valid():
        return _file(request, page, report_form, formset)
    return page.render(report_form, formset)


def _file(request: HttpRequest, page: _Page, report_form: ReportForm, formset: Any) -> HttpResponse:
    filed = formset.filled_forms()
    inputs = [form.to_input() for form in filed]
    client_uuid = report_form.cleaned_data["client_uuid"]
    if request.POST.get(CONFIRM_FIELD) != "1":
        earlier = near_duplicates(
            reporter_id=request.user.pk, client_uuid=client_uuid, observations=inputs
        )
        if earlier:
            return page.render(report_form, formset, earlier=earlier)
    try:
        result = report_submit(
            actor=request.user,  # type: ignore[arg-type]
            organisation=report_form.cleaned_data["organisation"],
            client_uuid=client_uuid,
            observations=inputs,
            source=Report.Source.WEB,
        )
    except ValidationError as error:
        add_service_errors(report_form, filed, error.message_dict)
        # A point in another of the reporter's municipalities: offer to send it there.
        moved = error.elsewhere[0].municipality if isinstance(error, ElsewhereError) else None
        return page.render(report_form, formset, move_to=moved)
    request.session[SUBMITTED_KEY] = {
        "client_uuid": str(result.report.client_uuid),
        "count": result.report.observations.count(),
    }
    return redirect("reports:submitted")


class _Page:
    """The report form's page for one destination: draws the form with its context."""

    def __init__(
        self,
        request: HttpRequest,
        destination: Destination,
        options: list[Destination],
        choices: Choices,
    ) -> None:
        self.request, self.destination, self.options, self.choices = (
            request,
            destination,
            options,
            choices,
        )

    def render(
        self,
        report_form: ReportForm,
        formset: Any,
        *,
        added: bool = False,
        earlier: Sequence[NearDuplicate] = (),
        move_to: Municipality | None = None,
    ) -> HttpResponse:
        summary = error_summary(report_form, formset) if report_form.is_bound else []
        choices = self.choices
        context = {
            # "Du skickade en nästan likadan rapport kl. HH:MM": the latest such report.
            "near_duplicate_at": timezone.localtime(earlier[-1].submitted_at) if earlier else None,
            "confirm_field": CONFIRM_FIELD,
            "report_form": report_form,
            "formset": formset,
            "error_summary": summary,
            "focus_block": len(formset.forms) if added else None,
            "areas_geojson": _areas_geojson(choices),
            # Which area each place lies in: the page warns when the pin is in another one.
            "place_areas": {pk: place.area_id for pk, place in choices.places.items()},
            "tile_url": settings.SAMORDNA_MAP_TILE_URL,
            "client_uuid": report_form["client_uuid"].value(),
            "municipality": self.destination.municipality,
            "destinations": self.options if len(self.options) > 1 else [],
            "municipality_param": MUNICIPALITY_PARAM,
            "move_field": MOVE_FIELD,
            "move_to": move_to,
            # Where a point outside this municipality's areas may lie instead (the hint).
            "other_municipalities": (
                outlines(self.options, self.destination.municipality)
                if len(self.options) > 1
                else None
            ),
        }
        return render(self.request, "reports/submit.html", context)


def _areas_geojson(choices: Choices) -> dict[str, Any]:
    """The areas as GeoJSON for the map, so a pin can be placed even without map tiles."""
    features = [
        {
            "type": "Feature",
            "geometry": area.geometry,
            "properties": {"id": area.pk, "name": area.name, "est": area.kind == "est"},
        }
        for area in choices.areas.values()
    ]
    return {"type": "FeatureCollection", "features": features}


SERVICE_WORKER = Path(__file__).parent / "static" / "reports" / "sw.js"


@cache
def _service_worker_source() -> bytes:
    return SERVICE_WORKER.read_bytes()


@login_not_required
def service_worker(request: HttpRequest) -> HttpResponse:
    """The report form's service worker (static/reports/sw.js), served under /rapportera/
    so that its scope covers the form and nothing outside it. The same file for
    everyone: what it caches is decided in the browser, per signed-in user."""
    response = HttpResponse(_service_worker_source(), content_type="text/javascript")
    response["Service-Worker-Allowed"] = "/rapportera/"
    return response


def submitted(request: HttpRequest) -> HttpResponse:
    _reporting(request)
    filed = request.session.pop(SUBMITTED_KEY, None)
    if not filed:
        return redirect("reports:mine")
    return render(request, "reports/submitted.html", {"filed": filed})


class MineFilterForm(forms.Form):
    status = forms.ChoiceField(
        label=_("Visa"),
        choices=[("", _("Alla lägen")), *Observation.Status.choices],
        required=False,
    )


# The second tab of "Mina rapporter": the organisation's reports, not only the user's own.
ORGANISATION_TAB = "organisationen"


def mine(request: HttpRequest) -> HttpResponse:
    """The user's own reports by default; `?visa=organisationen` shows the organisation's."""
    destination, options = _reporting(request, request.GET.get(MUNICIPALITY_PARAM))
    organisations = destination.organisations
    filters = MineFilterForm(request.GET)
    whole_organisation = request.GET.get("visa") == ORGANISATION_TAB
    scoped = Observation.objects.restrict(request.user).filter(organisation__in=organisations)
    if not whole_organisation:
        scoped = scoped.filter(report__reporter_id=request.user.pk)
    observations = (
        scoped.select_related("category", "place", "area", "report", "organisation")
        # Only the user's own feedback: a colleague's observation shows its status alone.
        .prefetch_related(
            Prefetch(
                "feedback",
                queryset=Feedback.objects.restrict(request.user).order_by("created_at", "id"),
                to_attr="my_feedback",
            )
        )
        .order_by("-report__submitted_at", "-report_id", "id")
    )
    if filters.is_valid() and filters.cleaned_data["status"]:
        observations = observations.filter(status=filters.cleaned_data["status"])
    page = Paginator(observations, PAGE_SIZE).get_page(request.GET.get("page"))
    context = {
        "filters": filters,
        "page": page,
        "rows": [(o, STATUS_HELP.get(o.status, "")) for o in page.object_list],
        "filtered": bool(filters.is_valid() and filters.cleaned_data["status"]),
        "several_organisations": len(organisations) > 1,
        # Reporting in several municipalities: one tab each, and the list is the chosen one's.
        "municipality": destination.municipality,
        "destinations": options if len(options) > 1 else [],
        "municipality_param": MUNICIPALITY_PARAM,
        "whole_organisation": whole_organisation,
        "organisation_tab": ORGANISATION_TAB,
    }
    return render(request, "reports/mine.html", context)

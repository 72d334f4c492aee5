"""Survey pages: the list of rounds, one round's results, and the results as CSV.

Everyone in the EST work of the municipality reads; every number shown has at least
SAMORDNA_SURVEY_MIN_RESPONDENTS respondents behind it (selectors.py).
"""

from __future__ import annotations

import csv
import io
from itertools import groupby

from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from samordna.core.models import Area, Membership
from samordna.reports.exports import neutralise
from samordna.situation.chart_svg import safe_svgs
from samordna.surveys import selectors
from samordna.surveys.charts import results_charts
from samordna.surveys.models import Survey, SurveyItem
from samordna.surveys.policies import IMPORTERS, READERS


def _membership(request: HttpRequest) -> Membership:
    membership: Membership | None = getattr(request, "membership", None)
    if membership is None or membership.role not in READERS:
        raise PermissionDenied
    return membership


def survey_list(request: HttpRequest) -> HttpResponse:
    membership = _membership(request)
    rounds = list(selectors.surveys_for(request.user, membership.municipality))  # type: ignore[arg-type]
    groups = [
        (title, kind, list(items))
        for (kind, title), items in groupby(rounds, key=lambda s: (s.get_kind_display(), s.title))
    ]
    return render(
        request,
        "surveys/list.html",
        {"groups": groups, "can_import": membership.role in IMPORTERS},
    )


def _choices(request: HttpRequest, survey: Survey) -> tuple[SurveyItem | None, Area | None]:
    items = list(survey.items.all())
    code = request.GET.get("fraga", "")
    item = next((i for i in items if i.code == code), items[0] if items else None)
    area = None
    area_id = request.GET.get("omrade", "")
    if area_id.isdigit():
        area = Area.objects.filter(pk=int(area_id), municipality_id=survey.municipality_id).first()
    return item, area


def _areas(survey: Survey) -> list[Area]:
    if survey.is_respondent_level:
        ids = set(survey.responses.values_list("area_id", flat=True).distinct())
    else:
        ids = set(survey.results.exclude(area=None).values_list("area_id", flat=True).distinct())
    return list(Area.objects.filter(pk__in=ids).order_by("name"))


def results(request: HttpRequest, pk: int) -> HttpResponse:
    membership = _membership(request)
    survey = selectors.access_survey(request.user, membership.municipality, pk)  # type: ignore[arg-type]
    item, area = _choices(request, survey)
    context: dict[str, object] = {
        "survey": survey,
        "items": survey.items.all(),
        "item": item,
        "area": area,
        "areas": _areas(survey),
        "minimum": selectors.min_respondents(),
        "rounds": selectors.series(survey),
    }
    if item is not None:
        found = selectors.item_results(survey, item, area=area)
        context["results"] = found
        context["charts"] = safe_svgs(results_charts(found))
    return render(request, "surveys/results.html", context)


HEADER = (
    "år", "fråga", "område", "indelning", "grupp", "värde", "ki_låg", "ki_hög",
    "antal_svarande", "anmärkning",
)  # fmt: skip


def export_csv(request: HttpRequest, pk: int) -> HttpResponse:
    """Every item's results for the round (and area) as CSV; suppressed cells carry
    the phrase in "anmärkning" and no number anywhere."""
    membership = _membership(request)
    survey = selectors.access_survey(request.user, membership.municipality, pk)  # type: ignore[arg-type]
    _, area = _choices(request, survey)
    out = io.StringIO()
    writer = csv.writer(out, delimiter=";", lineterminator="\r\n")
    writer.writerow(HEADER)
    place = area.name if area else "Hela kommunen"
    for item in survey.items.all():
        found = selectors.item_results(survey, item, area=area)
        for breakdown in (found.by_area, found.by_gender, found.by_band):
            if breakdown is None:
                continue
            cells = [*breakdown.cells, *breakdown.extra]
            cells += [breakdown.total] if breakdown.total else []
            for cell in cells:
                _write(writer, survey.year, item.question, place, breakdown.title, *_row(cell))
            for gap in breakdown.gaps:
                _write(
                    writer, survey.year, item.question, place, breakdown.title, gap.label,
                    *_gap_row(gap),
                )  # fmt: skip
    response = HttpResponse(out.getvalue().encode("utf-8-sig"), content_type="text/csv")
    response["Content-Disposition"] = f'attachment; filename="trygghetsmatning-{survey.pk}.csv"'
    return response


def _write(writer: object, *values: object) -> None:
    """One line; text from files (questions, regions) made inert for spreadsheets."""
    writer.writerow([neutralise(v) if isinstance(v, str) else v for v in values])  # type: ignore[attr-defined]


def _row(cell: selectors.Cell) -> tuple[object, ...]:
    e = cell.estimate
    if e is None:
        return (cell.label, "", "", "", "", cell.text)
    return (cell.label, _num(e.value), _num(e.low), _num(e.high), e.n, "")


def _gap_row(gap: selectors.GapRow) -> tuple[object, ...]:
    g = gap.gap
    if g is None:
        return ("", "", "", "", gap.reason)
    return (_num(g.value), _num(g.low), _num(g.high), "", f"skillnad ({g.method})")


def _num(value: float) -> str:
    return f"{value:.4f}".replace(".", ",")

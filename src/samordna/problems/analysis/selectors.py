"""Reads of a cause analysis: the problem it belongs to, scoped to the user, and the
tools arranged for reading (the web page and the PDF share them)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.http import Http404
from django.utils.translation import gettext_lazy as _

from samordna.core.models import User
from samordna.problems.analysis.services import may_view
from samordna.problems.analysis.shapes import KINDS
from samordna.problems.models import Cause, CauseAnalysis, Problem

CORNER_LABELS = {
    "offender": (
        _("Gärningsperson"),
        _("Påverkare (handler): den som har inflytande över gärningspersonen"),
    ),
    "target": (_("Mål eller offer"), _("Väktare (guardian): den som skyddar målet")),
    "place": (_("Plats"), _("Förvaltare (manager): den som äger eller sköter platsen")),
}
BONE_LABELS = {
    "victim": _("Offer"),
    "offender": _("Gärningsperson"),
    "place": _("Objekt och plats"),
}
LEVEL_LABELS = {
    "individual": _("Individ"),
    "family": _("Familj och nätverk"),
    "school": _("Skola"),
    "area": _("Område"),
}
STATUS_LABELS = {"open": _("Öppen"), "supported": _("Stöds"), "rejected": _("Förkastad")}


def visible_problem(user: User, pk: int) -> Problem:
    """The problem if the user may see it, else 404 (for them it does not exist)."""
    problem: Problem | None = (
        Problem.objects.restrict(user, "view")
        .select_related("municipality", "owner_organisation")
        .filter(pk=pk)
        .first()
    )
    if problem is None:
        raise Http404
    return problem


def analysis_of(problem: Problem) -> CauseAnalysis | None:
    return CauseAnalysis.objects.filter(problem=problem).select_related("updated_by").first()


def readable_analysis(user: User, pk: int) -> tuple[Problem, CauseAnalysis | None]:
    """The problem and its analysis (None before the first save), or 404."""
    problem = visible_problem(user, pk)
    analysis = analysis_of(problem)
    if not may_view(user, problem, analysis):
        raise Http404
    return problem, analysis


def causes_of(analysis: CauseAnalysis | None, *, active_only: bool = False) -> list[Cause]:
    if analysis is None:
        return []
    causes = analysis.causes.order_by("number")
    found = list(causes.filter(is_active=True) if active_only else causes)
    for cause in found:
        cause.level_label = LEVEL_LABELS.get(cause.level, "")  # type: ignore[attr-defined]
    return found


@dataclass(frozen=True)
class Reading:
    """The analysis laid out for reading: labels beside values, empty tools as None."""

    triangle: list[dict[str, str]]
    fishbone: list[dict[str, Any]]
    event_chains: list[dict[str, Any]]
    cause_tree: list[dict[str, Any]]
    factors: list[dict[str, Any]]
    hypotheses: list[dict[str, str]]
    summary: str
    sources: str


def reading(analysis: CauseAnalysis | None) -> Reading:
    a = analysis or CauseAnalysis()
    triangle = [
        {
            "key": key,
            "label": label,
            "controller_label": controller,
            "text": (a.triangle.get(key) or {}).get("text", ""),
            "controller": (a.triangle.get(key) or {}).get("controller", ""),
        }
        for key, (label, controller) in CORNER_LABELS.items()
    ]
    fishbone = [
        {"key": key, "label": label, "items": a.fishbone.get(key, [])}
        for key, label in BONE_LABELS.items()
    ]
    factors = [
        {
            "key": level,
            "label": label,
            "kinds": [
                {
                    "key": kind,
                    "label": _("Riskfaktorer") if kind == "risk" else _("Skyddsfaktorer"),
                    "items": [
                        f["text"] for f in a.factors if f["level"] == level and f["kind"] == kind
                    ],
                }
                for kind in KINDS
            ],
        }
        for level, label in LEVEL_LABELS.items()
    ]
    hypotheses = [{**h, "status_label": STATUS_LABELS[h["status"]]} for h in a.hypotheses]
    return Reading(
        triangle=triangle if any(c["text"] or c["controller"] for c in triangle) else [],
        fishbone=fishbone if any(b["items"] for b in fishbone) else [],
        event_chains=list(a.event_chains),
        cause_tree=list(a.cause_tree),
        factors=factors if a.factors else [],
        hypotheses=hypotheses,
        summary=a.summary,
        sources=a.sources,
    )

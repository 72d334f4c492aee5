"""The overview for management (*översikt*): what is red, overdue and unowned among the
open interventions, the problems by status and priority, what the last tertial analysis
showed, and the phase each area is in. Every count links to the list it counts.

Management, coordinators, analysts and admins see the whole municipality; a partner sees
only what its own organisation owns (or raised, for problems).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlencode

from django.db.models import Count, Q, QuerySet
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from samordna.core.memberships import membership_in
from samordna.core.models import Membership, Municipality, User
from samordna.core.roles import Role
from samordna.interventions.lights import shown_q
from samordna.interventions.models import Intervention, Rag, open_q, overdue_q, stockholm_today
from samordna.problems.models import AreaPhase, Priority, Problem, ProblemStatus
from samordna.problems.policies import own_organisations
from samordna.tertial.models import TertialAnalysis

READERS = frozenset({Role.MANAGEMENT, Role.COORDINATOR, Role.ANALYST, Role.ADMIN, Role.PARTNER})
# Partners see their own organisation's items only.
OWN_ONLY = frozenset({Role.PARTNER})
LIST_SIZE = 10


def _reader(request: HttpRequest) -> Membership:
    return membership_in(request, READERS)


def _url(name: str, query: dict[str, Any]) -> str:
    """The list's URL with its filter."""
    return f"{reverse(name)}?{urlencode(query)}"


@dataclass(frozen=True)
class Tally:
    label: Any
    count: int
    url: str
    rows: list[Any]
    anchor: str


def interventions(user: User, membership: Membership) -> list[Tally]:
    rows: QuerySet[Intervention] = (
        Intervention.objects.restrict(user, "view")
        .filter(open_q(), municipality=membership.municipality)
        .select_related("owner_organisation", "owner_person")
        .order_by("deadline", "id")
    )
    if membership.role in OWN_ONLY:
        rows = rows.filter(owner_organisation_id__in=own_organisations(user))
    own = {"owner": membership.organisation_id} if membership.role in OWN_ONLY else {}
    # Each count links to the interventions list with the same filter (InterventionFilterSet).
    groups: list[tuple[str, Any, QuerySet[Intervention], dict[str, Any]]] = [
        ("roda", _("Röda"), rows.filter(shown_q(Rag.RED, stockholm_today())), {"rag": Rag.RED}),
        ("forsenade", _("Försenade"), rows.filter(overdue_q(stockholm_today())), {"overdue": "on"}),
        (
            "utan-ansvarig",
            _("Utan ansvarig person"),
            rows.filter(owner_person__isnull=True),
            {"unowned": "on"},
        ),
    ]
    result = []
    for anchor, label, queryset, query in groups:
        url = _url("interventions:list", {**query, **own})
        found = list(queryset[: LIST_SIZE + 1])
        result.append(Tally(label, queryset.count(), url, found, anchor))
    return result


def problems(user: User, membership: Membership) -> dict[str, Any]:
    rows = Problem.objects.restrict(user, "view").filter(municipality=membership.municipality)
    if membership.role in OWN_ONLY:
        mine = own_organisations(user)
        rows = rows.filter(Q(owner_organisation_id__in=mine) | Q(raised_by_id__in=mine))
    by_status = dict(rows.values_list("status").annotate(n=Count("id")).order_by())
    own = {"owner": membership.organisation_id} if membership.role in OWN_ONLY else {}
    open_rows = rows.exclude(status=ProblemStatus.CLOSED)
    by_priority = dict(open_rows.values_list("priority").annotate(n=Count("id")).order_by())
    return {
        "by_status": [
            (label, by_status.get(value, 0), _url("problems:list", {"status": value, **own}))
            for value, label in ProblemStatus.choices
        ],
        "by_priority": [
            (
                label,
                by_priority.get(value, 0),
                _url("problems:list", {"priority": value, "open": "on", **own}),
            )
            for value, label in Priority.choices
        ],
        "total": sum(by_status.values()),
    }


def last_tertial(user: User, municipality: Municipality) -> TertialAnalysis | None:
    analysis: TertialAnalysis | None = (
        TertialAnalysis.objects.restrict(user, "view")
        .filter(municipality=municipality, status=TertialAnalysis.Status.DONE)
        .order_by("-period_key", "-id")
        .first()
    )
    return analysis


def tertial_selections(user: User, analysis: TertialAnalysis | None) -> list[Any]:
    if analysis is None:
        return []
    visible = Problem.objects.restrict(user, "view").values("pk")
    return list(
        analysis.selections.filter(problem_id__in=visible)
        .select_related("problem")
        .order_by("selected_at", "id")
    )


def area_phases(user: User, municipality: Municipality) -> list[AreaPhase]:
    """The latest phase of each area that has one, areas by name."""
    rows: Iterable[AreaPhase] = (
        AreaPhase.objects.restrict(user, "view")
        .filter(municipality=municipality)
        .select_related("area", "phase")
        .order_by("area__name", "area_id", "-since", "-id")
    )
    latest: dict[int, AreaPhase] = {}
    for row in rows:
        latest.setdefault(row.area_id, row)
    return list(latest.values())


def overview(request: HttpRequest) -> HttpResponse:
    membership = _reader(request)
    user: User = request.user  # type: ignore[assignment]  # signed in: the middleware saw to it
    tertial = last_tertial(user, membership.municipality)
    context = {
        "own_only": membership.role in OWN_ONLY,
        "organisation": membership.organisation,
        "interventions": interventions(user, membership),
        "list_size": LIST_SIZE,
        "problems": problems(user, membership),
        "tertial": tertial,
        "tertial_url": _tertial_url(tertial),
        "selections": tertial_selections(user, tertial),
        "phases": area_phases(user, membership.municipality),
    }
    return render(request, "problems/overview.html", context)


def _tertial_url(tertial: TertialAnalysis | None) -> str | None:
    if tertial is None:
        return None
    return reverse("problems:tertial_detail", kwargs={"period_key": tertial.period_key})

"""The law's checklist: what lag (2023:196) requires of a municipality, and what in
Samordna meets it. The one place these facts are computed: the municipality's own
checklist (`/lagen/`) and the county's compliance overview are both built from
`statuses()`, so they cannot disagree.

The law's requirements, as ../shared/DOMAIN.md states them: a situation picture of crime
in the municipality's whole area (mapping of crime, its extent and consequences; other
relevant information; an analysis), an action plan decided from it, its follow-up, and a
coordination function. Brå's diagnosis (measures not tied to the problems found, rarely
followed up) is made measurable as the share of the plan's measures tied to a problem
with a cause analysis that have a follow-up.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, datetime

from django.db.models import Max
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from samordna.core.models import Municipality
from samordna.county.models import CoordinationFunction
from samordna.interventions.models import FollowUp
from samordna.plans.models import ActionPlan, ActionPlanRevision, ActionPlanRow
from samordna.situation.models import SituationPicture

CONFIRMED = (SituationPicture.Status.CONFIRMED, SituationPicture.Status.DISTRIBUTED)


@dataclass(frozen=True)
class Confirmed:
    """A municipality's latest confirmed picture of one kind."""

    pk: int
    period_key: str
    confirmed_on: date


@dataclass(frozen=True)
class Measures:
    """The current plan's measures (rows) against Brå's chain problem -> cause -> measure
    -> follow-up."""

    total: int = 0
    tied: int = 0  # tied to a cause of a cause analysis, or to a problem that has one
    followed: int = 0  # its intervention has at least one follow-up
    complete: int = 0  # both

    @property
    def share(self) -> int | None:
        """The complete measures in whole per cent (None: the plan has no measures)."""
        return round(100 * self.complete / self.total) if self.total else None


@dataclass
class Status:
    """Every fact the checklist and the compliance overview show of one municipality."""

    municipality: Municipality
    year_picture: Confirmed | None = None
    tertial_picture: Confirmed | None = None
    plan: ActionPlan | None = None
    decided_on: date | None = None
    under_revision: bool = False
    parts: dict[str, bool] = field(default_factory=dict)
    last_follow_up: date | None = None
    coordination: CoordinationFunction | None = None
    measures: Measures = field(default_factory=Measures)

    @property
    def is_decided(self) -> bool:
        return self.decided_on is not None


def statuses(municipalities: Iterable[Municipality]) -> dict[int, Status]:
    """The status of each municipality, in a fixed number of queries however many."""
    found = {m.pk: Status(municipality=m) for m in municipalities}
    ids = list(found)
    _pictures(found, ids)
    _plans(found, ids)
    for function in CoordinationFunction.objects.filter(municipality_id__in=ids):
        found[function.municipality_id].coordination = function
    return found


def status_of(municipality: Municipality) -> Status:
    return statuses([municipality])[municipality.pk]


def _local_date(moment: datetime | None) -> date | None:
    return timezone.localdate(moment) if moment is not None else None


def _pictures(found: dict[int, Status], ids: list[int]) -> None:
    pictures = (
        SituationPicture.objects.filter(
            municipality_id__in=ids, kind__in=("year", "tertial"), status__in=CONFIRMED
        )
        .order_by("-confirmed_at", "-id")
        .values_list("pk", "municipality_id", "kind", "period_key", "confirmed_at")
    )
    for pk, municipality_id, kind, key, confirmed_at in pictures:
        status = found[municipality_id]
        confirmed = Confirmed(pk, key, _local_date(confirmed_at) or date.min)
        if kind == "year" and status.year_picture is None:
            status.year_picture = confirmed
        elif kind == "tertial" and status.tertial_picture is None:
            status.tertial_picture = confirmed


def _current_plans(ids: list[int]) -> dict[int, tuple[ActionPlan, date | None, bool]]:
    """Each municipality's plan: the newest decided one; else one under revision (its
    last decision still stands); else the newest draft (not decided)."""
    current: dict[int, tuple[ActionPlan, date | None, bool]] = {}
    decided = ActionPlan.objects.filter(
        municipality_id__in=ids, status=ActionPlan.Status.DECIDED
    ).order_by("-decided_on", "-id")
    for plan in decided:
        current.setdefault(plan.municipality_id, (plan, plan.decided_on, False))
    revisions = (
        ActionPlanRevision.objects.filter(municipality_id__in=ids)
        .exclude(municipality_id__in=list(current))
        .select_related("plan")
        .order_by("-decided_on", "-id")
    )
    for revision in revisions:
        current.setdefault(revision.municipality_id, (revision.plan, revision.decided_on, True))
    drafts = (
        ActionPlan.objects.filter(municipality_id__in=ids)
        .exclude(municipality_id__in=list(current))
        .order_by("-created_at", "-id")
    )
    for plan in drafts:
        current.setdefault(plan.municipality_id, (plan, None, False))
    return current


def _plans(found: dict[int, Status], ids: list[int]) -> None:
    current = _current_plans(ids)
    for municipality_id, (plan, decided_on, revising) in current.items():
        status = found[municipality_id]
        status.plan, status.decided_on, status.under_revision = plan, decided_on, revising
        status.parts = {
            "mapping": bool(plan.mapping.strip()),
            "other_information": bool(plan.other_information.strip()),
            "analysis": bool(plan.analysis.strip()),
        }
    plan_ids = {plan.pk: m for m, (plan, _, _) in current.items()}
    rows = list(
        ActionPlanRow.objects.filter(plan_id__in=list(plan_ids)).values_list(
            "plan_id", "cause_id", "intervention_id", "intervention__problem__analysis__id"
        )
    )
    interventions = {i for _, _, i, _ in rows if i}
    follow_ups = dict(
        FollowUp.objects.filter(intervention_id__in=interventions)
        .values("intervention_id")
        .annotate(last=Max("at"))
        .values_list("intervention_id", "last")
    )
    tally: dict[int, list[int]] = {m: [0, 0, 0, 0] for m in plan_ids.values()}
    last: dict[int, datetime] = {}
    for plan_id, cause_id, intervention_id, analysis_id in rows:
        municipality_id = plan_ids[plan_id]
        tied = cause_id is not None or analysis_id is not None
        followed_at = follow_ups.get(intervention_id) if intervention_id else None
        counts = tally[municipality_id]
        counts[0] += 1
        counts[1] += tied
        counts[2] += followed_at is not None
        counts[3] += tied and followed_at is not None
        if followed_at is not None and (
            municipality_id not in last or followed_at > last[municipality_id]
        ):
            last[municipality_id] = followed_at
    for municipality_id, numbers in tally.items():
        found[municipality_id].measures = Measures(*numbers)
        found[municipality_id].last_follow_up = _local_date(last.get(municipality_id))


# --- the requirements, in the law's words ---------------------------------------------------


@dataclass(frozen=True)
class Evidence:
    """What in Samordna meets (part of) a requirement, with its page and date."""

    text: str
    url: str = ""
    on: date | None = None


@dataclass(frozen=True)
class Requirement:
    key: str
    title: str
    law: str
    met: bool
    evidence: list[Evidence]
    missing: list[str]


def requirements(status: Status) -> list[Requirement]:
    """The law's four requirements for one municipality, each met or not, with what
    meets it and what is missing."""
    return [_situation(status), _plan(status), _follow_up(status), _coordination(status)]


def _situation(status: Status) -> Requirement:
    evidence, missing = [], []
    for picture, label in (
        (status.year_picture, _("Fastställd årslägesbild %(key)s")),
        (status.tertial_picture, _("Fastställd tertiallägesbild %(key)s")),
    ):
        if picture is not None:
            url = reverse("situation:picture", args=[picture.pk])
            evidence.append(
                Evidence(label % {"key": picture.period_key}, url, picture.confirmed_on)
            )
    if not evidence:
        missing.append(_("Ingen fastställd lägesbild för ett år eller ett tertial."))
    names = {
        "mapping": _("kartläggningen av brottsligheten, dess omfattning och konsekvenser"),
        "other_information": _("annan relevant information"),
        "analysis": _("analysen"),
    }
    if status.plan is None:
        missing.append(_("Lägesbildens tre delar skrivs i åtgärdsplanen; det finns ingen plan."))
    else:
        url = reverse("plans:detail", args=[status.plan.pk])
        for key, name in names.items():
            if status.parts.get(key):
                evidence.append(Evidence(_("Åtgärdsplanen: %(part)s") % {"part": name}, url))
            else:
                missing.append(_("Åtgärdsplanen saknar %(part)s.") % {"part": name})
    return Requirement(
        "situation",
        _("Lägesbild"),
        _(
            "En lägesbild över brottsligheten i hela kommunen: kartläggning av brottsligheten, "
            "dess omfattning och konsekvenser, annan relevant information och en analys."
        ),
        not missing,
        evidence,
        missing,
    )


def _plan(status: Status) -> Requirement:
    evidence, missing = [], []
    if status.plan is not None and status.decided_on is not None:
        url = reverse("plans:detail", args=[status.plan.pk])
        text = _("Beslutad åtgärdsplan: %(title)s") % {"title": status.plan.title}
        evidence.append(Evidence(text, url, status.decided_on))
        if status.under_revision:
            missing.append(_("Planen revideras; den nya versionen är inte beslutad ännu."))
    else:
        missing.append(_("Ingen beslutad åtgärdsplan."))
    return Requirement(
        "plan",
        _("Åtgärdsplan"),
        _("Kommunen beslutar en åtgärdsplan utifrån lägesbilden."),
        status.decided_on is not None,
        evidence,
        missing,
    )


def _follow_up(status: Status) -> Requirement:
    measures, evidence, missing = status.measures, [], []
    if status.last_follow_up is not None:
        text = _("%(n)s av %(total)s åtgärder har en uppföljning") % {
            "n": measures.followed,
            "total": measures.total,
        }
        evidence.append(Evidence(text, reverse("interventions:list"), status.last_follow_up))
    if status.plan is None or not measures.total:
        missing.append(_("Ingen åtgärdsplan med åtgärder att följa upp."))
    elif measures.followed < measures.total:
        missing.append(
            _("%(n)s av %(total)s åtgärder saknar uppföljning.")
            % {"n": measures.total - measures.followed, "total": measures.total}
        )
    if measures.tied < measures.total:
        missing.append(
            _("%(n)s av %(total)s åtgärder är inte kopplade till ett problem med orsaksanalys.")
            % {"n": measures.total - measures.tied, "total": measures.total}
        )
    return Requirement(
        "follow_up",
        _("Uppföljning"),
        _("Kommunen följer upp åtgärdsplanen."),
        status.last_follow_up is not None,
        evidence,
        missing,
    )


def _coordination(status: Status) -> Requirement:
    function = status.coordination
    evidence = []
    if function is not None:
        url = reverse("county:coordination")
        evidence.append(Evidence(function.description, url, function.appointed_on))
    return Requirement(
        "coordination",
        _("Samordningsfunktion"),
        _("Kommunen har en samordningsfunktion för det brottsförebyggande arbetet."),
        function is not None,
        evidence,
        [] if function is not None else [_("Ingen samordningsfunktion angiven.")],
    )

"""Each role's to-dos on the start page, read through restrict() and labelled with whose
figures they are. A role that may not read raw observations gets the confirmed picture's
total instead, labelled as such. Every to-do costs one or two queries (no N+1)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlencode

from django.db.models import Count, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from samordna.analysis.periods import iso_week
from samordna.core.models import Membership
from samordna.core.roles import Role
from samordna.interventions.lights import shown_q
from samordna.interventions.models import Intervention, Rag, overdue_q, stockholm_today
from samordna.meetings.models import Meeting
from samordna.plans.models import ActionPlan
from samordna.reports.models import Observation, Report
from samordna.situation.models import Delivery, SituationPicture

LIST_SIZE = 5
FROZEN = (SituationPicture.Status.CONFIRMED, SituationPicture.Status.DISTRIBUTED)


@dataclass
class Todo:
    """One line of the to-do list: what, how many (and whose), where to go."""

    label: str | Promise
    url: str
    count: int | None = None
    whose: str | Promise = ""
    state: str | Promise = ""
    urgent: bool = False
    items: list[tuple[str, str, str]] = field(default_factory=list)  # (text, detail, url)


def _url(name: str, query: dict[str, Any] | None = None, **kwargs: Any) -> str:
    url = reverse(name, kwargs=kwargs or None)
    return f"{url}?{urlencode(query)}" if query else url


def week_state(user: Any, membership: Membership) -> Todo:
    """This week's picture: not started, draft, proposed or confirmed."""
    week = iso_week(timezone.now())
    picture = (
        SituationPicture.objects.restrict(user, "view")
        .filter(municipality=membership.municipality, kind=SituationPicture.Kind.WEEK)
        .filter(period_key=week)
        .order_by("-version")
        .only("status", "period_key")
        .first()
    )
    label = _("Veckans lägesbild (%(week)s)") % {"week": week}
    url = _url("situation:week", key=week)
    if picture is None:
        return Todo(label, url, state=_("inte påbörjad"), urgent=True)
    if picture.status in FROZEN:
        return Todo(label, url, state=_("fastställd"))
    state = _("utkast, inte fastställd")
    if picture.status == SituationPicture.Status.PROPOSED:
        state = _("förslag, inte fastställd")
    return Todo(label, url, state=state, urgent=True)


def to_review(user: Any, membership: Membership) -> Todo:
    count = (
        Observation.objects.restrict(user, "change")
        .filter(municipality=membership.municipality, status=Observation.Status.SUBMITTED)
        .count()
    )
    return Todo(
        _("Att granska"),
        _url("reports_review:queue"),
        count=count,
        whose=_("inskickade iakttagelser i hela kommunen"),
        urgent=count > 0,
    )


def next_meeting(user: Any, membership: Membership) -> Todo:
    meetings = Meeting.objects.restrict(user, "view").filter(
        municipality=membership.municipality, kind=Meeting.Kind.EST_WEEKLY
    )
    upcoming = (
        meetings.filter(Q(status=Meeting.Status.OPEN) | Q(held_at__gte=timezone.now()))
        .order_by("held_at")
        .only("held_at", "period_key", "status")
        .first()
    )
    if upcoming is None:
        return Todo(_("Nästa veckomöte"), _url("meetings:list"), state=_("inget planerat"))
    when = timezone.localtime(upcoming.held_at).strftime("%Y-%m-%d %H:%M")
    state = _("pågår, startat %(when)s") if upcoming.is_open else "%(when)s"
    return Todo(
        _("Nästa veckomöte (%(week)s)") % {"week": upcoming.period_key},
        _url("meetings:detail", pk=upcoming.pk),
        state=state % {"when": when},
    )


def overdue(user: Any, membership: Membership, *, own: bool = False) -> Todo:
    rows = Intervention.objects.restrict(user, "view").filter(
        overdue_q(stockholm_today()), municipality=membership.municipality
    )
    query: dict[str, Any] = {"overdue": "on"}
    whose: str | Promise = _("i hela kommunen")
    if own:
        rows = rows.filter(owner_organisation_id=membership.organisation_id)
        query["owner"] = membership.organisation_id
        whose = _("som %(org)s äger") % {"org": membership.organisation.name}
    count = rows.count()
    return Todo(
        _("Försenade insatser"),
        _url("interventions:list", query),
        count=count,
        whose=whose,
        urgent=count > 0,
    )


def failed_deliveries(user: Any, membership: Membership) -> Todo:
    count = (
        Delivery.objects.restrict(user, "view")
        .filter(municipality=membership.municipality, status=Delivery.Status.FAILED)
        .count()
    )
    return Todo(
        _("Misslyckade utskick av lägesbilder"),
        _url("situation:failed_deliveries"),
        count=count,
        whose=_("till kommunens sändlista"),
        urgent=count > 0,
    )


def _due(late: bool) -> str:
    return str(_("försenad, skulle vara klar %(day)s") if late else _("klar senast %(day)s"))


def own_interventions_due(user: Any, membership: Membership) -> Todo:
    """The partner's own organisation's open interventions, soonest deadline first."""
    rows = (
        Intervention.objects.restrict(user, "view")
        .filter(municipality=membership.municipality)
        .filter(owner_organisation_id=membership.organisation_id)
        .exclude(status__in=("done", "cancelled"))
        .order_by("deadline", "id")
    )
    found = list(rows.only("title", "deadline")[:LIST_SIZE])
    today = stockholm_today()
    items = [
        (
            i.title,
            _due(i.deadline < today) % {"day": i.deadline.isoformat()},
            _url("interventions:detail", pk=i.pk),
        )
        for i in found
    ]
    return Todo(
        _("Era insatser att rapportera på"),
        _url("interventions:list", {"owner": membership.organisation_id}),
        count=rows.count(),
        whose=_("som %(org)s äger") % {"org": membership.organisation.name},
        items=items,
    )


def own_latest_reports(user: Any, membership: Membership) -> Todo:
    """The reporter's own latest reports, with how many observations each held."""
    mine = Report.objects.restrict(user, "view").filter(
        reporter_id=user.pk, municipality=membership.municipality
    )
    rows = mine.annotate(n=Count("observations")).order_by("-submitted_at")
    found = list(rows.only("submitted_at")[:LIST_SIZE])
    items = [
        (
            timezone.localtime(r.submitted_at).strftime("%Y-%m-%d %H:%M"),
            _("%(n)s iakttagelser") % {"n": r.n},
            _url("reports:mine"),
        )
        for r in found
    ]
    return Todo(
        _("Dina senaste rapporter"),
        _url("reports:mine"),
        count=mine.count(),
        whose=_("som du har skickat in"),
        items=items,
    )


def plans_to_decide(user: Any, membership: Membership) -> Todo:
    """Action plans (or revisions) waiting for the board's decision."""
    rows = (
        ActionPlan.objects.restrict(user, "view")
        .filter(municipality=membership.municipality, status=ActionPlan.Status.DRAFT)
        .order_by("-period_key", "id")
    )
    found = list(rows.only("title", "version", "period_key")[:LIST_SIZE])
    items = [
        (p.title, _("version %(v)s, utkast") % {"v": p.version}, _url("plans:detail", pk=p.pk))
        for p in found
    ]
    return Todo(
        _("Åtgärdsplaner att besluta"),
        _url("plans:index"),
        count=len(items),
        whose=_("i hela kommunen"),
        urgent=bool(items),
        items=items,
    )


def red_interventions(user: Any, membership: Membership) -> Todo:
    count = (
        Intervention.objects.restrict(user, "view")
        .filter(shown_q(Rag.RED, stockholm_today()), municipality=membership.municipality)
        .count()
    )
    return Todo(
        _("Röda insatser att ta ställning till"),
        _url("problems:overview"),
        count=count,
        whose=_("i hela kommunen"),
        urgent=count > 0,
    )


def week_figure(user: Any, membership: Membership) -> Todo:
    """This week's observations as the role may see them, and whose they are.

    Coordinators, analysts and admins read every observation; reporters and partners
    read their own organisation's; management reads none, so it gets the latest
    confirmed weekly picture's total instead."""
    week = iso_week(timezone.now())
    readable = Observation.objects.restrict(user, "view").filter(
        municipality=membership.municipality, week_key=week
    )
    if membership.role in {Role.COORDINATOR, Role.ANALYST, Role.ADMIN}:
        whose: str | Promise = _("i hela kommunen")
    elif membership.role in {Role.REPORTER, Role.PARTNER}:
        readable = readable.filter(organisation_id=membership.organisation_id)
        whose = _("från %(org)s") % {"org": membership.organisation.name}
    else:
        return _confirmed_total(user, membership)
    return Todo(
        _("Iakttagelser denna vecka (%(week)s)") % {"week": week},
        _url("situation:week", key=week),
        count=readable.count(),
        whose=whose,
    )


def _confirmed_total(user: Any, membership: Membership) -> Todo:
    picture = (
        SituationPicture.objects.restrict(user, "view")
        .filter(
            municipality=membership.municipality,
            kind=SituationPicture.Kind.WEEK,
            status__in=FROZEN,
        )
        .order_by("-period_key", "-version")
        .only("period_key", "snapshot")
        .first()
    )
    if picture is None:
        return Todo(
            _("Iakttagelser enligt fastställd lägesbild"),
            _url("situation:index"),
            state=_("ingen fastställd lägesbild ännu"),
        )
    totals = (picture.snapshot or {}).get("totals") or {}
    return Todo(
        _("Iakttagelser enligt fastställd lägesbild (%(week)s)") % {"week": picture.period_key},
        _url("situation:picture", pk=picture.pk),
        count=int(totals.get("count") or 0),
        whose=_("i hela kommunen, sammanställt"),
    )


# What each role's to-do list holds, in order: the first two are what the coordinator
# must see above the fold on a phone.
PLANS: dict[str, tuple[Callable[[Any, Membership], Todo], ...]] = {
    Role.COORDINATOR: (to_review, week_state, next_meeting, overdue, failed_deliveries),
    Role.ADMIN: (to_review, week_state, failed_deliveries, week_figure),
    Role.ANALYST: (week_figure, week_state, overdue, next_meeting),
    Role.PARTNER: (own_interventions_due, next_meeting, week_figure),
    Role.MANAGEMENT: (plans_to_decide, red_interventions, overdue, week_figure),
    Role.REPORTER: (own_latest_reports, week_figure),
}


def todos_for(user: Any, membership: Membership) -> list[Todo]:
    """The role's to-do list (TSI roles have none: their start page is the cases app's)."""
    return [todo(user, membership) for todo in PLANS.get(membership.role, ())]

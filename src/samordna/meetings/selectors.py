"""Reads for the meeting page and the minutes, each scoped to the user."""

from __future__ import annotations

from typing import Any

from django.db.models import Prefetch, Q, QuerySet

from samordna.core.forms import est_areas
from samordna.core.models import Area, Membership, Organisation
from samordna.interventions.models import Intervention, InterventionUpdate, open_q
from samordna.meetings.models import Meeting
from samordna.reports.counts import COUNTED
from samordna.reports.models import Observation
from samordna.situation.models import SituationPicture
from samordna.situation.services import latest_picture

# The observations one decision may rest on: a page of checkboxes at the meeting.
GROUNDS_MAX = 60


def meetings_for(user: Any, membership: Membership) -> QuerySet[Meeting]:
    return Meeting.objects.restrict(user).filter(municipality=membership.municipality)


def followed_up(user: Any, meeting: Meeting) -> list[Intervention]:
    """Step 2: every open intervention (last week's among them), and those reported at
    this meeting even if now done; not the ones this meeting decides (step 7)."""
    reported_here = InterventionUpdate.objects.filter(meeting=meeting).order_by("-at", "-id")
    rows = (
        Intervention.objects.restrict(user)
        .filter(municipality_id=meeting.municipality_id)
        .filter(open_q() | Q(updates__meeting=meeting))
        .exclude(decided_in=meeting)
        .select_related("owner_organisation", "owner_person")
        .prefetch_related(Prefetch("updates", queryset=reported_here, to_attr="reported_here"))
        .distinct()
        .order_by("deadline", "id")
    )
    return list(rows)


def decisions_of(meeting: Meeting) -> list[Intervention]:
    return list(
        meeting.decisions.select_related("owner_organisation", "owner_person")
        .prefetch_related("areas")
        .order_by("id")
    )


def areas_of(meeting: Meeting) -> list[Area]:
    return list(est_areas(meeting.municipality))


def picture_of(user: Any, meeting: Meeting) -> SituationPicture | None:
    """The week's newest picture version, if the user may see it."""
    picture = latest_picture(meeting.municipality, meeting.period_key)
    if picture is None or not SituationPicture.objects.restrict(user).filter(pk=picture.pk):
        return None
    return picture


def owner_organisations(meeting: Meeting) -> QuerySet[Organisation]:
    """Who may own what the meeting decides: the organisations marked present (issue 17).
    Before attendance is taken, every active organisation of the municipality."""
    present = meeting.attendance.filter(present=True).values("organisation_id")
    organisations = Organisation.objects.filter(municipality=meeting.municipality, is_active=True)
    if meeting.attendance.filter(present=True).exists():
        organisations = organisations.filter(pk__in=present)
    return organisations


def decision_grounds(user: Any, meeting: Meeting) -> QuerySet[Observation]:
    """What a decision may rest on: the meeting week's observations the user reads, newest
    first, at most GROUNDS_MAX (a page of checkboxes, not the whole history)."""
    ids = list(
        Observation.objects.restrict(user, "view")
        .filter(COUNTED, municipality=meeting.municipality, week_key=meeting.period_key)
        .order_by("-occurred_from", "-pk")
        .values_list("pk", flat=True)[:GROUNDS_MAX]
    )
    return (
        Observation.objects.filter(pk__in=ids)
        .select_related("category", "place", "area")
        .order_by("-occurred_from", "-pk")
    )

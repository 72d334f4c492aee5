"""What a new meeting starts with: its agenda, and the attendance list to tick off."""

from __future__ import annotations

from django.db.models import Exists, OuterRef

from samordna.core.models import Membership, Municipality, Organisation
from samordna.core.roles import Role
from samordna.meetings import agenda
from samordna.meetings.models import AgendaItem, AgendaTemplate, Attendance, Meeting

Function = Attendance.Function
# The fixed functions of the EST routine, by the kind of organisation that fills them.
FUNCTION_BY_KIND = {
    Organisation.Kind.POLICE: Function.POLICE,
    Organisation.Kind.HOUSING: Function.HOUSING,
    Organisation.Kind.SECURITY: Function.SECURITY,
    Organisation.Kind.MUNICIPAL: Function.MUNICIPAL,
}


def agenda_for(municipality: Municipality) -> list[dict[str, str]]:
    """The municipality's own agenda when it has one, else the standard."""
    template = AgendaTemplate.objects.filter(municipality=municipality).first()
    if template is not None:
        try:
            return agenda.clean_items(template.items)
        except ValueError:
            pass  # A broken template must not stop the meeting: the standard holds.
    return agenda.standard_items()


def seed_agenda(meeting: Meeting) -> None:
    AgendaItem.objects.bulk_create(
        AgendaItem(meeting=meeting, number=n, key=item["key"], title=item["title"])
        for n, item in enumerate(agenda_for(meeting.municipality), start=1)
    )


def seed_attendance(meeting: Meeting) -> None:
    """Last meeting's list (nobody ticked yet); the first time, one row per partner."""
    previous = (
        Meeting.objects.filter(
            municipality_id=meeting.municipality_id,
            kind=meeting.kind,
            period_key__lt=meeting.period_key,
        )
        .order_by("-period_key")
        .first()
    )
    if previous is not None and previous.attendance.exists():
        rows = [
            (row.function, row.organisation_id)
            for row in previous.attendance.filter(organisation__is_active=True).order_by("id")
        ]
    else:
        rows = _rows_from_organisations(meeting.municipality_id)
    Attendance.objects.bulk_create(
        Attendance(meeting=meeting, function=function, organisation_id=organisation_id)
        for function, organisation_id in rows
    )


def _rows_from_organisations(municipality_id: int) -> list[tuple[str, int]]:
    coordinators = Membership.objects.filter(
        organisation=OuterRef("pk"), role=Role.COORDINATOR, is_active=True
    )
    organisations = (
        Organisation.objects.filter(
            municipality_id=municipality_id, is_active=True, kind__in=list(FUNCTION_BY_KIND)
        )
        .annotate(has_coordinator=Exists(coordinators))
        .order_by("name")
    )
    rows = []
    for organisation in organisations:
        function = FUNCTION_BY_KIND[Organisation.Kind(organisation.kind)]
        if organisation.kind == Organisation.Kind.MUNICIPAL and organisation.has_coordinator:
            function = Function.EST_COORDINATOR
        rows.append((str(function), organisation.pk))
    # The coordinator leads the meeting: their row first.
    return sorted(rows, key=lambda row: row[0] != Function.EST_COORDINATOR)

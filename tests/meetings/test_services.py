"""Running a meeting: starting it, each step, closing it; audit, rights, validation."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from samordna.core.models import AuditEvent
from samordna.interventions.models import Intervention
from samordna.interventions.services import InterventionInput
from samordna.meetings import agenda, services
from samordna.meetings.models import AgendaTemplate, AreaAssessment, Meeting
from samordna.situation.models import SituationPicture
from tests.meetings.factories import WEEK, start_meeting


def _events(action: str) -> int:
    return AuditEvent.objects.filter(action=action).count()


def test_starting_a_meeting_opens_the_picture_the_agenda_and_the_attendance_list(world):
    meeting = start_meeting(world)
    assert meeting.is_open
    assert meeting.period_key == WEEK
    assert meeting.picture == SituationPicture.objects.get(municipality=world.a, period_key=WEEK)
    items = list(meeting.agenda_items.values_list("number", "key"))
    assert items == list(enumerate(agenda.KEYS, start=1))
    # One row per partner organisation of A, by function, nobody ticked yet.
    rows = {(a.function, a.organisation_id, a.present) for a in meeting.attendance.all()}
    assert rows == {("housing", world.a1.pk, False), ("police", world.a2.pk, False)}
    assert _events("meeting.start") == 1


def test_starting_the_same_week_again_opens_the_same_meeting(world):
    first = start_meeting(world)
    assert start_meeting(world) == first
    assert Meeting.objects.count() == 1
    assert _events("meeting.start") == 1


def test_a_bad_week_is_refused_and_nothing_is_saved(world):
    with pytest.raises(ValidationError) as caught:
        start_meeting(world, key="2026-W60")
    assert "vecka" in caught.value.message_dict["week"][0]
    assert not Meeting.objects.exists()
    assert not SituationPicture.objects.exists()


@pytest.mark.parametrize("role", ["partner", "analyst", "management", "reporter"])
def test_only_coordinators_and_admins_start_meetings(world, role):
    with pytest.raises(PermissionDenied):
        services.meeting_start(actor=world.user(role), municipality=world.a, key=WEEK)
    assert not Meeting.objects.exists()


def test_the_next_meeting_takes_over_the_attendance_list(world):
    first = start_meeting(world)
    services.attendance_add(
        actor=world.user("coordinator"), meeting=first, function="other", organisation=world.a1
    )
    second = start_meeting(world, key="2026-W46")
    assert second.attendance.count() == 3
    assert not second.attendance.filter(present=True).exists()


def test_a_municipality_may_have_its_own_agenda(world):
    AgendaTemplate.objects.create(
        municipality=world.a,
        items=[{"key": "attendance", "title": "Vilka är här"}, {"key": "", "title": "Övrigt"}],
    )
    meeting = start_meeting(world)
    assert list(meeting.agenda_items.values_list("key", "title")) == [
        ("attendance", "Vilka är här"),
        ("", "Övrigt"),
    ]


def test_attendance_is_ticked_and_a_note_with_personal_data_is_refused(world):
    meeting = start_meeting(world)
    row = meeting.attendance.first()
    coordinator = world.user("coordinator")
    services.attendance_set(
        actor=coordinator, meeting=meeting, rows=[services.AttendanceInput(row.pk, True, "Sen")]
    )
    row.refresh_from_db()
    assert row.present
    assert row.note == "Sen"
    bad = [services.AttendanceInput(row.pk, False, "nås på 070-123 45 67")]
    with pytest.raises(ValidationError) as caught:
        services.attendance_set(actor=coordinator, meeting=meeting, rows=bad)
    assert f"note_{row.pk}" in caught.value.message_dict
    row.refresh_from_db()
    assert row.present
    assert _events("meeting.attendance") == 1


def test_assessments_are_set_changed_and_cleared(world):
    meeting = start_meeting(world)
    coordinator = world.user("coordinator")
    worse = services.AssessmentInput(world.area_a, "worse", "Mer klotter.")
    services.assessments_set(actor=coordinator, meeting=meeting, rows=[worse])
    assert AreaAssessment.objects.get(meeting=meeting).assessment == "worse"
    cleared = services.AssessmentInput(world.area_a, "", "")
    services.assessments_set(actor=coordinator, meeting=meeting, rows=[cleared])
    assert not AreaAssessment.objects.exists()
    assert _events("meeting.assess") == 2


def test_an_area_of_another_municipality_cannot_be_assessed(world):
    meeting = start_meeting(world)
    rows = [services.AssessmentInput(world.area_b, "worse", "")]
    with pytest.raises(ValidationError):
        services.assessments_set(actor=world.user("coordinator"), meeting=meeting, rows=rows)
    assert not AreaAssessment.objects.exists()


def test_a_decision_is_an_intervention_decided_in_the_meeting(world):
    meeting = start_meeting(world)
    data = InterventionInput(
        title="Extra kvällsvandring",
        owner_organisation=world.a2,
        deadline=timezone.localdate() + timedelta(days=4),
    )
    intervention = services.decision_create(
        actor=world.user("coordinator"), meeting=meeting, data=data
    )
    assert intervention.decided_in == meeting
    assert list(meeting.decisions.all()) == [intervention]


def test_a_closed_meeting_cannot_be_changed(world):
    meeting = start_meeting(world)
    coordinator = world.user("coordinator")
    services.meeting_close(actor=coordinator, meeting=meeting)
    events = AuditEvent.objects.count()
    with pytest.raises(ValidationError):
        services.focus_set(actor=coordinator, meeting=meeting, areas=[world.area_a], text="")
    with pytest.raises(ValidationError):
        services.meeting_close(actor=coordinator, meeting=meeting)
    assert AuditEvent.objects.count() == events
    assert not meeting.focus_areas.exists()
    assert not Intervention.objects.exists()


def test_an_admin_of_another_municipality_cannot_run_this_meeting(world):
    meeting = start_meeting(world)
    with pytest.raises(PermissionDenied):
        services.meeting_close(actor=world.user("admin", "other_municipality"), meeting=meeting)
    meeting.refresh_from_db()
    assert meeting.is_open

"""The meeting block (docs/situation-format.md) and confirming the picture from the meeting."""

from __future__ import annotations

from datetime import date

import pytest
from django.core.exceptions import ValidationError

from samordna.core.models import AuditEvent
from samordna.interventions.services import InterventionInput
from samordna.meetings import services
from samordna.meetings.block import meeting_block
from samordna.reports.review import observation_correct
from samordna.situation.models import SituationPicture
from samordna.situation.services import picture_document
from tests.meetings.factories import WEEK, start_meeting
from tests.situation.document_shape import assert_document_shape
from tests.situation.factories import in_week, observe


def _hold(world):
    """A meeting with attendance, an assessment, focus and one decision."""
    meeting = start_meeting(world)
    coordinator = world.user("coordinator")
    police = meeting.attendance.get(function="police")
    services.attendance_set(
        actor=coordinator, meeting=meeting, rows=[services.AttendanceInput(police.pk, True)]
    )
    services.assessments_set(
        actor=coordinator,
        meeting=meeting,
        rows=[services.AssessmentInput(world.area_a, "worse", "Oro kvällstid.")],
    )
    services.focus_set(
        actor=coordinator, meeting=meeting, areas=[world.area_a], text="Gångtunneln kvällstid."
    )
    services.decision_create(
        actor=coordinator,
        meeting=meeting,
        data=InterventionInput(
            title="Laga belysningen i gångtunneln",
            # The owner is one of the organisations present (issue 17): the police.
            owner_organisation=world.a2,
            owner_person=world.user("partner", "other_org"),
            deadline=date(2026, 11, 27),
        ),
    )
    return meeting


def test_the_block_is_exactly_the_documented_format(world):
    meeting = _hold(world)
    block = meeting_block(meeting)
    code = world.area_a.code or f"omrade-{world.area_a.pk}"
    assert list(block) == [
        "held_at",
        "attendance",
        "assessments",
        "focus_areas",
        "focus_text",
        "decisions",
    ]
    assert block["held_at"].endswith(("+01:00", "+02:00"))
    assert block["attendance"] == [
        {"function": "Bostadsbolag", "organisation": "Alfa bostäder", "present": False},
        {"function": "Polis", "organisation": "Alfa polis", "present": True},
    ]
    assert block["assessments"] == [{"area": code, "assessment": "worse", "text": "Oro kvällstid."}]
    assert block["focus_areas"] == [code]
    assert block["focus_text"] == "Gångtunneln kvällstid."
    assert block["decisions"] == [
        {
            "title": "Laga belysningen i gångtunneln",
            "organisation": "Alfa polis",
            "person": "partner-other_org",
            "deadline": "2026-11-27",
        }
    ]


def test_confirming_from_the_meeting_freezes_the_picture_with_the_meeting_inside(world):
    observed = observe(world, WEEK, 2)
    meeting = _hold(world)
    picture = services.meeting_confirm_picture(actor=world.user("coordinator"), meeting=meeting)
    assert picture.status == SituationPicture.Status.CONFIRMED
    assert picture.snapshot["meeting"] == meeting_block(meeting)
    assert_document_shape(picture.snapshot)
    meeting.refresh_from_db()
    assert meeting.picture == picture
    assert AuditEvent.objects.filter(action="meeting.confirm_picture").count() == 1
    # Later edits change neither the figures nor the meeting block of the snapshot.
    observation_correct(
        actor=world.user("coordinator"), observation=observed[0], occurred_from=in_week("2026-W41")
    )
    services.focus_set(actor=world.user("coordinator"), meeting=meeting, areas=[], text="")
    picture.refresh_from_db()
    document = picture_document(picture)
    assert document["totals"]["count"] == 2
    assert document["meeting"]["focus_text"] == "Gångtunneln kvällstid."


def test_a_confirmed_week_is_not_confirmed_again(world):
    meeting = _hold(world)
    services.meeting_confirm_picture(actor=world.user("coordinator"), meeting=meeting)
    events = AuditEvent.objects.count()
    with pytest.raises(ValidationError):
        services.meeting_confirm_picture(actor=world.user("coordinator"), meeting=meeting)
    assert AuditEvent.objects.count() == events

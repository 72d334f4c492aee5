"""Assessment, plan and support actions on the case page; meetings with agendas of
cases due and minutes that only the case's team reads (each read logged)."""

from __future__ import annotations

from datetime import timedelta

from django.utils import timezone

from samordna.cases import work
from samordna.cases.models import CaseAccess, Factor, MeetingCase
from tests.cases.factories import give_consent, verified_login

MINUTES = "Överens om läxhjälp två dagar i veckan (fiktivt)"


def test_a_team_member_adds_a_factor_a_goal_and_an_action(client, world, tsi):
    for guardian in tsi.guardians:
        give_consent(
            world.user("tsi_coordinator"), tsi.case, guardian, [world.a1], kinds=["assessment"]
        )
    verified_login(client, world.user("tsi_participant"))
    base = f"/tsi/{tsi.case.pk}/ny"

    missing = client.post(f"{base}/mal/", {"text": ""})
    assert "error-summary" in missing.content.decode()
    client.post(
        f"{base}/bedomning/",
        {"kind": "risk", "domain": "school", "rating": 2, "note": "Hög frånvaro"},
    )
    client.post(f"{base}/mal/", {"text": "Närvaro över 90 %"})
    client.post(
        f"{base}/insats/",
        {"kind": "leisure", "owner": world.a1.pk, "starts_on": timezone.localdate().isoformat()},
    )

    page = client.get(f"/tsi/{tsi.case.pk}/").content.decode()
    for text in ("Hög frånvaro", "Närvaro över 90 %", "Fritidsaktivitet"):
        assert text in page
    assert Factor.objects.get().note == "Hög frånvaro"


def test_outsiders_cannot_add_to_a_case(client, world, tsi):
    verified_login(client, world.user("tsi_participant", "other_org"))

    response = client.post(f"/tsi/{tsi.case.pk}/ny/mal/", {"text": "Något"})

    assert response.status_code == 404
    assert not tsi.case.goals.exists()


def test_the_agenda_holds_the_cases_due_and_shows_each_user_only_their_own(client, world, tsi):
    today = timezone.localdate()
    meeting = work.meeting_create(actor=None, programme=tsi.programme, kind="case", held_on=today)
    assert list(meeting.items.values_list("case_id", flat=True)) == [tsi.case.pk]
    # Discussed a week ago: not due again within the fortnight.
    later = work.meeting_create(
        actor=None, programme=tsi.programme, kind="case", held_on=today + timedelta(days=7)
    )
    assert not later.items.exists()

    verified_login(client, world.user("tsi_participant", "other_org"))
    agenda = client.get(f"/tsi/moten/{meeting.pk}/").content.decode()
    assert tsi.case.pseudonym not in agenda


def test_minutes_are_read_by_the_team_only_and_each_read_is_logged(client, world, tsi):
    for guardian in tsi.guardians:
        give_consent(
            world.user("tsi_coordinator"), tsi.case, guardian, [world.a1], kinds=["case", "minutes"]
        )
    meeting = work.meeting_create(
        actor=None, programme=tsi.programme, kind="case", held_on=timezone.localdate()
    )
    verified_login(client, world.user("tsi_participant"))
    url = f"/tsi/moten/{meeting.pk}/arende/{tsi.case.pk}/"

    assert tsi.case.pseudonym in client.get(f"/tsi/moten/{meeting.pk}/").content.decode()
    assert client.post(url, {"minutes": MINUTES}).status_code == 302
    assert MINUTES in client.get(url).content.decode()
    assert MeetingCase.objects.get().minutes == MINUTES
    assert CaseAccess.objects.filter(what="minutes", granted=True).count() == 2

    coordinator = client.__class__()
    verified_login(coordinator, world.user("tsi_coordinator"))
    # The coordinator's agenda link works, but the minutes are content: not in consent
    # for them (not on the team), so the page says so and shows none.
    agenda_item = coordinator.get(url)
    assert agenda_item.status_code == 200
    assert MINUTES not in agenda_item.content.decode()
    assert "omfattar inte minnesanteckningar" in agenda_item.content.decode()
    assert coordinator.post(url, {"minutes": "Skrivet utan samtycke"}).status_code == 200
    assert MeetingCase.objects.get().minutes == MINUTES


def test_a_leadership_meeting_shows_aggregates_only(client, world, tsi):
    from samordna.cases.services import programme_member_add

    programme_member_add(
        actor=None,
        programme=tsi.programme,
        user=world.user("leadership"),
        organisation=world.a1,
        part="leadership",
    )
    meeting = work.meeting_create(
        actor=None, programme=tsi.programme, kind="leadership", held_on=timezone.localdate()
    )
    verified_login(client, world.user("leadership"))

    page = client.get(f"/tsi/moten/{meeting.pk}/").content.decode()

    assert "för få för att visa" in page
    assert tsi.case.pseudonym not in page
    assert not meeting.items.exists()

"""The coordinator opens a case and keeps guardians and team; the team adds needs.
Nobody else can: 404, nothing written."""

from __future__ import annotations

from samordna.cases.models import Case, CaseTeamMember, Guardian, Need
from tests.cases.factories import verified_login


def test_the_coordinator_opens_a_case_with_guardians_and_a_team(client, world, tsi):
    verified_login(client, world.user("tsi_coordinator"))

    response = client.post(
        f"/tsi/program/{tsi.programme.pk}/nytt/",
        {"name": "Fiktiv Person", "birth_year": 2015, "personal_number": "", "school_unit": ""},
    )

    case = Case.objects.get(name__isnull=False, pk__gt=tsi.case.pk)
    assert response["Location"] == f"/tsi/{case.pk}/"
    assert case.pseudonym.endswith("-002")
    client.post(
        f"/tsi/{case.pk}/vardnadshavare/ny/", {"name": "Fiktiv Förälder", "has_custody": "on"}
    )
    assert Guardian.objects.get(case=case).consent_required
    participant = world.user("tsi_participant")
    client.post(f"/tsi/{case.pk}/team/ny/", {"member": f"{participant.pk}:{world.a1.pk}"})
    assert CaseTeamMember.objects.filter(case=case, user=participant).exists()


def test_a_participant_can_neither_open_a_case_nor_change_its_guardians(client, world, tsi):
    verified_login(client, world.user("tsi_participant"))

    assert (
        client.post(
            f"/tsi/program/{tsi.programme.pk}/nytt/", {"name": "X", "birth_year": 2015}
        ).status_code
        == 404
    )
    assert client.post(f"/tsi/{tsi.case.pk}/vardnadshavare/ny/", {"name": "X"}).status_code == 404
    assert Case.objects.count() == 1
    assert Guardian.objects.count() == 2


def test_a_team_member_adds_a_need_with_a_proposed_owner(client, world, tsi):
    verified_login(client, world.user("tsi_participant"))

    response = client.post(
        f"/tsi/{tsi.case.pk}/behov/nytt/",
        {"domain": "school", "description": "Läxhjälp", "owner": world.a1.pk},
    )

    assert response.status_code == 302
    need = Need.objects.get()
    assert (need.status, need.owner_id, need.description) == ("proposed", world.a1.pk, "Läxhjälp")


def test_a_need_cannot_go_to_an_organisation_that_cannot_act(client, world, tsi):
    """A2 takes part in the programme but the consent does not cover it."""
    verified_login(client, world.user("tsi_participant"))

    response = client.post(
        f"/tsi/{tsi.case.pk}/behov/nytt/",
        {"domain": "school", "description": "Läxhjälp", "owner": world.a2.pk},
    )

    assert response.status_code == 200
    assert "omfattas inte av samtycke" in response.content.decode()
    assert not Need.objects.exists()


def test_outside_the_scope_no_need_can_be_added(client, world, tsi):
    verified_login(client, world.user("tsi_participant", "other_org"))

    response = client.post(
        f"/tsi/{tsi.case.pk}/behov/nytt/", {"domain": "school", "description": "x"}
    )

    assert response.status_code == 404
    assert not Need.objects.exists()

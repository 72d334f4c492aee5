"""Questions never strand: after a bounce the next owner (or a shared responsibility) is
proposed on the page, with the history beside it; twice bounced, the question reaches
the leadership group without the child, is decided there, and the decision shows on the
need and in the register of boundaries."""

from __future__ import annotations

import io

from django.core.management import call_command
from django.utils import timezone

from samordna.cases import boundaries, services, work
from samordna.cases.models import Escalation, Need
from samordna.cases.responsibility import need_accept, need_propose
from tests.cases.factories import build_needs, give_consent, verified_login


def _cover_a2(world, tsi) -> None:
    for guardian in tsi.guardians:
        give_consent(world.user("tsi_coordinator"), tsi.case, guardian, [world.a2])


def test_after_a_bounce_the_coordinator_proposes_a_shared_responsibility(client, world, tsi):
    _cover_a2(world, tsi)
    needs = build_needs(world, tsi)
    verified_login(client, world.user("tsi_coordinator"))
    url = f"/tsi/{tsi.case.pk}/behov/{needs['bounced'].pk}/foresla/"

    form = client.get(url).content.decode()
    response = client.post(url, {"owner": world.a2.pk, "co_owners": [world.a1.pk]})

    assert "Var glappen finns" in form
    assert response.status_code == 302
    need = Need.objects.get(pk=needs["bounced"].pk)
    assert (need.status, need.owner_id) == ("proposed", world.a2.pk)
    assert list(need.co_owners.values_list("pk", flat=True)) == [world.a1.pk]


def test_the_bouncing_organisation_sees_the_reason_and_proposes_the_next_owner(client, world, tsi):
    _cover_a2(world, tsi)
    needs = build_needs(world, tsi)
    verified_login(client, world.user("tsi_participant"))

    page = client.get(f"/tsi/{tsi.case.pk}/").content.decode()
    refused = client.post(
        f"/tsi/{tsi.case.pk}/behov/{needs['bounced'].pk}/foresla/", {"owner": world.b1.pk}
    )
    proposed = client.post(
        f"/tsi/{tsi.case.pk}/behov/{needs['bounced'].pk}/foresla/", {"owner": world.a2.pk}
    )

    assert "Lämnat tillbaka · Alfa bostäder: ”Inte vårt”" in page
    assert "Föreslå ny ägare eller delat ansvar" in page
    assert refused.status_code == 200  # another municipality's organisation: not a choice
    assert proposed.status_code == 302
    assert Need.objects.get(pk=needs["bounced"].pk).owner_id == world.a2.pk


def test_another_organisation_cannot_propose_for_the_need(client, world, tsi):
    _cover_a2(world, tsi)
    needs = build_needs(world, tsi)
    verified_login(client, world.user("tsi_participant", "other_org"))

    response = client.post(
        f"/tsi/{tsi.case.pk}/behov/{needs['bounced'].pk}/foresla/", {"owner": world.a2.pk}
    )

    assert response.status_code == 404
    assert Need.objects.get(pk=needs["bounced"].pk).status == "open"


def test_twice_bounced_reaches_the_leadership_group_and_is_decided_there(client, world, tsi):
    needs = build_needs(world, tsi)
    escalation = Escalation.objects.get()
    verified_login(client, world.user("leadership"))

    page = client.get("/tsi/ledningsgrupp/").content.decode()
    missing = client.post(
        f"/tsi/ledningsgrupp/fragor/{escalation.pk}/", {"outcome": "rule", "owner": world.a1.pk}
    )
    decided = client.post(
        f"/tsi/ledningsgrupp/fragor/{escalation.pk}/",
        {"outcome": "rule", "owner": world.a1.pk, "rule": "Föräldrastöd: socialtjänsten."},
    )

    assert "Familj: Alfa bostäder" in page
    assert "Lämnats tillbaka två gånger" in page
    for secret in (tsi.case.pseudonym, "Föräldrastöd", "Fortfarande inte vårt"):
        assert secret not in page
    assert "Skriv regeln" in missing.content.decode()
    assert decided.status_code == 302
    need = Need.objects.get(pk=needs["escalated"].pk)
    assert (need.status, need.owner_id) == ("accepted", world.a1.pk)
    register = client.get("/tsi/var-glappen-finns/").content.decode()
    assert "Föräldrastöd: socialtjänsten." in register
    assert "Stående regel för gränsen" in register
    participant = client.__class__()
    verified_login(participant, world.user("tsi_participant"))
    case_page = participant.get(f"/tsi/{tsi.case.pk}/").content.decode()
    assert "Beslut i ledningsgruppen · Alfa bostäder" in case_page


def test_a_need_left_without_owner_is_escalated_by_days_too(world, tsi):
    tsi.programme.escalation_days = 3
    tsi.programme.save()
    needs = build_needs(world, tsi)
    Need.objects.filter(pk=needs["bounced"].pk).update(
        created_at=timezone.now() - timezone.timedelta(days=4)
    )

    call_command("escalate_needs", stdout=io.StringIO())

    escalation = Escalation.objects.get(need=needs["bounced"])
    assert escalation.cause == "days"
    assert list(escalation.boundary.values_list("pk", flat=True)) == [world.a1.pk]


def test_a_participant_reads_the_register_but_cannot_decide(client, world, tsi):
    build_needs(world, tsi)
    verified_login(client, world.user("tsi_participant"))

    assert client.get("/tsi/var-glappen-finns/").status_code == 200
    assert client.get("/tsi/ledningsgrupp/").status_code == 404
    escalation = Escalation.objects.get()
    assert (
        client.post(
            f"/tsi/ledningsgrupp/fragor/{escalation.pk}/", {"outcome": "owner", "owner": 1}
        ).status_code
        == 404
    )
    assert Escalation.objects.get().decided_at is None


def test_a_question_the_team_settles_meanwhile_leaves_the_leadership_page(client, world, tsi):
    needs = build_needs(world, tsi)
    escalated = Need.objects.get(pk=needs["escalated"].pk)
    need_propose(actor=None, need=escalated, owner=world.a1)
    need_accept(actor=None, need=escalated, organisation=world.a1)
    verified_login(client, world.user("leadership"))

    page = client.get("/tsi/ledningsgrupp/").content.decode()

    assert "Inga frågor väntar på beslut." in page


def test_the_leadership_meeting_keeps_its_snapshot_and_lists_the_decisions(client, world, tsi):
    services.programme_member_add(
        actor=None,
        programme=tsi.programme,
        user=world.user("leadership"),
        organisation=world.a1,
        part="leadership",
    )
    build_needs(world, tsi)
    meeting = work.meeting_create(
        actor=None, programme=tsi.programme, kind="leadership", held_on=timezone.localdate()
    )
    boundaries.escalation_decide(
        actor=world.user("leadership"),
        escalation=Escalation.objects.get(),
        outcome="rule",
        owner=world.a1,
        rule="Familjefrågor: socialtjänsten.",
    )
    verified_login(client, world.user("leadership"))

    page = client.get(f"/tsi/moten/{meeting.pk}/").content.decode()

    assert meeting.snapshot["escalated"] == "för få för att visa"
    assert "frystes när mötet skapades" in page
    assert "Familjefrågor: socialtjänsten." in page
    assert tsi.case.pseudonym not in page

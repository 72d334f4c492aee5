"""Nothing falls between chairs: owners accept or bounce; overdue or twice-bounced
needs are escalated; the leadership group sees aggregates only, never a count under 5."""

from __future__ import annotations

import io
import re
from datetime import timedelta

import pytest
from django.core.management import call_command
from django.utils import timezone

from samordna.cases import selectors, services
from samordna.cases.models import Need
from samordna.cases.responsibility import need_accept, need_add, need_bounce, need_propose
from tests.cases.factories import verified_login


def test_the_owner_accepts_or_bounces_through_the_case_page(client, world, tsi):
    need = need_add(
        actor=None, case=tsi.case, domain="leisure", description="Fritid", owner=world.a1
    )
    verified_login(client, world.user("tsi_participant"))
    url = f"/tsi/{tsi.case.pk}/behov/{need.pk}/svar/"

    missing = client.post(url, {"answer": "bounce", "reason": ""})
    assert "Ange varför" in missing.content.decode()
    assert client.post(url, {"answer": "bounce", "reason": "Inte vårt"}).status_code == 302

    need.refresh_from_db()
    assert (need.status, need.bounces, need.owner_id) == ("open", 1, None)
    # No longer theirs to answer.
    assert client.get(url).status_code == 404


def test_another_organisation_cannot_answer_for_the_owner(client, world, tsi):
    need = need_add(actor=None, case=tsi.case, domain="school", description="Skola", owner=world.a1)
    verified_login(client, world.user("tsi_participant", "other_org"))

    assert (
        client.post(f"/tsi/{tsi.case.pk}/behov/{need.pk}/svar/", {"answer": "accept"}).status_code
        == 404
    )
    need.refresh_from_db()
    assert need.status == "proposed"


def test_two_bounces_escalate_at_once(world, tsi):
    participant = world.user("tsi_participant")
    need = need_add(actor=None, case=tsi.case, domain="family", description="x", owner=world.a1)
    need_bounce(actor=participant, need=need, organisation=world.a1, reason="Inte vårt")
    assert need.escalated_at is None
    need_propose(actor=None, need=need, owner=world.a1)
    need_bounce(actor=participant, need=need, organisation=world.a1, reason="Fortfarande inte")

    assert need.escalated_at is not None


def test_a_need_without_an_owner_after_the_set_days_is_escalated(world, tsi):
    tsi.programme.escalation_days = 7
    tsi.programme.save()
    old = need_add(actor=None, case=tsi.case, domain="peers", description="x")
    Need.objects.filter(pk=old.pk).update(created_at=timezone.now() - timedelta(days=8))
    fresh = need_add(actor=None, case=tsi.case, domain="peers", description="y")
    accepted = need_add(actor=None, case=tsi.case, domain="peers", description="z", owner=world.a1)
    need_accept(actor=None, need=accepted, organisation=world.a1)
    Need.objects.filter(pk=accepted.pk).update(created_at=timezone.now() - timedelta(days=30))

    call_command("escalate_needs", stdout=io.StringIO())

    escalated = set(Need.objects.filter(escalated_at__isnull=False).values_list("pk", flat=True))
    assert escalated == {old.pk}
    assert fresh.pk not in escalated


def _numbers(aggregates) -> list:
    values = [aggregates[k] for k in ("open_cases", "open_gaps", "escalated", "bounces")]
    values += [n for _, n in aggregates["needs_by_domain"]]
    return values


@pytest.mark.parametrize("cases", [0, 1, 4, 5, 7])
def test_the_leadership_view_never_shows_a_count_under_five(client, world, tsi, cases):
    for _ in range(cases):
        case = services.case_open(actor=None, programme=tsi.programme, name="Fiktiv")
        services.other_basis_record(
            actor=world.user("tsi_coordinator"),
            case=case,
            organisation=world.a1,
            basis="osl_10_15a",
            note="Sekretessbrytande",
            valid_from=timezone.localdate(),
        )
        need = need_add(actor=None, case=case, domain="school", description="x", owner=world.a1)
        need_accept(actor=None, need=need, organisation=world.a1)
    verified_login(client, world.user("leadership"))

    aggregates = selectors.leadership_aggregates(programme=tsi.programme)
    page = client.get("/tsi/ledningsgrupp/").content.decode()

    for value in _numbers(aggregates):
        assert value == selectors.SUPPRESSED or value >= 5
    numbers_on_page = [int(n) for n in re.findall(r"<(?:dd|td)>(\d+)</(?:dd|td)>", page)]
    assert all(n >= 5 for n in numbers_on_page)
    assert tsi.case.pseudonym not in page
    school = dict(aggregates["needs_by_domain"])["Skola"]
    assert school == (cases if cases >= 5 else "för få för att visa")
    if cases < 5:
        assert aggregates["median_days_to_owner"] == "för få för att visa"
        assert "Mediantid till ägare (dagar)</dt><dd>för få för att visa" in page


def test_leadership_sees_no_case(client, world, tsi):
    verified_login(client, world.user("leadership"))

    assert client.get(f"/tsi/{tsi.case.pk}/").status_code == 404
    assert client.get("/tsi/").status_code == 404

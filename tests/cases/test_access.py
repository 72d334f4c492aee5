"""The access rule, through web and API: consent of every required guardian, the team,
the TSI role and the second factor — or the case does not exist (404), and every read
leaves exactly one CaseAccess row."""

from __future__ import annotations

import random
from datetime import timedelta

import pytest
from django.db import IntegrityError, connection, transaction
from django.utils import timezone

from samordna.cases import services
from samordna.cases.models import Case, CaseAccess, Consent
from tests.cases.factories import (
    CHILD_NAME,
    GUARDIAN_NAMES,
    PERSONAL_NUMBER,
    build_tsi,
    give_consent,
    verified_login,
)


def _detail(client, case):
    return client.get(f"/tsi/{case.pk}/")


def _api(client, case):
    return client.get(f"/api/v1/cases/{case.pk}/")


def test_a_covered_team_member_reads_the_case_and_one_access_row_is_written(client, world, tsi):
    participant = world.user("tsi_participant")
    verified_login(client, participant)

    response = _detail(client, tsi.case)

    assert response.status_code == 200
    assert tsi.case.pseudonym in response.content.decode()
    assert CHILD_NAME not in response.content.decode()
    rows = CaseAccess.objects.filter(case=tsi.case)
    assert [(r.user_id, r.what, r.granted, r.ground) for r in rows] == [
        (participant.pk, "detail", True, "consent")
    ]
    assert _api(client, tsi.case).status_code == 200
    assert CaseAccess.objects.filter(case=tsi.case, what="api").count() == 1


@pytest.mark.parametrize("read", [_detail, _api])
def test_invisible_without_consent(client, world, read):
    tsi = build_tsi(world, consent_from=0)
    verified_login(client, world.user("tsi_participant"))

    assert read(client, tsi.case).status_code == 404
    assert tsi.case.pseudonym not in client.get("/tsi/").content.decode()
    assert client.get("/api/v1/cases/").json()["results"] == []


@pytest.mark.parametrize("read", [_detail, _api])
def test_one_of_two_joint_custody_guardians_is_not_enough(client, world, read):
    tsi = build_tsi(world, consent_from=1)
    verified_login(client, world.user("tsi_participant"))

    assert read(client, tsi.case).status_code == 404
    give_consent(world.user("tsi_coordinator"), tsi.case, tsi.guardians[1], [world.a1])
    assert read(client, tsi.case).status_code == 200


@pytest.mark.parametrize("read", [_detail, _api])
def test_revocation_removes_access_at_once(client, world, tsi, read):
    verified_login(client, world.user("tsi_participant"))
    assert read(client, tsi.case).status_code == 200

    services.consent_revoke(actor=world.user("tsi_coordinator"), consent=tsi.consents[0])

    assert read(client, tsi.case).status_code == 404
    assert tsi.case.pseudonym not in client.get("/tsi/").content.decode()


def test_revocation_through_the_page_takes_effect_for_the_next_request(client, world, tsi):
    participant_client = client.__class__()
    verified_login(participant_client, world.user("tsi_participant"))
    assert _detail(participant_client, tsi.case).status_code == 200
    verified_login(client, world.user("tsi_coordinator"))

    url = f"/tsi/{tsi.case.pk}/samtycke/{tsi.consents[1].pk}/aterkalla/"
    asked = client.get(url)
    unconfirmed = client.post(url, {})

    assert GUARDIAN_NAMES[1] in asked.content.decode()  # the guardian by name
    assert "Det går inte att ångra" in asked.content.decode()
    assert unconfirmed.status_code == 200
    assert _detail(participant_client, tsi.case).status_code == 200
    assert client.post(url, {"confirm": "on"}).status_code == 302
    assert _detail(participant_client, tsi.case).status_code == 404


@pytest.mark.parametrize("read", [_detail, _api])
def test_expired_consent_gives_no_access(client, world, read):
    tsi = build_tsi(world)
    Consent.objects.filter(pk=tsi.consents[0].pk).update(
        valid_to=timezone.localdate() - timedelta(days=1)
    )
    verified_login(client, world.user("tsi_participant"))

    assert read(client, tsi.case).status_code == 404


@pytest.mark.parametrize("read", [_detail, _api])
def test_an_organisation_outside_the_scope_gets_404_even_on_the_team(client, world, tsi, read):
    outsider = world.user("tsi_participant", "other_org")  # on the team for A2
    verified_login(client, outsider)

    assert read(client, tsi.case).status_code == 404
    denied = CaseAccess.objects.get(user=outsider)
    assert (denied.granted, denied.case_id) == (False, tsi.case.pk)


@pytest.mark.parametrize("read", [_detail, _api])
def test_another_legal_basis_opens_the_case_for_that_organisation(client, world, tsi, read):
    services.other_basis_record(
        actor=world.user("tsi_coordinator"),
        case=tsi.case,
        organisation=world.a2,
        basis="osl_10_15a",
        note="Sekretessbrytande",
        valid_from=timezone.localdate(),
    )
    verified_login(client, world.user("tsi_participant", "other_org"))

    assert read(client, tsi.case).status_code == 200
    assert CaseAccess.objects.get(granted=True).ground == "basis:osl_10_15a"


@pytest.mark.parametrize(
    ("role", "relation"),
    [
        ("coordinator", "own_org"),
        ("admin", "own_org"),
        ("analyst", "own_org"),
        ("leadership", "own_org"),
        ("tsi_participant", "other_municipality"),
    ],
)
def test_nobody_else_ever_sees_the_case(client, world, tsi, role, relation):
    verified_login(client, world.user(role, relation))

    for path in (f"/tsi/{tsi.case.pk}/", f"/api/v1/cases/{tsi.case.pk}/"):
        assert client.get(path).status_code == 404
    assert tsi.case.pseudonym not in client.get("/api/v1/cases/").content.decode()


def test_without_the_second_factor_the_module_does_not_exist(client, world, tsi):
    client.force_login(world.user("tsi_participant"))

    # The whole API refuses a TSI role without its second factor (as for any role that
    # requires one), before any case is looked up: the same answer for every path.
    assert client.get(f"/api/v1/cases/{tsi.case.pk}/").status_code == 403
    assert client.get("/api/v1/cases/999999/").status_code == 403
    # The web sends a TSI role to its second factor before anything else.
    assert client.get(f"/tsi/{tsi.case.pk}/")["Location"].startswith("/konto/tvastegs/")


def test_identity_needs_a_reason_and_is_logged_with_it(client, world, tsi):
    verified_login(client, world.user("tsi_participant"))

    form = client.get(f"/tsi/{tsi.case.pk}/identitet/")
    assert CHILD_NAME not in form.content.decode()
    missing = client.post(f"/tsi/{tsi.case.pk}/identitet/", {"why": ""})
    assert CHILD_NAME not in missing.content.decode()
    # Each request is one row, also the form and the refused reason (nothing shown).
    assert list(CaseAccess.objects.values_list("why", flat=True)) == ["", ""]

    shown = client.post(f"/tsi/{tsi.case.pk}/identitet/", {"why": "Ärendemöte v. 47"})

    assert CHILD_NAME in shown.content.decode()
    assert PERSONAL_NUMBER in shown.content.decode()
    row = CaseAccess.objects.order_by("-pk").first()
    assert (row.what, row.why, row.granted) == ("identity", "Ärendemöte v. 47", True)
    assert CaseAccess.objects.count() == 3


def test_identity_needs_consent_to_the_kind_identity(client, world):
    tsi = build_tsi(world, consent_from=0)
    for guardian in tsi.guardians:
        give_consent(world.user("tsi_coordinator"), tsi.case, guardian, [world.a1], kinds=["case"])
    verified_login(client, world.user("tsi_participant"))

    assert _detail(client, tsi.case).status_code == 200
    response = client.post(f"/tsi/{tsi.case.pk}/identitet/", {"why": "Ärendemöte"})
    assert response.status_code == 404
    assert CHILD_NAME not in response.content.decode()


def test_the_coordinator_sees_the_case_and_the_access_log(client, world, tsi):
    verified_login(client, world.user("tsi_participant"))
    _detail(client, tsi.case)
    coordinator_client = client.__class__()
    verified_login(coordinator_client, world.user("tsi_coordinator"))

    page = coordinator_client.get(f"/tsi/{tsi.case.pk}/")
    log = coordinator_client.get(f"/tsi/{tsi.case.pk}/atkomst/")

    assert page.status_code == 200
    assert "Registrera samtycke" in page.content.decode()
    assert "tsi_participant-own_org" in log.content.decode()
    outside = coordinator_client.get("/tsi/atkomst-utanfor-samtycke/").content.decode()
    assert "tsi_coordinator-own_org" in outside  # the coordinator's reads rest on no consent
    assert "tsi_participant-own_org" not in outside
    # The participant may not read the log: it does not exist for them.
    assert client.get(f"/tsi/{tsi.case.pk}/atkomst/").status_code == 404


def test_access_rows_equal_reads_over_random_reads(client, world, tsi):
    # A hundred reads: every route and actor is walked by test_gate.py; this keeps the
    # interleaving of users, cases and consent across many requests.
    second = services.case_open(actor=None, programme=tsi.programme, name="Annan Fiktiv")
    readers = [
        world.user("tsi_participant"),
        world.user("tsi_participant", "other_org"),
        world.user("tsi_coordinator"),
        world.user("coordinator"),
    ]
    clients = {}
    for user in readers:
        clients[user.pk] = client.__class__()
        verified_login(clients[user.pk], user)
    rng = random.Random(6)
    expected = {True: 0, False: 0}
    for _ in range(100):
        user = rng.choice(readers)
        case = rng.choice([tsi.case, second])
        status = clients[user.pk].get(f"/tsi/{case.pk}/").status_code
        assert status in (200, 404)
        expected[status == 200] += 1

    assert CaseAccess.objects.filter(granted=True).count() == expected[True]
    assert CaseAccess.objects.filter(granted=False).count() == expected[False]


def test_the_raw_columns_hold_no_plaintext(world, tsi):
    with connection.cursor() as cursor:
        cursor.execute("SELECT name, personal_number FROM cases_case WHERE id = %s", [tsi.case.pk])
        name, number = cursor.fetchone()
        cursor.execute("SELECT name, contact FROM cases_guardian")
        guardians = cursor.fetchall()
    assert name.startswith("fernet:")
    assert CHILD_NAME not in name
    assert PERSONAL_NUMBER not in number
    for stored in guardians:
        assert all(value.startswith("fernet:") for value in stored)
        assert not any(g in " ".join(stored) for g in GUARDIAN_NAMES)
    assert Case.objects.get(pk=tsi.case.pk).name == CHILD_NAME


def test_access_rows_cannot_be_changed_or_deleted(client, world, tsi):
    verified_login(client, world.user("tsi_participant"))
    _detail(client, tsi.case)
    row = CaseAccess.objects.get()

    with pytest.raises(PermissionError):
        row.save()
    with pytest.raises(PermissionError):
        row.delete()
    for statement in ("UPDATE cases_caseaccess SET why = 'x'", "DELETE FROM cases_caseaccess"):
        with pytest.raises(IntegrityError), transaction.atomic(), connection.cursor() as cursor:
            cursor.execute(statement)
    assert CaseAccess.objects.count() == 1

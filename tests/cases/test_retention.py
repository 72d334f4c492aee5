"""Closing sets an erasure date; erase_due_cases removes identifying data and free text
(in every table, decrypted or not), keeps anonymous statistics, stops at a legal hold;
the data-subject export holds everything and is logged."""

from __future__ import annotations

import io
import json
from datetime import timedelta

from django.apps import apps
from django.core.management import call_command
from django.db import connection
from django.utils import timezone

from samordna.cases import services
from samordna.cases.models import Case, CaseAccess, Need
from samordna.cases.responsibility import need_add
from samordna.core.models import AuditEvent
from tests.cases.factories import (
    CHILD_NAME,
    GUARDIAN_CONTACT,
    GUARDIAN_NAMES,
    PERSONAL_NUMBER,
    SECRET_NOTE,
    verified_login,
)

IDENTIFYING = [
    CHILD_NAME,
    PERSONAL_NUMBER,
    *GUARDIAN_NAMES,
    GUARDIAN_CONTACT,
    SECRET_NOTE,
    "Alfaskolan",
    "Barnet vill ha hjälp",
]


def _everything_as_text() -> str:
    """Every row of every table: raw from the database and decrypted through the ORM."""
    chunks = []
    with connection.cursor() as cursor:
        for table in connection.introspection.table_names(cursor):
            cursor.execute(f"SELECT * FROM {connection.ops.quote_name(table)}")  # noqa: S608
            chunks.append(repr(cursor.fetchall()))
    for model in apps.get_models():
        chunks.append(repr(list(model._default_manager.values_list())))
    return "\n".join(chunks)


def _close_and_expire(case: Case) -> Case:
    case = services.case_close(actor=None, case=case)
    Case.objects.filter(pk=case.pk).update(erase_after=timezone.localdate() - timedelta(days=1))
    return Case.objects.get(pk=case.pk)


def _with_free_text(world, tsi) -> None:
    need = need_add(
        actor=None, case=tsi.case, domain="school", description=SECRET_NOTE, owner=world.a1
    )
    from samordna.cases.responsibility import need_bounce

    need_bounce(
        actor=world.user("tsi_participant"), need=need, organisation=world.a1, reason=SECRET_NOTE
    )
    services.disclosure_record(
        actor=world.user("tsi_participant"),
        case=tsi.case,
        from_organisation=world.a1,
        to_organisation=world.a2,
        what=SECRET_NOTE,
        basis="consent",
    )


def test_closing_sets_the_erasure_date_from_the_programme(world, tsi):
    tsi.programme.retention_days = 30
    tsi.programme.save()

    case = services.case_close(actor=None, case=tsi.case)

    assert case.erase_after == timezone.localdate(case.closed_at) + timedelta(days=30)


def test_erasure_leaves_no_identifying_data_in_any_table(client, world, tsi):
    _with_free_text(world, tsi)
    verified_login(client, world.user("tsi_participant"))
    assert client.get(f"/tsi/{tsi.case.pk}/").status_code == 200
    before = _everything_as_text()
    assert all(value in before for value in IDENTIFYING)  # the scan does see decrypted data
    _close_and_expire(tsi.case)

    call_command("erase_due_cases", stdout=io.StringIO())

    after = _everything_as_text()
    for value in IDENTIFYING:
        assert value not in after, value
    case = Case.objects.get(pk=tsi.case.pk)
    # The anonymous statistics stay: programme, age band, area, needs by domain.
    assert (case.status, case.age_band, case.area_id) == ("erased", "10–12", world.area_a.pk)
    assert Need.objects.filter(case=case, domain="school", bounces=1).exists()
    assert AuditEvent.objects.filter(action="tsi.case.erase").count() == 1
    # The access log stays (five years), and the erased case is gone for its old team.
    assert CaseAccess.objects.filter(case=case, granted=True).count() == 1
    assert client.get(f"/tsi/{tsi.case.pk}/").status_code == 404


def test_a_legal_hold_stops_erasure(world, tsi):
    case = _close_and_expire(tsi.case)
    services.case_set_legal_hold(actor=None, case=case, hold=True, reason="Begäran från domstol")

    call_command("erase_due_cases", stdout=io.StringIO())

    case.refresh_from_db()
    assert (case.status, case.name) == ("closed", CHILD_NAME)
    services.case_set_legal_hold(actor=None, case=case, hold=False)
    call_command("erase_due_cases", stdout=io.StringIO())
    case.refresh_from_db()
    assert (case.status, case.name) == ("erased", "")


def test_a_case_not_yet_due_is_kept(world, tsi):
    services.case_close(actor=None, case=tsi.case)

    call_command("erase_due_cases", stdout=io.StringIO())

    assert Case.objects.get(pk=tsi.case.pk).name == CHILD_NAME


def test_the_data_subject_export_holds_everything_and_is_logged(client, world, tsi):
    _with_free_text(world, tsi)
    coordinator = world.user("tsi_coordinator")
    verified_login(client, coordinator)

    response = client.post(f"/tsi/{tsi.case.pk}/registerutdrag/", {"why": "Begäran 2026-11"})

    assert response.status_code == 200
    data = json.loads(response.content)
    assert (data["name"], data["personal_number"]) == (CHILD_NAME, PERSONAL_NUMBER)
    assert sorted(g["name"] for g in data["guardians"]) == sorted(GUARDIAN_NAMES)
    assert len(data["consents"]) == 2
    assert data["consents"][0]["child_view"]
    assert data["disclosures"][0]["what"] == SECRET_NOTE
    assert data["needs"][0]["description"] == SECRET_NOTE
    row = CaseAccess.objects.get(what="export")
    assert (row.user_id, row.why, row.granted) == (coordinator.pk, "Begäran 2026-11", True)


def test_the_export_is_the_coordinator_s_alone(client, world, tsi):
    verified_login(client, world.user("tsi_participant"))

    response = client.post(f"/tsi/{tsi.case.pk}/registerutdrag/", {"why": "Nyfiken"})

    assert response.status_code == 404
    assert CHILD_NAME not in response.content.decode()


def test_rotating_keys_keeps_the_data_readable(world, tsi, settings):
    from cryptography.fernet import Fernet

    from samordna.cases import crypto

    old = crypto.development_key().decode()
    new = Fernet.generate_key().decode()
    settings.SAMORDNA_CASES_KEYS = [new, old]
    call_command("rotate_case_keys", stdout=io.StringIO())
    settings.SAMORDNA_CASES_KEYS = [new]

    assert Case.objects.get(pk=tsi.case.pk).name == CHILD_NAME
    with connection.cursor() as cursor:
        cursor.execute("SELECT name FROM cases_guardian ORDER BY id")
        stored = cursor.fetchone()[0]
    assert Fernet(new.encode()).decrypt(stored.removeprefix("fernet:").encode()).decode() in (
        GUARDIAN_NAMES
    )

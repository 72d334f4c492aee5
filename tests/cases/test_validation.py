"""Input that must be refused is refused, in Swedish, and changes nothing; guardians go
by name; consent kinds and grounds are words, not codes."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from samordna.cases import services
from samordna.cases.models import Case, Consent
from samordna.core import services as core_services
from samordna.core.models import AuditEvent
from tests.cases.factories import GUARDIAN_NAMES, verified_login


def _consent_post(client, tsi, world, **dates):
    today = timezone.localdate()
    data = {
        "guardian": tsi.guardians[0].pk,
        "organisations": [world.a1.pk],
        "kinds": ["case"],
        "purpose": "Samordnat stöd",
        "valid_from": dates.get("valid_from", today).isoformat(),
        "valid_to": dates.get("valid_to", today + timedelta(days=90)).isoformat(),
    }
    return client.post(f"/tsi/{tsi.case.pk}/samtycke/nytt/", data)


@pytest.mark.parametrize(
    ("valid_from", "valid_to", "message"),
    [
        ("2020-01-01", "2020-12-31", "Samtycket har redan gått ut"),
        (None, "9999-12-31", "högst två år"),
    ],
)
def test_a_consent_already_ended_or_absurdly_long_is_refused(
    client, world, tsi, valid_from, valid_to, message
):
    verified_login(client, world.user("tsi_coordinator"))
    consents, events = Consent.objects.count(), AuditEvent.objects.count()
    dates = {"valid_to": timezone.datetime.fromisoformat(valid_to).date()}
    if valid_from:
        dates["valid_from"] = timezone.datetime.fromisoformat(valid_from).date()

    response = _consent_post(client, tsi, world, **dates)

    assert response.status_code == 200
    assert message in response.content.decode()
    assert (Consent.objects.count(), AuditEvent.objects.count()) == (consents, events)


def test_the_consent_form_names_guardians_and_kinds_in_swedish(client, world, tsi):
    verified_login(client, world.user("tsi_coordinator"))

    form = client.get(f"/tsi/{tsi.case.pk}/samtycke/nytt/").content.decode()
    page = client.get(f"/tsi/{tsi.case.pk}/").content.decode()

    assert all(name in form for name in GUARDIAN_NAMES)
    assert "Vårdnadshavare 1" not in form
    assert "Identitet: namn och personnummer" in page  # a kind in words
    assert "case, identity" not in page
    log = client.get(f"/tsi/{tsi.case.pk}/atkomst/").content.decode()
    assert "Samordnare (roll)" in log  # an access ground in words


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("birth_year", 1990, "Födelseåret ska ligga mellan"),
        ("birth_year", 2100, "Födelseåret ska ligga mellan"),
        ("personal_number", "abc", "Skriv personnumret som"),
        ("personal_number", "20150312-9876", "kontrollsiffra"),
        ("personal_number", "20151332-1234", "giltigt datum"),
    ],
)
def test_opening_a_case_refuses_implausible_input(client, world, tsi, field, value, message):
    verified_login(client, world.user("tsi_coordinator"))
    data = {"name": "Fiktiv Ny", "birth_year": timezone.localdate().year - 11}
    data[field] = value

    response = client.post(f"/tsi/program/{tsi.programme.pk}/nytt/", data)

    assert response.status_code == 200
    assert message in response.content.decode()
    assert Case.objects.count() == 1


def test_a_case_whose_only_guardian_lacks_custody_is_shared_with_nobody(client, world, tsi):
    case = services.case_open(actor=None, programme=tsi.programme, name="Fiktiv Ensam")
    services.guardian_add(actor=None, case=case, name="Fiktiv Utan Vårdnad", has_custody=False)
    verified_login(client, world.user("tsi_coordinator"))

    page = client.get(f"/tsi/{case.pk}/").content.decode()

    assert "Giltigt samtycke finns" not in page
    assert "ärendet delas inte med någon" in page
    assert "saknar vårdnad, samtycker inte" in page


def test_tsi_is_explained_once_and_revoking_asks_first(client, world, tsi):
    verified_login(client, world.user("tsi_coordinator"))

    listing = client.get("/tsi/").content.decode()
    page = client.get(f"/tsi/{tsi.case.pk}/").content.decode()

    assert "tidiga och samordnade insatser" in listing
    revoke = f"/tsi/{tsi.case.pk}/samtycke/{tsi.consents[0].pk}/aterkalla/"
    assert f'href="{revoke}"' in page  # a link to the question, not a bare POST button
    assert client.post(revoke, {}).status_code == 200
    assert Consent.objects.get(pk=tsi.consents[0].pk).revoked_at is None


def test_a_need_cannot_go_to_an_organisation_without_tsi_members(client, world, tsi):
    housing = core_services.organisation_create(
        actor=None, municipality=world.a, name="Alfa hem (fiktivt)", slug="alfa-hem", kind="housing"
    )
    verified_login(client, world.user("tsi_participant"))

    response = client.post(
        f"/tsi/{tsi.case.pk}/behov/nytt/",
        {"domain": "area", "description": "Trygg väg hem", "owner": housing.pk},
    )

    assert "Alfa hem (fiktivt) deltar inte i programmet" in response.content.decode()
    assert not tsi.case.needs.exists()

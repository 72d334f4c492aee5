"""TOTP second factor, required per role by the municipality."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

from samordna.core import services
from samordna.core.models import AuditEvent
from tests.conftest import PASSWORD


def _code(device: TOTPDevice) -> str:
    return f"{totp(device.bin_key, step=device.step, t0=device.t0, digits=device.digits):06d}"


def _forget_failures(device: TOTPDevice) -> None:
    """Stand-in for waiting out django-otp's back-off after a wrong code."""
    device.refresh_from_db()
    device.throttle_reset()


def _require_for_admins(world) -> None:
    services.municipality_set_otp_roles(actor=None, municipality=world.a, roles=["admin"])


def _sign_in(client, user) -> None:
    response = client.post("/konto/logga-in/", {"username": user.username, "password": PASSWORD})
    assert response.status_code == 302


def test_a_role_without_the_requirement_goes_straight_in(client, world):
    _require_for_admins(world)
    _sign_in(client, world.user("coordinator"))

    assert client.get("/").status_code == 200


def test_a_required_role_must_enrol_before_anything_else(client, world):
    _require_for_admins(world)
    admin = world.user("admin")
    _sign_in(client, admin)

    for path in ("/", "/granskningslogg/", "/omraden/"):
        response = client.get(path)
        assert response.status_code == 302
        assert response["Location"] == "/konto/tvastegs/aktivera/"
    setup = client.get("/konto/tvastegs/aktivera/")
    assert 'src="data:image/svg+xml' in setup.content.decode()
    device = TOTPDevice.objects.get(user=admin)
    assert not device.confirmed

    wrong = client.post("/konto/tvastegs/aktivera/", {"token": "000000"})
    assert "Koden stämmer inte" in wrong.content.decode()
    again = client.post("/konto/tvastegs/aktivera/", {"token": _code(device)})
    assert "För många felaktiga koder" in again.content.decode()
    device.refresh_from_db()
    assert not device.confirmed
    _forget_failures(device)

    done = client.post("/konto/tvastegs/aktivera/", {"token": _code(device)})
    assert done.status_code == 302
    device.refresh_from_db()
    assert device.confirmed
    assert client.get("/granskningslogg/").status_code == 200
    assert AuditEvent.objects.filter(action="otp.enrol", target_id=str(admin.pk)).exists()


def test_an_enrolled_user_must_give_a_code_at_each_sign_in(client, world):
    _require_for_admins(world)
    admin = world.user("admin")
    device = TOTPDevice.objects.create(user=admin, name="Samordna", confirmed=True)
    _sign_in(client, admin)

    assert client.get("/")["Location"] == "/konto/tvastegs/"
    # A code that belongs to another time window is refused.
    stale = totp(device.bin_key, step=device.step, t0=device.t0, digits=6, drift=-10)
    assert client.post("/konto/tvastegs/", {"token": f"{stale:06d}"}).status_code == 200
    assert client.get("/").status_code == 302

    _forget_failures(device)
    assert client.post("/konto/tvastegs/", {"token": _code(device)}).status_code == 302
    assert client.get("/").status_code == 200


def test_the_api_refuses_a_required_role_without_the_second_factor(client, world):
    _require_for_admins(world)
    client.force_login(world.user("admin"))

    assert client.get("/api/v1/schema/").status_code == 403


def test_unknown_roles_cannot_be_required(world):
    with pytest.raises(ValidationError):
        services.municipality_set_otp_roles(actor=None, municipality=world.a, roles=["kung"])
    world.a.refresh_from_db()
    assert world.a.otp_required_roles == []

"""`samordna create_token USERNAME [--rotate]` and the service behind it."""

import logging
from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.test import Client
from rest_framework.authtoken.models import Token

from samordna.core import services
from samordna.core.models import AuditEvent


class _Lines(logging.Handler):
    def __init__(self):
        super().__init__()
        self.lines = []

    def emit(self, record):
        self.lines.append(record.getMessage())


@pytest.fixture
def audit_log_lines():
    # The suite runs with LOG_LEVEL=WARNING; the audit lines are INFO.
    handler = _Lines()
    logger = logging.getLogger("samordna.audit")
    level = logger.level
    logger.setLevel(logging.INFO)
    logger.addHandler(handler)
    yield handler.lines
    logger.removeHandler(handler)
    logger.setLevel(level)


def create_token(*args):
    out, err = StringIO(), StringIO()
    call_command("create_token", *args, stdout=out, stderr=err)
    return out.getvalue().strip(), err.getvalue()


def me(key):
    return Client(HTTP_AUTHORIZATION=f"Token {key}").get("/api/v1/me/")


def audit_text(event):
    return repr([getattr(event, f.name) for f in AuditEvent._meta.fields])


def test_a_new_token_is_printed_once_works_and_is_audited_without_the_key(world, audit_log_lines):
    user = world.user("analyst")

    key, advice = create_token(user.username)

    # The key alone on stdout, the advice on stderr.
    assert key == Token.objects.get(user=user).key
    assert len(key) == 40
    assert "bara den här gången" in advice
    assert me(key).json()["username"] == user.username
    event = AuditEvent.objects.get(action="api.token_create")
    assert (event.target_type, event.target_id) == ("core.user", str(user.pk))
    assert event.municipality == world.a
    assert key not in audit_text(event)
    assert audit_log_lines
    assert all(key not in line for line in audit_log_lines)


def test_without_rotate_an_existing_token_is_neither_shown_nor_replaced(world):
    user = world.user("analyst")
    key, _ = create_token(user.username)

    with pytest.raises(CommandError, match="har redan en API-nyckel") as refused:
        create_token(user.username)

    assert key not in str(refused.value)
    assert Token.objects.get(user=user).key == key
    assert AuditEvent.objects.filter(action__startswith="api.").count() == 1


def test_rotate_replaces_the_token_and_the_old_one_stops_working(world):
    user = world.user("analyst")
    old, _ = create_token(user.username)

    new, _ = create_token(user.username, "--rotate")

    assert new != old
    assert me(old).status_code == 401
    assert me(new).status_code == 200
    event = AuditEvent.objects.get(action="api.token_rotate")
    assert old not in audit_text(event)
    assert new not in audit_text(event)


def test_rotate_without_a_token_creates_one(world):
    key, _ = create_token(world.user("reporter").username, "--rotate")

    assert me(key).status_code == 200
    assert list(AuditEvent.objects.filter(action__startswith="api.").values_list("action")) == [
        ("api.token_create",)
    ]


def test_each_municipality_of_the_user_sees_the_token_in_its_log(world):
    # given a user with memberships in A and B
    user = world.user("analyst")
    services.membership_create(actor=None, user=user, organisation=world.b1, role="reporter")
    # when a token is made
    create_token(user.username)
    # then the admins of A and of B each find the event in their own log
    for relation, municipality in (("own_org", world.a), ("other_municipality", world.b)):
        admin = world.user("admin", relation)
        events = AuditEvent.objects.restrict(admin).filter(action="api.token_create")
        assert [e.municipality for e in events] == [municipality]


def test_an_unknown_user_is_refused_in_swedish(world):
    with pytest.raises(CommandError, match="Det finns ingen användare med namnet 'ingen'"):
        create_token("ingen")

    assert not Token.objects.exists()


def test_an_inactive_user_gets_no_token(world):
    user = world.user("reporter")
    services.user_deactivate(actor=None, user=user, municipality=world.a)

    with pytest.raises(CommandError, match="är inaktiv"):
        create_token(user.username)

    assert not Token.objects.filter(user=user).exists()
    assert not AuditEvent.objects.filter(action__startswith="api.").exists()


def test_a_token_is_refused_when_a_role_requires_the_second_factor(client, world):
    from rest_framework.authtoken.models import Token

    from samordna.core import services

    user = world.user("admin")
    token = Token.objects.create(user=user)
    headers = {"HTTP_AUTHORIZATION": f"Token {token.key}"}
    assert client.get("/api/v1/me/", **headers).status_code == 200

    services.municipality_set_otp_roles(actor=None, municipality=world.a, roles=["admin"])

    refused = client.get("/api/v1/me/", **headers)
    assert refused.status_code == 401
    assert "tvåstegsverifiering" in refused.json()["detail"]
    assert user.username not in refused.content.decode()


@pytest.mark.parametrize("role", ["tsi_participant", "tsi_coordinator", "leadership"])
def test_a_tsi_role_never_uses_a_token_whatever_the_municipality_chose(client, world, role):
    from rest_framework.authtoken.models import Token

    token = Token.objects.create(user=world.user(role))
    refused = client.get("/api/v1/me/", HTTP_AUTHORIZATION=f"Token {token.key}")
    assert refused.status_code == 401
    assert "tvåstegsverifiering" in refused.json()["detail"]
    assert world.a.otp_required_roles in ([], None), "the municipality required nothing"


@pytest.mark.parametrize("role", ["tsi_participant", "tsi_coordinator", "leadership"])
def test_create_token_refuses_a_role_the_api_would_always_refuse(world, role):
    user = world.user(role)

    with pytest.raises(CommandError, match="tvåstegsverifiering"):
        create_token(user.username)

    assert not Token.objects.filter(user=user).exists()
    assert not AuditEvent.objects.filter(action__startswith="api.").exists()

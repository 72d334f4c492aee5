"""Single sign-on against a fake OpenID Connect provider (HTTP mocked with `responses`)."""

from __future__ import annotations

from urllib.parse import parse_qs, urlparse

import jwt
import pytest
import responses
from django.contrib.auth import get_user_model

from samordna.core.models import AuditEvent

PROVIDER = "https://idp.example.invalid"
SECRET = "klient-hemlighet-for-test-som-ar-lang-nog-for-hs256"


@pytest.fixture
def sso(settings):
    settings.OIDC_ENABLED = True
    settings.AUTHENTICATION_BACKENDS = [
        *settings.AUTHENTICATION_BACKENDS,
        "samordna.core.oidc.SamordnaOIDCBackend",
    ]
    settings.OIDC_RP_CLIENT_ID = "samordna"
    settings.OIDC_RP_CLIENT_SECRET = SECRET
    settings.OIDC_RP_SIGN_ALGO = "HS256"
    settings.OIDC_OP_AUTHORIZATION_ENDPOINT = f"{PROVIDER}/authorize"
    settings.OIDC_OP_TOKEN_ENDPOINT = f"{PROVIDER}/token"
    settings.OIDC_OP_USER_ENDPOINT = f"{PROVIDER}/userinfo"
    settings.OIDC_OP_JWKS_ENDPOINT = f"{PROVIDER}/jwks"
    settings.OIDC_RP_SCOPES = "openid email"
    settings.OIDC_USE_PKCE = True
    return settings


def _sign_in_via_provider(client, claims: dict) -> object:
    start = client.get("/oidc/authenticate/")
    assert start.status_code == 302
    query = parse_qs(urlparse(start["Location"]).query)
    assert start["Location"].startswith(f"{PROVIDER}/authorize")
    id_token = jwt.encode(
        {"sub": "abc", "aud": "samordna", "iss": PROVIDER, "nonce": query["nonce"][0]},
        SECRET,
        algorithm="HS256",
    )
    with responses.RequestsMock() as provider:
        provider.post(f"{PROVIDER}/token", json={"id_token": id_token, "access_token": "at"})
        provider.get(f"{PROVIDER}/userinfo", json=claims)
        return client.get("/oidc/callback/", {"code": "kod", "state": query["state"][0]})


def test_a_known_address_signs_in(client, world, sso):
    user = world.user("coordinator")

    response = _sign_in_via_provider(client, {"email": user.email.upper(), "email_verified": True})

    assert response.status_code == 302
    assert response["Location"] == "/"
    assert client.session["_auth_user_id"] == str(user.pk)
    assert AuditEvent.objects.filter(action="auth.login", target_id=str(user.pk)).exists()


def test_an_unknown_address_is_refused_and_no_user_is_created(client, world, sso):
    users_before = get_user_model().objects.count()

    response = _sign_in_via_provider(client, {"email": "okand@example.invalid"})

    assert response["Location"] == "/konto/logga-in/?sso=misslyckades"
    assert "_auth_user_id" not in client.session
    assert get_user_model().objects.count() == users_before
    page = client.get(response["Location"])
    assert "gick inte igenom" in page.content.decode()


def test_an_unverified_address_is_refused(client, world, sso):
    user = world.user("coordinator")

    response = _sign_in_via_provider(client, {"email": user.email, "email_verified": False})

    assert response["Location"] == "/konto/logga-in/?sso=misslyckades"
    assert "_auth_user_id" not in client.session


def test_sso_does_not_exist_when_not_configured(client, db):
    assert client.get("/oidc/authenticate/").status_code == 404
    assert "kommunens inloggning" not in client.get("/konto/logga-in/").content.decode()

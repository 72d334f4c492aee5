"""Sign-in: Swedish pages, session rotation and expiry, deactivation, lockout, reset."""

from __future__ import annotations

import re

import pytest
from django.conf import settings
from django.contrib.sessions.models import Session
from django.core import mail
from django.utils import timezone

from samordna.core import services
from samordna.core.models import AuditEvent
from tests.conftest import PASSWORD

LOGIN = "/konto/logga-in/"


def _login(client, username: str, password: str = PASSWORD):
    return client.post(LOGIN, {"username": username, "password": password})


def test_login_page_is_swedish(client, db):
    response = client.get(LOGIN)

    assert response.status_code == 200
    html = response.content.decode()
    assert '<html lang="sv">' in html
    assert "Logga in i Samordna" in html
    assert "Glömt lösenordet?" in html


def test_sign_in_rotates_the_session_and_lands_on_the_role_start_page(client, world):
    client.get(LOGIN)
    key_before = client.session.session_key

    response = _login(client, "coordinator-own_org")

    assert response.status_code == 302
    assert response["Location"] == "/"
    assert client.session.session_key != key_before
    home = client.get("/")
    assert "Veckans lägesbild" in home.content.decode()
    assert (
        AuditEvent.objects.filter(action="auth.login", actor_label="coordinator-own_org").count()
        == 1
    )


def test_wrong_password_gets_a_swedish_error_and_no_session(client, world):
    response = _login(client, "coordinator-own_org", "fel-lösenord")

    assert response.status_code == 200
    assert "korrekt användarnamn och lösenord" in response.content.decode()
    assert "_auth_user_id" not in client.session


def test_repeated_failures_lock_the_account_for_a_while(client, world):
    for _ in range(settings.AXES_FAILURE_LIMIT):
        _login(client, "analyst-own_org", "fel-lösenord")

    response = _login(client, "analyst-own_org")  # the right password, too late

    assert response.status_code == 429
    assert "För många misslyckade inloggningar" in response.content.decode()
    assert "_auth_user_id" not in client.session


def test_sessions_expire_when_idle(client, world):
    assert settings.SESSION_SAVE_EVERY_REQUEST
    assert settings.SESSION_COOKIE_AGE == settings.SESSION_IDLE_MINUTES * 60
    client.force_login(world.user("analyst"))
    assert client.get("/").status_code == 200

    Session.objects.update(expire_date=timezone.now() - timezone.timedelta(seconds=1))

    response = client.get("/")
    assert response.status_code == 302
    assert response["Location"].startswith(LOGIN)


def test_a_deactivated_user_is_signed_out_at_once(client, world):
    user = world.user("partner")
    client.force_login(user)
    assert client.get("/").status_code == 200

    services.user_deactivate(actor=world.user("admin"), user=user, municipality=world.a)

    response = client.get("/")
    assert response.status_code == 302
    assert response["Location"].startswith(LOGIN)
    assert AuditEvent.objects.filter(action="user.deactivate", target_id=str(user.pk)).exists()


def test_password_reset_sends_one_swedish_mail_and_audits_the_change(client, world):
    user = world.user("reporter")

    response = client.post("/konto/losenord/aterstall/", {"email": user.email})

    assert response.status_code == 302
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.subject == "Återställ ditt lösenord i Samordna"
    link = re.search(r"http://testserver(/konto/losenord/aterstall/\S+/)", message.body)
    assert link is not None
    form_page = client.get(link.group(1), follow=True)
    new = "ett-helt-nytt-lösenord-2026"
    done = client.post(
        form_page.redirect_chain[-1][0], {"new_password1": new, "new_password2": new}
    )
    assert done.status_code == 302
    user.refresh_from_db()
    assert user.check_password(new)
    event = AuditEvent.objects.get(action="user.password_reset")
    assert event.target_id == str(user.pk)
    assert new not in str(event.changes)


def test_password_reset_for_an_unknown_address_reveals_nothing(client, world):
    response = client.post("/konto/losenord/aterstall/", {"email": "ingen@example.invalid"})

    assert response.status_code == 302  # the same answer as for a known address
    assert mail.outbox == []


@pytest.mark.parametrize("role", ["admin", "reporter"])
def test_switching_membership_works_only_for_ones_own(client, world, role):
    user = world.user(role)
    second = services.membership_create(
        actor=None, user=user, organisation=world.a2, role="analyst"
    )
    foreign = world.user("admin", "other_municipality").memberships.get()
    client.force_login(user)

    client.post("/byt-roll/", {"membership": foreign.pk})
    assert client.get("/").context["membership"].pk != foreign.pk

    client.post("/byt-roll/", {"membership": second.pk})
    assert client.get("/").context["membership"].pk == second.pk


def test_the_demo_password_is_shown_only_in_the_demo(client, db, settings):
    from samordna.core.demo.cast import DEMO_PASSWORD

    assert DEMO_PASSWORD not in client.get(LOGIN).content.decode()

    settings.SAMORDNA_DEMO_BANNER = True
    html = client.get(LOGIN).content.decode()
    assert DEMO_PASSWORD in html
    assert "Demo: Örebro med syntetiska data" in html


def test_sign_in_appears_in_the_log_of_every_municipality_the_user_works_in(client, world):
    user = world.user("analyst")
    services.membership_create(actor=None, user=user, organisation=world.b1, role="reporter")

    _login(client, user.username)

    logged = set(
        AuditEvent.objects.filter(action="auth.login", target_id=str(user.pk)).values_list(
            "municipality__slug", flat=True
        )
    )
    assert logged == {"alfa", "beta"}


def test_changing_ones_password_keeps_the_session_and_is_audited(client, world):
    user = world.user("partner")
    _login(client, user.username)
    new = "ett-annat-långt-lösenord-77"

    response = client.post(
        "/konto/losenord/",
        {"old_password": PASSWORD, "new_password1": new, "new_password2": new},
    )

    assert response.status_code == 302
    assert client.get("/konto/").status_code == 200  # still signed in
    user.refresh_from_db()
    assert user.check_password(new)
    assert AuditEvent.objects.filter(action="user.password_change", target_id=str(user.pk)).exists()


def test_a_wrong_old_password_changes_nothing(client, world):
    user = world.user("partner")
    client.force_login(user)
    events = AuditEvent.objects.count()

    response = client.post(
        "/konto/losenord/",
        {"old_password": "fel", "new_password1": "x-y-z-1234567", "new_password2": "x-y-z-1234567"},
    )

    assert response.status_code == 200
    assert "felaktigt" in response.content.decode()
    user.refresh_from_db()
    assert user.check_password(PASSWORD)
    assert AuditEvent.objects.count() == events


def test_the_account_page_lists_ones_own_roles_only(client, world):
    client.force_login(world.user("analyst"))

    html = client.get("/konto/").content.decode()

    assert "Alfa bostäder" in html
    assert "Beta kommun" not in html
    assert "Tvåstegsverifiering är inte aktiverad" in html

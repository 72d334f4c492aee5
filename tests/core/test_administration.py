"""The municipality admin invites people, ends memberships and requires TOTP per role."""

from __future__ import annotations

import pytest
from django.core import mail

from samordna.core.models import AuditEvent, Membership, Organisation, User


@pytest.fixture
def admin_client(client, world):
    client.force_login(world.user("admin"))
    return client


def _invite(client, world, **overrides):
    data = {
        "username": "ny-samordnare",
        "first_name": "Ny",
        "last_name": "Person",
        "email": "ny@example.invalid",
        "organisation": world.a2.pk,
        "role": "coordinator",
    } | overrides
    return client.post("/administration/personer/", data)


def test_an_invitation_creates_user_membership_and_one_mail(
    admin_client, world, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = _invite(admin_client, world)

    assert response.status_code == 302
    user = User.objects.get(username="ny-samordnare")
    assert not user.has_usable_password()
    membership = user.memberships.get()
    assert (membership.organisation, membership.role) == (world.a2, "coordinator")
    assert len(mail.outbox) == 1
    assert "/konto/losenord/aterstall/" in mail.outbox[0].body
    assert mail.outbox[0].to == ["ny@example.invalid"]
    assert AuditEvent.objects.filter(action="user.create", target_id=str(user.pk)).exists()
    assert AuditEvent.objects.filter(
        action="membership.create", target_id=str(membership.pk), municipality=world.a
    ).exists()


@pytest.mark.parametrize(
    ("override", "message"),
    [
        ({"username": "admin-own_org"}, "Användarnamnet är upptaget"),
        ({"email": "inte-en-adress"}, "Ange en giltig e-postadress"),
        ({"username": "med mellanslag"}, "Använd bara bokstäver"),
    ],
)
def test_bad_invitations_change_nothing(
    admin_client, world, override, message, django_capture_on_commit_callbacks
):
    users_before = User.objects.count()
    events_before = AuditEvent.objects.count()

    with django_capture_on_commit_callbacks(execute=True):
        response = _invite(admin_client, world, **override)

    assert response.status_code == 200
    assert message in response.content.decode()
    assert User.objects.count() == users_before
    assert AuditEvent.objects.count() == events_before
    assert mail.outbox == []


def test_an_organisation_of_another_municipality_cannot_be_chosen(admin_client, world):
    response = _invite(admin_client, world, organisation=world.b1.pk)

    assert response.status_code == 200
    assert not User.objects.filter(username="ny-samordnare").exists()


def test_ending_and_restoring_a_membership(admin_client, world):
    target = world.user("reporter", "other_org").memberships.get()

    admin_client.post(f"/administration/personer/{target.pk}/aktiv/")
    target.refresh_from_db()
    assert not target.is_active
    admin_client.post(f"/administration/personer/{target.pk}/aktiv/")
    target.refresh_from_db()
    assert target.is_active
    assert (
        AuditEvent.objects.filter(
            action__in=["membership.deactivate", "membership.activate"], target_id=str(target.pk)
        ).count()
        == 2
    )


def test_an_admin_cannot_end_their_own_admin_membership(admin_client, world):
    own = world.user("admin").memberships.get()

    response = admin_client.post(f"/administration/personer/{own.pk}/aktiv/", follow=True)

    own.refresh_from_db()
    assert own.is_active
    assert "Du kan inte avsluta ditt eget" in response.content.decode()


def test_another_municipalitys_membership_does_not_exist(admin_client, world):
    foreign = world.user("reporter", "other_municipality").memberships.get()

    response = admin_client.post(f"/administration/personer/{foreign.pk}/aktiv/")

    assert response.status_code == 404
    foreign.refresh_from_db()
    assert foreign.is_active


def test_requiring_totp_per_role(admin_client, world):
    response = admin_client.post("/administration/sakerhet/", {"roles": ["admin", "analyst"]})

    assert response.status_code == 302
    world.a.refresh_from_db()
    assert world.a.otp_required_roles == ["admin", "analyst"]
    world.b.refresh_from_db()
    assert world.b.otp_required_roles == []
    assert AuditEvent.objects.filter(action="municipality.otp_roles").count() == 1


def test_the_people_list_shows_only_this_municipality(admin_client, world):
    html = admin_client.get("/administration/personer/").content.decode()

    assert "reporter-other_org" in html
    assert "reporter-other_municipality" not in html
    assert Membership.objects.filter(municipality=world.b).exists()


def test_an_admin_adds_an_organisation_with_a_unique_short_name(admin_client, world):
    admin_client.post(
        "/administration/organisationer/ny/", {"name": "Alfa fritid", "kind": "municipal"}
    )
    admin_client.post(
        "/administration/organisationer/ny/", {"name": "Alfa-fritid!", "kind": "association"}
    )

    slugs = set(world.a.organisations.values_list("slug", flat=True))
    assert {"alfa-fritid", "alfa-fritid-2"} <= slugs
    assert (
        AuditEvent.objects.filter(action="organisation.create", municipality=world.a).count() == 4
    )


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"name": "alfa polis", "kind": "police"}, "Det finns redan en organisation"),
        ({"name": "", "kind": "police"}, "Ange organisationens namn"),
        ({"name": "Ny", "kind": ""}, "Välj vilken typ"),
        ({"name": "!!!", "kind": "police"}, "behöver innehålla bokstäver"),
    ],
)
def test_bad_organisations_are_refused_and_nothing_is_saved(admin_client, world, data, message):
    before = Organisation.objects.count(), AuditEvent.objects.count()

    response = admin_client.post("/administration/organisationer/ny/", data)

    assert response.status_code == 400
    assert message in response.content.decode()
    assert (Organisation.objects.count(), AuditEvent.objects.count()) == before


def test_deactivating_an_organisation_shuts_its_members_out(admin_client, world, client):
    admin_client.post(f"/administration/organisationer/{world.a2.pk}/aktiv/")

    world.a2.refresh_from_db()
    assert not world.a2.is_active
    assert AuditEvent.objects.filter(action="organisation.update", target_id=str(world.a2.pk))
    member = world.user("coordinator", "other_org")
    admin_client.logout()
    client.force_login(member)
    assert "Du är inte kopplad till någon organisation" in client.get("/").content.decode()


def test_an_admin_cannot_deactivate_their_own_organisation(admin_client, world):
    admin_client.post(f"/administration/organisationer/{world.a1.pk}/aktiv/")

    world.a1.refresh_from_db()
    assert world.a1.is_active

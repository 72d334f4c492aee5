"""The group pages: what each person sees, and the confirm steps of consent."""

from __future__ import annotations

from django.test import TestCase

from samordna.core import services as core_services
from samordna.groups.models import GroupMember, MunicipalityGroup
from samordna.situation import services as situation_services
from tests.groups.factories import WEEK, picture, world_group
from tests.permissions import sign_in
from tests.situation.factories import observe

GROUP = "/kommungrupper/alfa-beta"


def _get(client, user, path: str):
    sign_in(client, user)
    return client.get(path)


def test_b_sees_a_confirmed_week_in_the_joint_picture_and_nothing_else_of_a(client, world):
    # Given A's week confirmed the real way and B's week confirmed
    observe(world, WEEK, 6)
    with TestCase.captureOnCommitCallbacks(execute=True):
        confirmed = situation_services.picture_confirm(
            actor=world.user("coordinator"),
            picture=situation_services.picture_prepare(actor=None, municipality=world.a, key=WEEK),
            summary="Klottret ökar vid torget.",
        )
    picture(world.b, counts={"skadegorelse-klotter": 9}, summary="Lugnt i Beta.")

    # When B's reporter opens the joint week
    response = _get(client, world.user("reporter", "other_municipality"), f"{GROUP}/{WEEK}/")

    # Then A's count comes from A's frozen document, with A's summary; no area of A
    body = response.content.decode()
    assert response.status_code == 200
    klotter = next(c for c in confirmed.snapshot["categories"] if c["count"])
    assert klotter["count"] == 6
    assert "Klottret ökar vid torget." in body
    assert "Lugnt i Beta." in body
    assert ">15<" in body  # 6 + 9
    assert world.area_a.name not in body
    assert "har inte fastställt" not in body


def test_a_member_without_a_confirmed_week_is_named(client, world):
    picture(world.a, counts={"skadegorelse-klotter": 7})

    response = _get(client, world.user("coordinator"), f"{GROUP}/{WEEK}/")

    assert "Betaby har inte fastställt v. 40." in response.content.decode()


def test_an_invited_municipality_sees_the_invitation_but_no_picture(client, world):
    # Given B is only invited
    GroupMember.objects.filter(group=world_group(), municipality=world.b).update(
        consent_given_at=None
    )
    picture(world.a, counts={"skadegorelse-klotter": 7}, summary="Alfas ord")

    b_admin = world.user("admin", "other_municipality")
    detail = _get(client, b_admin, f"{GROUP}/")
    week = client.get(f"{GROUP}/{WEEK}/")
    b_reader = _get(client, world.user("coordinator", "other_municipality"), f"{GROUP}/")

    assert detail.status_code == 200
    assert "Kommunen är inbjuden" in detail.content.decode()
    assert week.status_code == 404
    assert b_reader.status_code == 404


def test_consent_asks_to_confirm_first_then_b_contributes(client, world):
    group = world_group()
    GroupMember.objects.filter(group=group, municipality=world.b).update(consent_given_at=None)
    sign_in(client, world.user("admin", "other_municipality"))

    page = client.get(f"{GROUP}/samtycke/")
    unconfirmed = client.post(f"{GROUP}/samtycke/", {})
    assert page.status_code == unconfirmed.status_code == 200
    assert "Kryssa i rutan" in unconfirmed.content.decode()
    assert GroupMember.objects.get(group=group, municipality=world.b).is_pending

    done = client.post(f"{GROUP}/samtycke/", {"confirm": "on"})

    assert done.status_code == 302
    member = GroupMember.objects.get(group=group, municipality=world.b)
    assert member.is_consenting
    assert member.consent_given_by == world.user("admin", "other_municipality")


def test_revoking_takes_b_out_of_the_picture_at_once(client, world):
    picture(world.a, counts={"skadegorelse-klotter": 7})
    picture(world.b, counts={"skadegorelse-klotter": 9}, summary="Betas ord")
    sign_in(client, world.user("admin", "other_municipality"))
    assert client.post(f"{GROUP}/aterkalla/", {}).status_code == 200
    assert GroupMember.objects.get(group=world_group(), municipality=world.b).is_consenting

    done = client.post(f"{GROUP}/aterkalla/", {"confirm": "on"})

    assert done.status_code == 302
    assert client.get(f"{GROUP}/{WEEK}/").status_code == 404
    a_view = _get(client, world.user("coordinator"), f"{GROUP}/{WEEK}/").content.decode()
    assert "Betas ord" not in a_view
    assert "Betaby" not in a_view.split("<table")[1].split("</table>")[0]


def test_an_admin_proposes_a_group_and_invites_a_third_municipality(client, world):
    gamma = core_services.municipality_create(
        actor=None, name="Gammalund", slug="gamma", code="9903"
    )
    sign_in(client, world.user("admin"))

    created = client.post("/kommungrupper/ny/", {"name": "Polisområde Syd", "consent": "on"})
    group = MunicipalityGroup.objects.get(name="Polisområde Syd")
    invited = client.post(f"/kommungrupper/{group.slug}/bjud-in/", {"municipality": gamma.pk})

    assert created.status_code == invited.status_code == 302
    assert GroupMember.objects.get(group=group, municipality=gamma).is_pending


def test_a_group_without_consent_is_not_made(client, world):
    sign_in(client, world.user("admin"))

    response = client.post("/kommungrupper/ny/", {"name": "Utan samtycke"})

    assert response.status_code == 200
    assert "Kryssa i samtycket" in response.content.decode()
    assert not MunicipalityGroup.objects.filter(name="Utan samtycke").exists()


def test_tsi_roles_are_refused_and_a_year_or_nonsense_is_no_page(client, world):
    assert _get(client, world.user("tsi_coordinator"), f"{GROUP}/{WEEK}/").status_code == 403
    sign_in(client, world.user("coordinator"))
    assert client.get(f"{GROUP}/2026/").status_code == 404
    assert client.get(f"{GROUP}/vecka-47/").status_code == 404
    assert client.get("/kommungrupper/finns-inte/").status_code == 404

"""Group endpoints in the permission matrix (tests/permissions.py).

The world holds the group "alfa-beta" of A and B, both consenting (tests/conftest.py),
so every EST role of A and of B reads it, and B's members see only what the joint
picture shows. `PICTURE_ENDPOINTS` need confirmed pictures: tests/groups/test_permissions.py
makes them before the "nothing changed" snapshot is taken.
"""

from __future__ import annotations

from tests.permissions import Actor, Endpoint

GROUP = "/kommungrupper/alfa-beta"
WEEK = "2026-W40"
DRAFT_WEEK = "2026-W41"
EST = {"reporter", "coordinator", "analyst", "partner", "management", "admin"}


def _reader(actor: Actor) -> bool:
    # An EST role in A or B, both members of the group; the operator and the county
    # officers have no membership, TSI roles no EST role.
    return actor.has_membership and actor.role in EST


def _admin(actor: Actor) -> bool:
    return actor.has_membership and actor.role == "admin"


def _a_secrets(world) -> list[str]:
    return [world.area_a.name]


ENDPOINTS = [
    Endpoint(name="groups-index", path=lambda w: "/kommungrupper/", allowed=_reader),
    Endpoint(name="groups-create-form", path=lambda w: "/kommungrupper/ny/", allowed=_admin),
    Endpoint(
        name="groups-create",
        path=lambda w: "/kommungrupper/ny/",
        method="post",
        data=lambda w: {"name": "Ny grupp", "consent": "on"},
        allowed=_admin,
        ok=(302,),
    ),
    Endpoint(name="groups-detail", path=lambda w: f"{GROUP}/", allowed=_reader, secrets=_a_secrets),
    Endpoint(
        name="groups-week",
        path=lambda w: f"{GROUP}/{WEEK}/",
        allowed=_reader,
        secrets=_a_secrets,
    ),
    Endpoint(
        name="groups-tertial",
        path=lambda w: f"{GROUP}/2026-T2/",
        allowed=_reader,
        secrets=_a_secrets,
    ),
    Endpoint(name="groups-invite-form", path=lambda w: f"{GROUP}/bjud-in/", allowed=_admin),
    Endpoint(
        name="groups-invite",
        path=lambda w: f"{GROUP}/bjud-in/",
        method="post",
        # Already a member: the form answers with its error, nothing is written.
        data=lambda w: {"municipality": w.b.pk},
        allowed=_admin,
    ),
    Endpoint(
        name="groups-consent",
        path=lambda w: f"{GROUP}/samtycke/",
        allowed=_admin,
        # Both have consented already: back to the group with a message.
        ok=(302,),
    ),
    Endpoint(name="groups-revoke-form", path=lambda w: f"{GROUP}/aterkalla/", allowed=_admin),
    Endpoint(
        name="groups-revoke",
        path=lambda w: f"{GROUP}/aterkalla/",
        method="post",
        data=lambda w: {"confirm": "on"},
        allowed=_admin,
        ok=(302,),
    ),
]

PICTURE_ENDPOINTS = [
    Endpoint(
        name="groups-week-confirmed",
        path=lambda w: f"{GROUP}/{WEEK}/",
        allowed=_reader,
        secrets=lambda w: [w.area_a.name, "Hemlighetsgången", "Alfas hemliga utkast"],
    ),
    Endpoint(
        name="groups-week-draft",
        path=lambda w: f"{GROUP}/{DRAFT_WEEK}/",
        allowed=_reader,
        secrets=lambda w: [w.area_a.name, "Alfas hemliga utkast"],
    ),
]

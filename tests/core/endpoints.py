"""Core pages in the permission matrix (tests/permissions.py)."""

from tests.permissions import Endpoint


def _any_member(actor):  # every signed-in member of any municipality
    return actor.role is not None


def _secrets_of_a(world):
    return [world.area_a.name, world.place_a.name, world.a1.name, world.a.name]


ENDPOINTS = [
    Endpoint(
        name="web-home",
        path=lambda w: "/",
        allowed=_any_member,
        # The start page names the user's own municipality only.
        secrets=_secrets_of_a,
    ),
    Endpoint(
        name="web-area-list",
        path=lambda w: "/omraden/",
        allowed=lambda actor: actor.has_membership,
        secrets=lambda w: [w.area_a.name],
    ),
    Endpoint(
        name="web-organisation-list",
        path=lambda w: "/organisationer/",
        allowed=lambda actor: actor.has_membership,
        secrets=lambda w: [w.a1.name, w.a2.name],
    ),
    Endpoint(
        name="web-audit-log",
        path=lambda w: "/granskningslogg/",
        allowed=lambda actor: actor.role == "admin",
        # Only the log shows these (the shell shows the user's own organisation's name).
        secrets=lambda w: [w.place_a.name, w.area_a.name, "place.create"],
        # Admins of another municipality open their own log and see none of A's events.
    ),
    Endpoint(
        name="web-switch-membership",
        path=lambda w: "/byt-roll/",
        method="post",
        data=lambda w: {"membership": w.user("admin").memberships.get().pk},
        # Switching to someone else's membership is silently refused: back to the start page.
        allowed=_any_member,
        ok=(302,),
        secrets=_secrets_of_a,
    ),
]

_admins = lambda actor: actor.role == "admin"  # noqa: E731  (each admin in their own municipality)

ENDPOINTS += [
    Endpoint(
        name="web-people",
        path=lambda w: "/administration/personer/",
        allowed=_admins,
        secrets=lambda w: ["reporter-own_org", "analyst-other_org"],
    ),
    Endpoint(
        name="web-people-invite",
        path=lambda w: "/administration/personer/",
        method="post",
        data=lambda w: {
            "username": "inbjuden",
            "email": "inbjuden@example.invalid",
            "organisation": w.a1.pk,
            "role": "reporter",
        },
        # Admins of A invite; an admin of B gets the form back: A1 is not among the choices.
        allowed=lambda actor: actor.role == "admin",
        ok=(200, 302),
        secrets=lambda w: ["reporter-own_org"],
    ),
    Endpoint(
        name="web-membership-toggle",
        path=lambda w: f"/administration/personer/{w.user('reporter').memberships.get().pk}/aktiv/",
        method="post",
        allowed=lambda actor: actor.role == "admin" and actor.is_member_of_a,
        ok=(302,),
        denied_status=lambda actor: 404 if actor.role == "admin" else 403,
        secrets=lambda w: ["reporter-own_org"],
    ),
    Endpoint(
        name="web-security",
        path=lambda w: "/administration/sakerhet/",
        method="post",
        data=lambda w: {"roles": ["reporter"]},
        allowed=_admins,
        ok=(302,),
    ),
]

ENDPOINTS += [
    Endpoint(
        name="web-organisation-add",
        path=lambda w: "/administration/organisationer/ny/",
        method="post",
        data=lambda w: {"name": "Ny organisation", "kind": "business"},
        allowed=_admins,
        ok=(302,),
    ),
    Endpoint(
        name="web-organisation-toggle",
        path=lambda w: f"/administration/organisationer/{w.a2.pk}/aktiv/",
        method="post",
        allowed=lambda actor: actor.role == "admin" and actor.is_member_of_a,
        ok=(302,),
        denied_status=lambda actor: 404 if actor.role == "admin" else 403,
        # No secrets: A2's own members see their organisation's name in the page header.
    ),
]

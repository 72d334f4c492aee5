"""The publication settings in the permission matrix (tests/permissions.py): only a
municipality's coordinators and administrators, each for their own municipality.
The public page itself is open and tested in test_page.py."""

from __future__ import annotations

from tests.permissions import Actor, Endpoint

EDITORS = {"coordinator", "admin"}


def _editors(actor: Actor) -> bool:
    return actor.role in EDITORS


def _form(world) -> dict:
    return {"is_published": "on", "show_pictures": "on", "min_count": "5", "intro": "Hej"}


ENDPOINTS = [
    Endpoint(name="public-settings", path=lambda w: "/publicering/", allowed=_editors),
    Endpoint(
        name="public-settings-save",
        path=lambda w: "/publicering/",
        method="post",
        data=_form,
        allowed=_editors,
        ok=(302,),
    ),
]

"""Situation picture endpoints in the permission matrix (tests/permissions.py).

`ENDPOINTS` need only the world (a period's live draft); `PICTURE_ENDPOINTS` need a
confirmed picture of municipality A, made by tests/situation/test_permissions.py
before the "nothing changed" snapshot is taken.
"""

from __future__ import annotations

from samordna.situation.models import SituationPicture
from tests.permissions import Actor, Endpoint

WEEK = "2026-W40"
EST = {"reporter", "coordinator", "analyst", "partner", "management", "admin"}
EDITORS = {"coordinator", "admin"}


def _est_member(actor: Actor) -> bool:
    # Pages work on the actor's own municipality: B's members see B's picture.
    return actor.role in EST


def _est_reader_of_drafts(actor: Actor) -> bool:
    return actor.role in EST - {"reporter"}


def _editor(actor: Actor) -> bool:
    return actor.role in EDITORS


def _picture(world) -> SituationPicture:
    return SituationPicture.objects.get(municipality=world.a, period_key=WEEK)


def _reader_of_a(actor: Actor) -> bool:
    return actor.is_member_of_a and actor.role in EST


def _editor_of_a(actor: Actor) -> bool:
    return actor.is_member_of_a and actor.role in EDITORS


def _hidden(actor: Actor) -> int:
    # Another municipality's picture does not exist for them; non-EST roles are refused.
    return 404 if actor.role in EST else 403


ENDPOINTS = [
    Endpoint(name="situation-index", path=lambda w: "/lagesbild/", allowed=_est_member),
    Endpoint(
        name="situation-week-draft", path=lambda w: f"/lagesbild/{WEEK}/", allowed=_est_member
    ),
    Endpoint(
        name="situation-export-json",
        path=lambda w: f"/lagesbild/{WEEK}/export.json",
        allowed=_est_reader_of_drafts,
        denied_status=lambda actor: 404 if actor.role == "reporter" else 403,
    ),
    Endpoint(
        name="situation-confirm",
        path=lambda w: f"/lagesbild/{WEEK}/confirm/",
        method="post",
        data=lambda w: {"summary": "Lugnt."},
        allowed=_editor,
        ok=(302,),
    ),
    Endpoint(name="situation-recipients", path=lambda w: "/lagesbild/sandlista/", allowed=_editor),
    Endpoint(
        name="situation-failed-deliveries",
        path=lambda w: "/lagesbild/utskick/misslyckade/",
        allowed=_editor,
    ),
    Endpoint(
        name="situation-recipient-add",
        path=lambda w: "/lagesbild/sandlista/",
        method="post",
        data=lambda w: {"organisation": w.a2.pk, "email": "lagesbild@polis.example"},
        allowed=_editor,
        # B's coordinator gets the form back: A's organisation is no choice of theirs.
        ok=(200, 302),
    ),
]

PICTURE_ENDPOINTS = [
    Endpoint(
        name="situation-picture",
        path=lambda w: f"/lagesbild/bild/{_picture(w).pk}/",
        allowed=_reader_of_a,
        denied_status=_hidden,
        secrets=lambda w: [w.area_a.name],
    ),
    Endpoint(
        name="situation-correct",
        path=lambda w: f"/lagesbild/{WEEK}/correct/",
        method="post",
        data=lambda w: {"reason": "Sen rapport"},
        allowed=_editor,
        ok=(302,),
    ),
    Endpoint(
        name="situation-retry",
        path=lambda w: f"/lagesbild/bild/{_picture(w).pk}/skicka-igen/",
        method="post",
        allowed=_editor_of_a,
        ok=(302,),
        denied_status=lambda actor: 404 if actor.role in EDITORS else 403,
    ),
]

"""Survey endpoints in the permission matrix (tests/permissions.py).

`ENDPOINTS` need only the world. `ROUND_ENDPOINTS` need a round of A (with a secret
title, and men too few to show); tests/surveys/test_permissions.py makes it first.
"""

from __future__ import annotations

from django.core.files.uploadedfile import SimpleUploadedFile

from samordna.surveys.models import Survey
from tests.permissions import Actor, Endpoint
from tests.surveys.factories import POLICE, SECRET_TITLE

READERS = {"reporter", "coordinator", "analyst", "partner", "management", "admin"}
IMPORTERS = {"coordinator", "analyst"}


def _readers_anywhere(actor: Actor) -> bool:
    return actor.role in READERS


def _importers_anywhere(actor: Actor) -> bool:
    return actor.role in IMPORTERS


def _readers_of_a(actor: Actor) -> bool:
    return actor.is_member_of_a and actor.role in READERS


def _denied_reading(actor: Actor) -> int:
    # A reader elsewhere: the round does not exist for them (404). No reader role: 403.
    return 404 if actor.role in READERS and not actor.is_member_of_a else 403


def _round(world) -> Survey:
    return Survey.objects.get(municipality=world.a, title=SECRET_TITLE)


def _secrets(world) -> list[str]:
    return [SECRET_TITLE, world.area_a.name]


def _upload(world) -> dict:
    file = SimpleUploadedFile("polisen.csv", POLICE.encode(), content_type="text/csv")
    return {"kind": "police_trygghetsmatning", "title": "Polisens mätning", "file": file}


ENDPOINTS = [
    Endpoint(name="surveys-list", path=lambda w: "/trygghetsmatningar/", allowed=_readers_anywhere),
    Endpoint(
        name="surveys-import-form",
        path=lambda w: "/trygghetsmatningar/import/",
        allowed=_importers_anywhere,
    ),
    Endpoint(
        name="surveys-import-preview-unknown",
        path=lambda w: "/trygghetsmatningar/import/finns-inte/",
        allowed=lambda actor: False,
        denied_status=lambda actor: 404 if actor.role in IMPORTERS else 403,
    ),
    Endpoint(
        name="surveys-import-problems-unknown",
        path=lambda w: "/trygghetsmatningar/import/finns-inte/fel.csv",
        allowed=lambda actor: False,
        denied_status=lambda actor: 404 if actor.role in IMPORTERS else 403,
    ),
]

ROUND_ENDPOINTS = [
    # Here, not in ENDPOINTS: a granted upload leaves a pending file, which
    # tests/surveys/test_permissions.py removes after each request.
    Endpoint(
        name="surveys-import-upload",
        path=lambda w: "/trygghetsmatningar/import/",
        method="post",
        data=_upload,
        allowed=_importers_anywhere,
        ok=(302,),
    ),
    Endpoint(
        name="surveys-list-with-round",
        path=lambda w: "/trygghetsmatningar/",
        allowed=_readers_anywhere,
        secrets=lambda w: [SECRET_TITLE],
    ),
    Endpoint(
        name="survey-results",
        path=lambda w: f"/trygghetsmatningar/{_round(w).pk}/",
        allowed=_readers_of_a,
        secrets=_secrets,
        denied_status=_denied_reading,
    ),
    Endpoint(
        name="survey-results-area",
        path=lambda w: f"/trygghetsmatningar/{_round(w).pk}/?omrade={w.area_a.pk}&fraga=otrygg",
        allowed=_readers_of_a,
        secrets=_secrets,
        denied_status=_denied_reading,
    ),
    Endpoint(
        name="survey-export-csv",
        path=lambda w: f"/trygghetsmatningar/{_round(w).pk}/resultat.csv",
        allowed=_readers_of_a,
        secrets=_secrets,
        denied_status=_denied_reading,
    ),
]

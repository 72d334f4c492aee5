"""The operator's pages in the permission matrix (tests/permissions.py): only the
installation's operator gets in, and even the operator sees none of A's content (its
areas', places' and people's names): counts and dates only."""

from __future__ import annotations

from pathlib import Path

from django.core.files.uploadedfile import SimpleUploadedFile

from tests.permissions import Endpoint

KUMLA_AREAS = Path(__file__).with_name("kumla_areas.geojson")


def _operator(actor):
    return actor.role == "operator" and actor.relation == "platform"


def _content_of_a(world):
    return [world.area_a.name, world.place_a.name, "reporter-own_org", "admin-own_org"]


def _kommun(world):
    return f"/drift/kommuner/{world.a.pk}/"


def _geojson(world):
    upload = SimpleUploadedFile("omraden.geojson", KUMLA_AREAS.read_bytes())
    return {"file": upload, "kind": "est", "name_field": "name", "vintage": ""}


ENDPOINTS = [
    Endpoint(
        name="ops-municipalities",
        path=lambda w: "/drift/",
        allowed=_operator,
        secrets=_content_of_a,
    ),
    Endpoint(
        name="ops-municipality-new",
        path=lambda w: "/drift/kommuner/ny/",
        allowed=_operator,
    ),
    Endpoint(
        name="ops-municipality-create",
        path=lambda w: "/drift/kommuner/ny/",
        method="post",
        data=lambda w: {"code": "1881", "name": "", "slug": ""},
        allowed=_operator,
        ok=(302,),
    ),
    Endpoint(
        name="ops-onboarding",
        path=_kommun,
        allowed=_operator,
        secrets=_content_of_a,
    ),
    Endpoint(
        name="ops-areas-upload-form",
        path=lambda w: _kommun(w) + "omraden/",
        allowed=_operator,
        secrets=_content_of_a,
    ),
    Endpoint(
        name="ops-areas-upload",
        path=lambda w: _kommun(w) + "omraden/",
        method="post",
        data=_geojson,
        allowed=_operator,
        ok=(302,),
    ),
    Endpoint(
        name="ops-areas-preview",
        # Nobody's pending upload: the operator gets 404, everyone else is refused first.
        path=lambda w: _kommun(w) + "omraden/ingen-sadan-fil/",
        allowed=_operator,
        ok=(404,),
        secrets=_content_of_a,
    ),
    Endpoint(
        name="ops-organisation-add",
        path=lambda w: _kommun(w) + "organisationer/",
        method="post",
        data=lambda w: {"org-name": "Ny samverkanspart", "org-kind": "business"},
        allowed=_operator,
        ok=(302,),
    ),
    Endpoint(
        name="ops-admin-invite",
        path=lambda w: _kommun(w) + "administrator/",
        method="post",
        data=lambda w: {
            "admin-username": "ny-admin",
            "admin-email": "ny-admin@example.invalid",
            "admin-organisation": w.a1.pk,
        },
        allowed=_operator,
        ok=(302,),
    ),
    Endpoint(
        name="ops-activation-confirm",
        path=lambda w: _kommun(w) + "aktiv/",
        allowed=_operator,
        secrets=_content_of_a,
    ),
    Endpoint(
        name="ops-activation",
        path=lambda w: _kommun(w) + "aktiv/",
        method="post",
        data=lambda w: {"reason": "Avtalet har upphört"},
        allowed=_operator,
        ok=(302,),
    ),
]

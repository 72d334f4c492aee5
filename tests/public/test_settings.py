"""Only a municipality's coordinators and administrators change what it publishes."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied

from samordna.core.models import AuditEvent
from samordna.public.models import Publication
from samordna.public.services import publication_update
from tests.public.helpers import publish

pytestmark = pytest.mark.django_db

FORM = {"is_published": "on", "show_surveys": "on", "min_count": "7", "intro": "Välkommen"}


@pytest.mark.parametrize("role", ["coordinator", "admin"])
def test_an_editor_publishes_their_municipality(client, world, role):
    client.force_login(world.user(role))

    response = client.post("/publicering/", FORM)

    assert response.status_code == 302
    publication = Publication.objects.get(municipality=world.a)
    assert publication.is_published
    assert not publication.show_pictures
    assert publication.min_count == 7
    assert publication.updated_by == world.user(role)
    event = AuditEvent.objects.get(action="publication.update", municipality=world.a)
    assert event.changes["min_count"] == [5, 7]
    assert client.get("/offentlig/alfa/").status_code == 200


@pytest.mark.parametrize("role", ["reporter", "analyst", "partner", "management"])
def test_other_roles_change_nothing(client, world, role):
    publish(world.a, is_published=False)
    client.force_login(world.user(role))  # signing in is audited: count after it
    writes = AuditEvent.objects.exclude(action__startswith="refused.")  # refusals are on record
    before = writes.count()

    assert client.get("/publicering/").status_code == 403
    assert client.post("/publicering/", FORM).status_code == 403

    assert not Publication.objects.get(municipality=world.a).is_published
    assert writes.count() == before
    assert client.get("/offentlig/alfa/").status_code == 404


def test_an_editor_elsewhere_cannot_publish_this_municipality(world):
    with pytest.raises(PermissionDenied):
        publication_update(
            actor=world.user("coordinator", "other_municipality"),
            municipality=world.a,
            is_published=True,
            show_pictures=True,
            show_surveys=True,
            min_count=5,
            intro="",
        )
    assert not Publication.objects.filter(municipality=world.a).exists()
    assert not AuditEvent.objects.filter(action="publication.update").exists()


def test_a_coordinator_elsewhere_edits_only_their_own(client, world):
    client.force_login(world.user("coordinator", "other_municipality"))
    client.post("/publicering/", FORM)
    assert Publication.objects.get(municipality=world.b).is_published
    assert not Publication.objects.filter(municipality=world.a).exists()


def test_the_threshold_cannot_go_below_three(client, world):
    client.force_login(world.user("coordinator"))
    response = client.post("/publicering/", {**FORM, "min_count": "2"})
    assert response.status_code == 200
    assert not Publication.objects.filter(municipality=world.a).exists()


def test_the_default_threshold_comes_from_the_environment(settings, world):
    settings.SAMORDNA_PUBLIC_MIN_COUNT = 8
    assert Publication(municipality=world.a).min_count == 8

"""Citizen promises on the public page: one page per published promise, listed on the
municipality's page and in its data.json; statuses shown, nothing internal."""

from __future__ import annotations

import json

import pytest

from samordna.interventions.services import intervention_report
from samordna.plans import agreements
from samordna.plans.models import Commitment
from samordna.public import caching
from tests.interventions.factories import SECRET_TITLE, make_intervention
from tests.plans.endpoints import COMMITMENT_TEXT, PROMISE_TITLE, make_agreement
from tests.public.helpers import publish

pytestmark = pytest.mark.django_db

PATH = "/offentlig/alfa/lofte/tryggare-torg/"
INTERNAL_NOTE = "Intern anteckning om nyckelutlämning"
INTERNAL_CAUSES = "Hemliga troliga orsaker i överenskommelsen"


def _promise_with_internals(world):
    """A published promise whose commitment links an intervention with an internal note."""
    promise = make_agreement(world)
    intervention = make_intervention(world, description="Hemlig beskrivning av insatsen.")
    intervention_report(
        actor=world.user("coordinator"),
        intervention=intervention,
        status="in_progress",
        rag="red",
        note=INTERNAL_NOTE,
    )
    commitment = promise.commitments.get()
    agreements.commitment_update(
        actor=None,
        commitment=commitment,
        data=agreements.CommitmentInput(
            organisation=commitment.organisation,
            text=commitment.text,
            status=Commitment.Status.IN_PROGRESS,
            public_status=commitment.public_status,
            interventions=[intervention],
        ),
    )
    agreement = promise.agreement
    agreement.probable_causes = INTERNAL_CAUSES
    agreement.save()
    return promise


def test_the_promise_page_shows_each_partys_commitments_and_status(client, world):
    _promise_with_internals(world)
    publish(world.a)
    response = client.get(PATH)
    assert response.status_code == 200
    html = response.content.decode()
    assert PROMISE_TITLE in html
    assert COMMITMENT_TEXT in html
    assert world.a1.name in html
    assert "Pågår" in html
    assert "Två av fyra lampor är uppsatta." in html
    assert response["Cache-Control"] == "public, max-age=300"
    assert not response.cookies


def test_the_promise_page_shows_nothing_internal(client, world):
    _promise_with_internals(world)
    publish(world.a)
    for body in (client.get(PATH).content, client.get("/offentlig/alfa/data.json").content):
        text = body.decode()
        for secret in (INTERNAL_NOTE, SECRET_TITLE, "Hemlig beskrivning", INTERNAL_CAUSES):
            assert secret not in text
        assert "Röd" not in text  # the intervention's own traffic light stays inside
        assert "coordinator-own_org" not in text


def test_no_page_unless_both_the_municipality_and_the_promise_are_published(
    client, world, django_capture_on_commit_callbacks
):
    promise = make_agreement(world, published=False)
    assert client.get(PATH).status_code == 404  # nothing published at all
    publish(world.a)
    assert client.get(PATH).status_code == 404  # the promise is not published
    assert client.get("/offentlig/alfa/lofte/finns-inte/").status_code == 404
    # Publishing the promise forgets the slug's cached state at once (after the commit).
    with django_capture_on_commit_callbacks(execute=True):
        agreements.promise_update(
            actor=None,
            promise=promise,
            data=agreements.PromiseInput(
                year=promise.year, title=promise.title, slug=promise.slug, is_published=True
            ),
        )
    assert client.get(PATH).status_code == 200
    publish(world.a, is_published=False)
    caching.forget("alfa")
    response = client.get(PATH)
    assert response.status_code == 404
    assert COMMITMENT_TEXT.encode() not in response.content
    assert client.get("/offentlig/beta/lofte/tryggare-torg/").status_code == 404


def test_published_promises_are_listed_on_the_page_and_in_the_data(client, world):
    make_agreement(world)
    publish(world.a)
    html = client.get("/offentlig/alfa/").content.decode()
    assert 'href="lofte/tryggare-torg/"' in html
    assert PROMISE_TITLE in html
    data = json.loads(client.get("/offentlig/alfa/data.json").content)
    (promise,) = data["promises"]
    assert promise["url"] == PATH
    assert promise["commitments"] == [
        {
            "party": world.a1.name,
            "text": COMMITMENT_TEXT,
            "status": "in_progress",
            "status_label": "Pågår",
            "public_status": "Två av fyra lampor är uppsatta.",
        }
    ]


def test_an_unpublished_promise_is_not_listed(client, world):
    make_agreement(world, published=False)
    publish(world.a)
    assert PROMISE_TITLE not in client.get("/offentlig/alfa/").content.decode()
    assert json.loads(client.get("/offentlig/alfa/data.json").content)["promises"] == []


def test_a_changed_status_reaches_the_page_with_the_cache_version(client, world):
    promise = make_agreement(world)
    publish(world.a)
    assert "Pågår" in client.get(PATH).content.decode()
    commitment = promise.commitments.get()
    agreements.commitment_update(
        actor=None,
        commitment=commitment,
        data=agreements.CommitmentInput(
            organisation=commitment.organisation,
            text=commitment.text,
            status=Commitment.Status.DONE,
            public_status="Alla lampor är uppsatta.",
        ),
    )
    caching.forget("alfa")  # the slug's state otherwise expires within STATE_SECONDS
    html = client.get(PATH).content.decode()
    assert "Genomfört" in html
    assert "Alla lampor är uppsatta." in html

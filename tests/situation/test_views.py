"""The picture pages, exports from the page and the `samordna situation` command."""

from __future__ import annotations

import json

import pytest
from django.core.management import CommandError, call_command
from django.test import TestCase

from samordna.situation import services
from samordna.situation.distribution import recipient_add
from samordna.situation.models import SituationPicture
from tests.situation.factories import OUTSIDE_A, in_week, observe, police_event

WEEK = "2026-W40"


def _page(client, user, path):
    client.force_login(user)
    return client.get(path)


def test_the_coordinator_sees_the_live_draft_with_map_tables_and_actions(client, world):
    observe(world, WEEK, 4)
    response = _page(client, world.user("coordinator"), f"/lagesbild/{WEEK}/")
    body = response.content.decode()
    assert response.status_code == 200
    assert "Lägesbild vecka 40, 2026" in body
    assert 'id="picture-map-data"' in body
    assert "<table" in body
    assert "Iakttagelser per område" in body
    assert "Fastställ lägesbilden" in body
    assert world.area_a.name in body
    assert not SituationPicture.objects.exists(), "looking changes nothing"


def test_a_reporter_sees_only_confirmed_pictures(client, world):
    observe(world, WEEK, 2)
    reporter = world.user("reporter")
    draft = _page(client, reporter, f"/lagesbild/{WEEK}/").content.decode()
    assert "inte fastställd" in draft
    assert "picture-map-data" not in draft
    with TestCase.captureOnCommitCallbacks(execute=True):
        services.picture_confirm(
            actor=world.user("coordinator"),
            picture=services.picture_prepare(actor=None, municipality=world.a, key=WEEK),
        )
    confirmed = client.get(f"/lagesbild/{WEEK}/").content.decode()
    assert "Fastställd" in confirmed
    assert "Fastställ lägesbilden" not in confirmed, "no actions for reporters"


def test_confirming_from_the_page_and_correcting(client, world):
    observe(world, WEEK, 2)
    client.force_login(world.user("coordinator"))
    with TestCase.captureOnCommitCallbacks(execute=True):
        response = client.post(f"/lagesbild/{WEEK}/confirm/", {"summary": "Lugnt i stort."})
    assert response.status_code == 302
    picture = SituationPicture.objects.get()
    assert (picture.status, picture.summary) == ("confirmed", "Lugnt i stort.")
    empty = client.post(f"/lagesbild/{WEEK}/correct/", {"reason": ""}, follow=True)
    assert "Skriv varför lägesbilden rättas." in empty.content.decode()
    assert SituationPicture.objects.count() == 1
    client.post(f"/lagesbild/{WEEK}/correct/", {"reason": "Sen rapport"})
    assert SituationPicture.objects.filter(version=2, status="draft").exists()


def test_the_filters_narrow_tables_and_points(client, world):
    observe(world, WEEK, 3)
    observe(world, WEEK, 2, where=OUTSIDE_A)
    client.force_login(world.user("analyst"))
    code = world.area_a.code or f"omrade-{world.area_a.pk}"
    response = client.get(f"/lagesbild/{WEEK}/?omrade={code}")
    assert response.context["document"]["totals"]["count"] == 3
    assert len(response.context["map_data"]["points"]) == 3
    unknown = client.get(f"/lagesbild/{WEEK}/?omrade=finns-inte")
    assert unknown.context["document"]["totals"]["count"] == 5


@pytest.mark.parametrize(
    ("fmt", "content_type"),
    [
        ("json", "application/json"),
        ("geojson", "application/geo+json"),
        ("xlsx", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"),
        ("pdf", "application/pdf"),
    ],
)
def test_exports_from_the_page(client, world, fmt, content_type):
    observe(world, WEEK, 2)
    response = _page(client, world.user("partner"), f"/lagesbild/{WEEK}/export.{fmt}")
    assert response.status_code == 200
    assert response["Content-Type"].startswith(content_type)
    assert f"lagesbild-alfa-{WEEK}-utkast.{fmt}" in response["Content-Disposition"]


def test_an_unknown_period_is_404(client, world):
    assert _page(client, world.user("coordinator"), "/lagesbild/2025-W53/").status_code == 404


def test_the_command_writes_police_counts_as_json(world, tmp_path):
    observe(world, WEEK)
    police_event(world, in_week(WEEK), "Skadegörelse")
    police_event(world, in_week(WEEK), "Inbrott")
    out = tmp_path / "v40.json"
    call_command("situation", municipality="alfa", week=WEEK, format="json", out=str(out))
    document = json.loads(out.read_text())
    assert document["police"]["count"] == 2
    assert {t["type"]: t["count"] for t in document["police"]["by_type"]} == {
        "Skadegörelse": 1,
        "Inbrott": 1,
    }
    assert document["totals"]["count"] == 1


def test_the_command_refuses_bad_input_and_writes_nothing(world, tmp_path):
    out = tmp_path / "x.json"
    with pytest.raises(CommandError, match="finns inte"):
        call_command("situation", municipality="nowhere", week=WEEK, format="json", out=str(out))
    with pytest.raises(CommandError, match="ingen vecka"):
        call_command("situation", municipality="alfa", week="2026-T3", format="json", out=str(out))
    with pytest.raises(CommandError, match="Mappen"):
        call_command(
            "situation", municipality="alfa", week=WEEK, format="json", out=str(tmp_path / "a/b")
        )
    assert not out.exists()


def test_the_command_gives_a_confirmed_picture_as_confirmed(world, tmp_path):
    observe(world, WEEK)
    with TestCase.captureOnCommitCallbacks(execute=True):
        picture = services.picture_confirm(
            actor=world.user("coordinator"),
            picture=services.picture_prepare(actor=None, municipality=world.a, key=WEEK),
        )
    observe(world, WEEK, 4)
    out = tmp_path / "v40.json"
    call_command("situation", municipality="alfa", week=WEEK, format="json", out=str(out))
    document = json.loads(out.read_text())
    assert document["totals"]["count"] == 1
    assert document["picture"]["content_hash"] == picture.content_hash


def test_compile_pictures_prepares_the_draft_and_reminds_silent_reporters_once(world, mailoutbox):
    call_command("compile_pictures", municipality="alfa", week=WEEK)
    call_command("compile_pictures", municipality="alfa", week=WEEK)
    assert SituationPicture.objects.filter(municipality=world.a, period_key=WEEK).count() == 1
    reminded = sorted(m.to[0] for m in mailoutbox)
    # A2's reporters include the member of the police area that also works in B.
    assert reminded == [
        "reporter-other_org@example.invalid",
        "reporter-own_org@example.invalid",
        "reporter-spanning_both@example.invalid",
    ]
    assert "vecka 40, 2026" in mailoutbox[0].subject


def test_compile_pictures_does_not_remind_an_organisation_that_reported(world, mailoutbox):
    observe(world, WEEK)  # filed by A1
    call_command("compile_pictures", municipality="alfa", week=WEEK)
    assert sorted(m.to[0] for m in mailoutbox) == [
        "reporter-other_org@example.invalid",
        "reporter-spanning_both@example.invalid",
    ]


def test_the_header_announces_a_distributed_picture_until_it_is_opened(client, world):
    recipient_add(
        actor=world.user("coordinator"), municipality_id=world.a.pk, user=world.user("partner")
    )
    with TestCase.captureOnCommitCallbacks(execute=True):
        picture = services.picture_confirm(
            actor=world.user("coordinator"),
            picture=services.picture_prepare(actor=None, municipality=world.a, key=WEEK),
        )
    client.force_login(world.user("partner"))
    assert f"Ny lägesbild ({WEEK})" in client.get("/").content.decode()
    client.get(f"/lagesbild/bild/{picture.pk}/")
    assert "Ny lägesbild" not in client.get("/").content.decode()
    client.force_login(world.user("analyst"))
    assert "Ny lägesbild" not in client.get("/").content.decode(), "only for recipients"


def test_an_unknown_action_is_404_and_creates_nothing(client, world):
    client.force_login(world.user("coordinator"))
    assert client.post(f"/lagesbild/{WEEK}/publish/").status_code == 404
    assert client.post("/lagesbild/v47/confirm/").status_code == 404
    assert not SituationPicture.objects.exists()

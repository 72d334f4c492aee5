"""The public page and its JSON: published or 404, aggregates only, small counts hidden."""

from __future__ import annotations

import json
import re
from datetime import date

import pytest
from django.contrib.sessions.models import Session

from samordna.analysis.periods import iso_week
from samordna.public import caching, selectors
from samordna.situation import services as situation
from samordna.situation.models import SituationPicture
from tests.public.helpers import (
    OBSERVATION_ID,
    SECRET,
    monday,
    picture,
    publish,
    recent_week,
)
from tests.reports.factories import SECRET_TEXT, file_observation

pytestmark = pytest.mark.django_db


def _data(client, slug: str) -> dict:
    response = client.get(f"/offentlig/{slug}/data.json")
    assert response.status_code == 200
    return json.loads(response.content)


def _cells(html: str, row_name: str) -> list[str]:
    """The texts of one row's cells in the table of counts."""
    table = re.search(r'<table class="public-counts">(.*?)</table>', html, re.S)
    assert table is not None
    row = re.search(rf'<th scope="row">{re.escape(row_name)}</th>(.*?)</tr>', table[1], re.S)
    assert row is not None, row_name
    return re.findall(r"<td[^>]*>(.*?)</td>", row[1])


def _quarter_index(data: dict, week: str) -> int:
    return data["observations"]["quarters"].index(selectors.quarter_key(monday(week)))


def test_an_unpublished_page_does_not_exist(client, world):
    picture(world.a, recent_week(), {"A-1": ("Norra", 9)})
    for path in ("/offentlig/alfa/", "/offentlig/alfa/data.json", "/offentlig/finns-inte/"):
        assert client.get(path).status_code == 404

    publish(world.a, is_published=False)
    response = client.get("/offentlig/alfa/")
    assert response.status_code == 404
    assert b"Norra" not in response.content


def test_a_published_page_shows_its_counts(client, world):
    week = recent_week()
    picture(world.a, week, {"A-1": ("Norra", 9)})
    publish(world.a, intro="Välkommen till Alfastads siffror.")

    html = client.get("/offentlig/alfa/").content.decode()
    data = _data(client, "alfa")

    assert "Välkommen till Alfastads siffror." in html
    assert "Vad siffrorna betyder" in html
    i = _quarter_index(data, week)
    assert data["observations"]["areas"][0]["counts"][i] == {
        "quarter": data["observations"]["quarters"][i],
        "count": 9,
        "suppressed": False,
    }
    assert _cells(html, "Norra")[i] == "9"


def test_a_municipality_shows_nothing_of_another(client, world):
    week = recent_week()
    picture(world.a, week, {"A-1": ("Alfas hemliga område", 40)})
    picture(world.b, week, {"B-1": ("Betas område", 30)})
    publish(world.a)
    publish(world.b)

    html = client.get("/offentlig/beta/").content.decode()
    data = client.get("/offentlig/beta/data.json").content.decode()

    for body in (html, data):
        assert "Betas område" in body
        assert "Alfas hemliga område" not in body
        assert "Alfastad" not in body
        assert "40" not in re.sub(r"20\d\d-Q\d", "", body)


def test_a_count_below_the_threshold_is_never_shown(client, world):
    week = recent_week()
    # Two outside every area: the hidden cells (3 + 2) reach 5, so 7 may show.
    picture(world.a, week, {"A-1": ("Norra", 3), "A-2": ("Södra", 7)}, outside=2)
    publish(world.a, min_count=5)

    data = _data(client, "alfa")
    html = client.get("/offentlig/alfa/").content.decode()

    i = _quarter_index(data, week)
    north, south = data["observations"]["areas"]
    assert north["name"] == "Norra"
    assert north["counts"][i]["count"] is None
    assert north["counts"][i]["suppressed"] is True
    assert south["counts"][i]["count"] == 7
    assert _cells(html, "Norra")[i] == "färre än 5"
    assert _cells(html, "Södra")[i] == "7"
    assert _cells(html, "Hela kommunen")[i] == "12"
    assert '"count": 3' not in json.dumps(data)
    # Nowhere in an attribute either: no cell carries a number but its text.
    assert not re.search(r'="[^"]*\b3\b[^"]*"', html.replace('"3"', ""))


def test_a_larger_count_is_hidden_when_the_small_one_could_be_worked_out(client, world):
    week = recent_week()
    # Nothing outside the areas: 12 − 7 would give the 3 back, so 7 is hidden too.
    picture(world.a, week, {"A-1": ("Norra", 3), "A-2": ("Södra", 7)})
    publish(world.a)

    data = _data(client, "alfa")
    html = client.get("/offentlig/alfa/").content.decode()

    i = _quarter_index(data, week)
    south = data["observations"]["areas"][1]["counts"][i]
    assert south == {**south, "count": None, "suppressed": True, "reason": "complement"}
    assert _cells(html, "Norra")[i] == "färre än 5"
    assert _cells(html, "Södra")[i] == "visas inte"
    assert _cells(html, "Hela kommunen")[i] == "10"


def test_zero_is_below_the_threshold_too(client, world):
    week = recent_week()
    picture(world.a, week, {"A-1": ("Norra", 0), "A-2": ("Södra", 20)})
    publish(world.a)

    html = client.get("/offentlig/alfa/").content.decode()
    i = _quarter_index(_data(client, "alfa"), week)
    assert _cells(html, "Norra")[i] == "färre än 5"


def test_weeks_add_up_by_the_quarter_of_their_monday(world):
    # Week 1 of 2026 starts on Monday 29 December 2025: it belongs to 2025's Q4.
    picture(world.a, "2026-W01", {"A-1": ("Norra", 6)})
    picture(world.a, "2026-W02", {"A-1": ("Norra", 8)})
    picture(world.a, "2026-W03", {"A-1": ("Norra", 9)})
    publication = publish(world.a)

    page = selectors.public_page(publication, today=date(2026, 2, 10))

    assert page.counts is not None
    assert page.counts.quarters[-2:] == ["2025-Q4", "2026-Q1"]
    assert [f.value for f in page.counts.rows[0].figures[-2:]] == [6, 17]
    assert len(page.counts.quarters) == selectors.QUARTERS


def test_only_the_newest_confirmed_version_of_a_week_counts(client, world):
    week = recent_week()
    picture(world.a, week, {"A-1": ("Norra", 9)}, version=1)
    picture(world.a, week, {"A-1": ("Norra", 12)}, version=2)
    picture(world.a, week, {"A-1": ("Norra", 50)}, version=3, status="draft")
    publish(world.a)

    data = _data(client, "alfa")
    assert data["observations"]["areas"][0]["counts"][_quarter_index(data, week)]["count"] == 12


def test_no_free_text_no_points_no_ids(client, world):
    # The real path: an observation with free text, confirmed in its week's picture...
    observation = file_observation(world)
    coordinator = world.user("coordinator")
    real = situation.picture_prepare(
        actor=coordinator, municipality=world.a, key=iso_week(observation.occurred_from)
    )
    situation.picture_confirm(actor=coordinator, picture=real, summary=SECRET)
    # ...and a frozen document with meeting notes, points and ids in it.
    picture(world.a, recent_week(), {"A-1": ("Norra", 9)})
    publish(world.a)

    for path in ("/offentlig/alfa/", "/offentlig/alfa/data.json"):
        body = client.get(path).content.decode()
        for secret in (SECRET, SECRET_TEXT, str(OBSERVATION_ID), "15.21", "59.275"):
            assert secret not in body, (path, secret)


def test_pictures_and_surveys_can_be_left_out(client, world):
    picture(world.a, recent_week(), {"A-1": ("Norra", 9)})
    publish(world.a, show_pictures=False, show_surveys=False)

    data = _data(client, "alfa")
    html = client.get("/offentlig/alfa/").content.decode()

    assert data["observations"] is None
    assert data["surveys"] is None
    assert "Norra" not in html


def test_anonymous_requests_are_cacheable_and_touch_no_session(client, world):
    publish(world.a)
    for path in ("/offentlig/alfa/", "/offentlig/alfa/data.json"):
        response = client.get(path)
        assert response.status_code == 200
        assert response["Cache-Control"] == "public, max-age=300"
        assert not response.cookies
        assert "Set-Cookie" not in response
    assert b"csrfmiddlewaretoken" not in client.get("/offentlig/alfa/").content
    assert not Session.objects.exists()
    # Everything else stays uncacheable.
    assert client.get("/konto/logga-in/")["Cache-Control"] == "no-store"


def test_a_signed_in_visitor_gets_the_same_anonymous_page(client, world):
    publish(world.a)
    anonymous = client.get("/offentlig/alfa/").content
    client.force_login(world.user("coordinator"))
    signed_in = client.get("/offentlig/alfa/").content
    assert signed_in == anonymous
    assert b"Logga ut" not in signed_in


def test_the_cache_follows_changes(
    client, world, django_assert_num_queries, django_capture_on_commit_callbacks
):
    week = recent_week()
    picture(world.a, week, {"A-1": ("Norra", 9)})
    publish(world.a, intro="Första texten.")
    assert "Första texten." in client.get("/offentlig/alfa/").content.decode()

    # A hit asks the database nothing.
    with django_assert_num_queries(0):
        client.get("/offentlig/alfa/")

    # Changed choices: at once (the service forgets the slug's state after commit).
    with django_capture_on_commit_callbacks(execute=True):
        publish(world.a, intro="Andra texten.")
    assert "Andra texten." in client.get("/offentlig/alfa/").content.decode()
    assert not _has_count(_data(client, "alfa"), 30)

    # A newly confirmed picture: once the slug's state has expired (STATE_SECONDS).
    picture(world.a, recent_week(3), {"A-1": ("Norra", 30)})
    assert not _has_count(_data(client, "alfa"), 30)
    caching.forget("alfa")
    assert _has_count(_data(client, "alfa"), 30)

    with django_capture_on_commit_callbacks(execute=True):
        publish(world.a, is_published=False)
    assert client.get("/offentlig/alfa/").status_code == 404
    assert client.get("/offentlig/alfa/data.json").status_code == 404


def _has_count(data: dict, at_least: int) -> bool:
    counts = data["observations"]["areas"][0]["counts"]
    return any(c["count"] and c["count"] >= at_least for c in counts)


def test_survey_headlines_come_from_the_surveys_selectors(client, world):
    from tests.surveys.factories import make_own_round

    make_own_round(world, women=30, men=25)
    publish(world.a)

    (block,) = _data(client, "alfa")["surveys"]
    oro = next(item for item in block["items"] if item["scale"] == "index")
    assert oro["women"]["value"] > oro["men"]["value"]  # women answered 4, men 2
    assert oro["all"]["suppressed"] is False
    assert [a["name"] for a in oro["areas"]] == [world.area_a.name]


def test_survey_headlines_are_suppressed(client, world):
    from tests.surveys.factories import make_own_round

    # Men too few; women alone would be all minus men, so both go (surveys.selectors).
    make_own_round(world, women=30, men=6)
    publish(world.a)

    data = _data(client, "alfa")
    html = client.get("/offentlig/alfa/").content.decode()

    (block,) = data["surveys"]
    for item in block["items"]:
        assert item["men"] == {"value": None, "suppressed": True, "reason": "small"}
        assert item["women"]["value"] is None
        assert item["all"]["suppressed"] is False
    assert "färre än 10 svar" in html


def test_no_picture_confirmed_yet(client, world):
    picture(world.a, recent_week(), {"A-1": ("Norra", 9)}, status=SituationPicture.Status.DRAFT)
    publish(world.a)
    data = _data(client, "alfa")
    assert data["observations"]["areas"] == []
    assert all(t["reason"] == "no_data" for t in data["observations"]["total"])

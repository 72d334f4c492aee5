"""Keyset pages of the observations API (issue 20): cursors in the links, no OFFSET."""

from __future__ import annotations

from django.db import connection
from django.test.utils import CaptureQueriesContext

from tests.api.test_reports_api import token_client
from tests.reports.factories import at, file_observation


def five_observations(world) -> list[int]:
    # Two share a moment: the id breaks the tie, so neither is skipped or sent twice.
    moments = ["2026-10-01T12:00", "2026-10-02T12:00", "2026-10-02T12:00", "2026-10-03T08:00"]
    moments.append("2026-10-04T09:30")
    return [file_observation(world, occurred_from=at(m)).pk for m in moments]


def test_following_next_reads_every_observation_once_without_offset(world):
    filed = five_observations(world)
    client = token_client(world.user("analyst"))
    seen, url, pages = [], "/api/v1/observations/?page_size=2", []
    with CaptureQueriesContext(connection) as queries:
        while url:
            body = client.get(url).json()
            pages.append(body)
            seen += [o["id"] for o in body["results"]]
            url = body["next"]

    assert sorted(seen) == sorted(filed)
    assert len(seen) == len(set(seen))
    assert [p["count"] for p in pages] == [5, 5, 5]
    assert "cursor=" in pages[0]["next"]
    assert not any(" OFFSET " in q["sql"].upper() for q in queries.captured_queries)


def test_previous_goes_back_to_the_page_before(world):
    five_observations(world)
    client = token_client(world.user("analyst"))
    first = client.get("/api/v1/observations/?page_size=2").json()
    second = client.get(first["next"]).json()

    back = client.get(second["previous"]).json()

    assert first["previous"] is None
    assert [o["id"] for o in back["results"]] == [o["id"] for o in first["results"]]
    assert back["previous"] is None


def test_the_geojson_pages_link_next_the_ogc_way(world):
    filed = five_observations(world)
    client = token_client(world.user("analyst"))
    seen, url = [], "/api/v1/observations/geojson/?page_size=2"
    while url:
        body = client.get(url).json()
        assert body["numberMatched"] == body["count"] == 5
        assert body["numberReturned"] == len(body["features"])
        seen += [f["id"] for f in body["features"]]
        url = next((link["href"] for link in body["links"] if link["rel"] == "next"), None)
        assert url == body["next"]

    assert sorted(seen) == sorted(filed)


def test_page_numbers_still_work_and_a_bad_cursor_is_400(world):
    filed = five_observations(world)
    client = token_client(world.user("analyst"))

    numbered = client.get("/api/v1/observations/?page_size=2&page=3").json()
    bad = client.get("/api/v1/observations/?cursor=eyJrIjogWyJ4IiwgMV19")

    assert [o["id"] for o in numbered["results"]] == [filed[0]]
    assert numbered["next"] is None
    assert "page=2" in numbered["previous"]
    assert bad.status_code == 400
    assert bad.json()["cursor"][0].startswith("Ogiltig markör")

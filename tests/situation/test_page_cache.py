"""Issue 16: the picture page rendered once and served many times, and its filters.

A confirmed picture's body is rendered once per filter and language; a draft's document
is kept until a write of observations touches its period; an HTMX request for a filter
gets the body alone, narrowed like the page without JavaScript.
"""

from __future__ import annotations

from django.test import TestCase

from samordna.situation import page, page_cache
from samordna.situation.models import SituationPicture
from tests.situation.factories import OUTSIDE_A, observe

WEEK = "2026-W40"
BODY = "situation/_picture_body.html"


def _rendered(response) -> bool:
    return BODY in [t.name for t in response.templates]


def _body(response) -> str:
    html = response.content.decode()
    start = html.index('<div id="picture-body"')
    return html[start : html.index("</section>\n</div>", start)]


def _confirm(client, world) -> SituationPicture:
    with TestCase.captureOnCommitCallbacks(execute=True):
        client.post(f"/lagesbild/{WEEK}/confirm/", {"summary": "Lugnt."})
    return SituationPicture.objects.get(status="confirmed")


def _area(world) -> str:
    return world.area_a.code or f"omrade-{world.area_a.pk}"


def test_a_confirmed_picture_is_rendered_once_per_filter(client, world):
    # Given a confirmed picture, viewed once
    observe(world, WEEK, 3)
    client.force_login(world.user("coordinator"))
    picture = _confirm(client, world)
    first = client.get(f"/lagesbild/{WEEK}/")
    assert _rendered(first)
    # When it is viewed again
    again = client.get(f"/lagesbild/{WEEK}/")
    # Then nothing is rendered anew, and the same body comes back
    assert not _rendered(again)
    assert _body(again) == _body(first)
    assert "<strong>3</strong> egna iakttagelser" in _body(again)
    # And another filter is rendered once, then kept too
    narrowed = client.get(f"/lagesbild/{WEEK}/?omrade={_area(world)}")
    assert _rendered(narrowed)
    assert not _rendered(client.get(f"/lagesbild/{WEEK}/?omrade={_area(world)}"))
    # And the page by id is the same picture's body
    assert not _rendered(client.get(f"/lagesbild/bild/{picture.pk}/"))


def test_a_confirmed_picture_ignores_later_reports(client, world):
    observe(world, WEEK, 3)
    client.force_login(world.user("coordinator"))
    _confirm(client, world)
    client.get(f"/lagesbild/{WEEK}/")
    with TestCase.captureOnCommitCallbacks(execute=True):
        observe(world, WEEK, 4)
    body = client.get(f"/lagesbild/{WEEK}/").content.decode()
    assert "<strong>3</strong> egna iakttagelser" in body


def test_a_draft_is_made_anew_after_a_write_in_its_period_only(client, world):
    # Given a draft viewed once
    with TestCase.captureOnCommitCallbacks(execute=True):
        observe(world, WEEK, 2)
    client.force_login(world.user("coordinator"))
    assert (
        "<strong>2</strong> egna iakttagelser" in client.get(f"/lagesbild/{WEEK}/").content.decode()
    )
    # When a report is filed in a year the picture does not read
    with TestCase.captureOnCommitCallbacks(execute=True):
        observe(world, "2024-W10", 1)
    # Then the kept draft is served
    assert not _rendered(client.get(f"/lagesbild/{WEEK}/"))
    # When a report is filed in its week
    with TestCase.captureOnCommitCallbacks(execute=True):
        observe(world, WEEK, 1)
    # Then the draft is made anew with it
    response = client.get(f"/lagesbild/{WEEK}/")
    assert _rendered(response)
    assert "<strong>3</strong> egna iakttagelser" in response.content.decode()


def test_a_filter_by_htmx_gets_the_body_alone_and_the_same_numbers(client, world):
    observe(world, WEEK, 3)
    observe(world, WEEK, 2, where=OUTSIDE_A)
    client.force_login(world.user("analyst"))
    path = f"/lagesbild/{WEEK}/?omrade={_area(world)}"
    partial = client.get(path, headers={"HX-Request": "true"})
    whole = client.get(path)
    body = partial.content.decode()
    assert body.strip().startswith('<div id="picture-body"')
    assert "<html" not in body
    assert "<form" not in body
    assert "HX-Request" in partial["Vary"]
    assert body in whole.content.decode(), "the page without JavaScript holds the same body"
    assert "<strong>3</strong> egna iakttagelser" in body
    assert "Visar bara" in body


def _document() -> dict:
    """Two areas, two categories; a hot cell around each area's one observation."""
    cell = {"area": None, "category": "", "count": 0, "previous": 0, "recent_mean": 0.0}
    cells = [
        cell
        | {"area": a, "category": c, "count": n, "last_year": 0, "trend": [0, n]}
        | {"flagged": (a, c) == ("A", "klotter"), "direction": "up"}
        for a, c, n in (("A", "klotter", 4), ("A", "brand", 1), ("B", "klotter", 2))
    ]
    area = {"previous": 0, "recent_mean": 0.0, "last_year": 0, "trend": [0, 0]}
    return {
        "period": {"key": WEEK},
        "comparisons": {"trend": ["2026-W39", WEEK]},
        "areas": [
            area | {"code": "A", "name": "Aby", "count": 5},
            area | {"code": "B", "name": "Bby", "count": 2},
        ],
        "categories": [
            area | {"code": "klotter", "name": "Klotter", "count": 6, "police_events": 3},
            area | {"code": "brand", "name": "Brand", "count": 1, "police_events": 0},
        ],
        "cells": cells,
        "observations": [
            {
                "id": 1,
                "area": "A",
                "category": "klotter",
                "lat": 59.0,
                "lon": 15.0,
                "occurred_from": "2026-09-30T14:00:00+02:00",
            },
            {
                "id": 2,
                "area": "B",
                "category": "brand",
                "lat": 59.1,
                "lon": 15.1,
                "occurred_from": "2026-09-30T15:00:00+02:00",
            },
        ],
        "top_unsafe": [],
        "new_since_previous": [],
        "police": {"count": 3, "previous": 0, "recent_mean": 0, "last_year": 0, "trend": [0, 3]},
        "hour_weekday": {"weekdays": [], "matrix": []},
        "hotspots": {
            "cell_size_m": 200,
            "cells": [
                {"lat": 59.0002, "lon": 15.0002, "count": 1, "z": 3.0, "q": 0.01},
                {"lat": 59.1002, "lon": 15.1002, "count": 1, "z": 3.0, "q": 0.01},
                {"lat": 58.5, "lon": 14.5, "count": 0, "z": 2.5, "q": 0.04},
            ],
        },
    }


def test_every_part_follows_the_area_filter():
    # When the document is narrowed to area A
    shown = page.narrowed(_document(), area="A")
    # Then the areas, the categories (summed from A's cells), the hot spots and points follow
    assert [a["code"] for a in shown["areas"]] == ["A"]
    assert {c["code"]: c["count"] for c in shown["categories"]} == {"klotter": 4, "brand": 1}
    assert all(c["police_events"] is None for c in shown["categories"]), "no place for police"
    assert [c["lat"] for c in shown["hotspots"]["cells"]] == [59.0002]
    assert [o["id"] for o in shown["observations"]] == [1]


def test_every_part_follows_the_category_filter():
    shown = page.narrowed(_document(), category="brand")
    assert {a["code"]: a["count"] for a in shown["areas"]} == {"A": 1, "B": 0}
    assert [c["code"] for c in shown["categories"]] == ["brand"]
    assert [c["lat"] for c in shown["hotspots"]["cells"]] == [59.1002]


def test_hot_spots_that_carry_their_area_are_kept_in_it():
    document = _document()
    document["hotspots"]["clusters"] = [{"area": "A", "name": "Torget"}, {"area": "B"}]
    shown = page.narrowed(document, area="B")
    assert shown["hotspots"]["clusters"] == [{"area": "B"}]


def test_the_flagged_increases_are_told_in_a_sentence():
    document = _document()
    said = page.changes(document)
    assert said == {"sentences": ["Klotter i Aby ökade från 0 till 4, mer än vanligt."], "more": 0}
    document["cells"][0]["sentence"] = "Klotter ökade kring torget."
    assert page.changes(document)["sentences"] == ["Klotter ökade kring torget."]


def test_a_week_at_new_year_touches_both_years():
    # 2026-W01 starts on Monday 29 December 2025: a write in it changes 2025's tertial too
    assert page_cache._years_of("2026-W01") == {"2025", "2026"}
    assert page_cache._years_of("2026-W20") == {"2026"}

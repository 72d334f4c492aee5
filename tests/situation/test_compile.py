"""The compiled document: counts, comparisons, flags, police layer, time patterns."""

from __future__ import annotations

import json

import pytest

from samordna.reports.models import WeeklyCount
from samordna.reports.review import observation_correct, observation_reject
from samordna.situation.compile import compile_document, content_hash
from tests.reports.factories import SECRET_ADDRESS, SECRET_TEXT, at, category
from tests.situation.document_consistency import assert_document_consistent
from tests.situation.document_shape import assert_document_shape
from tests.situation.factories import OUTSIDE_A, in_week, observe, police_event

WEEK = "2026-W40"


def _area(document, code):
    return next(a for a in document["areas"] if a["code"] == code)


def _cell(document, area, category_code):
    return next(
        c for c in document["cells"] if c["area"] == area and c["category"] == category_code
    )


@pytest.fixture
def history(world):
    """Klotter in area A: 5 this week, 1 last week, 0/1/0/1 before, 2 a year ago."""
    observe(world, WEEK, 5)
    observe(world, "2026-W39")
    observe(world, "2026-W37")
    observe(world, "2026-W35")
    observe(world, "2025-W40", 2)
    return world


def test_counts_and_comparisons_of_a_week(history):
    document = compile_document(history.a, WEEK)
    code = _area(document, history.area_a.code or f"omrade-{history.area_a.pk}")["code"]
    cell = _cell(document, code, "skadegorelse-klotter")
    assert cell["count"] == 5
    assert cell["previous"] == 1
    assert cell["recent_mean"] == 0.5  # W35..W38: 1, 0, 1, 0
    assert cell["last_year"] == 2
    assert cell["trend"] == [0, 0, 0, 0, 0, 0, 1, 0, 1, 0, 1, 5]  # W29..W40
    assert cell["direction"] == "up"
    assert document["totals"]["count"] == 5
    assert document["comparisons"]["previous"] == "2026-W39"
    assert document["comparisons"]["recent"] == ["2026-W35", "2026-W36", "2026-W37", "2026-W38"]
    assert document["comparisons"]["last_year"] == "2025-W40"


def test_an_increase_beyond_chance_is_flagged_and_a_small_one_is_not(history):
    observe(history, WEEK, 2, where=OUTSIDE_A, category=category("anlagd-brand"))
    document = compile_document(history.a, WEEK)
    code = document["areas"][0]["code"]
    flagged = _cell(document, code, "skadegorelse-klotter")
    assert flagged["flagged"] is True
    assert flagged["q"] < 0.05
    # Two fires from nothing is below the minimum count of three: never a "trend".
    small = _cell(document, None, "anlagd-brand")
    assert small["count"] == 2
    assert small["flagged"] is False
    assert document["areas"][0]["flagged"] is True


def test_observations_outside_every_area_count_with_area_null(world):
    observe(world, WEEK, where=OUTSIDE_A)
    document = compile_document(world.a, WEEK)
    assert [c["area"] for c in document["cells"]] == [None]
    assert document["observations"][0]["area"] is None
    assert document["totals"]["count"] == 1


def test_rejected_observations_do_not_count_and_corrections_move_the_count(world):
    first, second = observe(world, WEEK, 2)
    coordinator = world.user("coordinator")
    observation_reject(actor=coordinator, observation=first, reason="Felrapporterad")
    observation_correct(actor=coordinator, observation=second, occurred_from=in_week("2026-W41"))
    assert compile_document(world.a, WEEK)["totals"]["count"] == 0
    assert compile_document(world.a, "2026-W41")["totals"]["count"] == 1
    # The aggregate holds exactly what a recount from the rows gives.
    assert list(
        WeeklyCount.objects.filter(municipality=world.a).values_list("week_key", "count")
    ) == [("2026-W41", 1)]


def test_tertial_and_year_split_a_week_that_straddles_them(world):
    # Monday 31 August (T2) and Tuesday 1 September (T3) are both in week 36.
    observe(world, "2026-W36", occurred_from=at("2026-08-31T10:00"))
    observe(world, "2026-W36", occurred_from=at("2026-09-01T10:00"))
    assert compile_document(world.a, "2026-W36")["totals"]["count"] == 2
    assert compile_document(world.a, "2026-T2")["totals"]["count"] == 1
    t3 = compile_document(world.a, "2026-T3")
    assert t3["totals"]["count"] == 1
    assert t3["comparisons"]["previous"] == "2026-T2"
    assert t3["totals"]["previous"] == 1
    year = compile_document(world.a, "2026")
    assert year["totals"]["count"] == 2
    assert year["period"] == {
        "kind": "year",
        "key": "2026",
        "label": "2026",
        "start": "2026-01-01",
        "end": "2026-12-31",
    }


def test_police_events_are_a_layer_of_their_own(world):
    observe(world, WEEK)
    police_event(world, in_week(WEEK), "Skadegörelse")
    police_event(world, in_week(WEEK, day=4), "Skadegörelse")
    police_event(world, in_week(WEEK), "Rattfylleri")
    police_event(world, in_week("2026-W39"), "Rattfylleri")
    document = compile_document(world.a, WEEK)
    assert document["totals"]["count"] == 1  # never mixed with own observations
    assert document["police"]["count"] == 3
    assert document["police"]["previous"] == 1
    assert document["police"]["by_type"] == [
        {"type": "Skadegörelse", "count": 2, "previous": 0},
        {"type": "Rattfylleri", "count": 1, "previous": 1},
    ]
    klotter = next(c for c in document["categories"] if c["code"] == "skadegorelse-klotter")
    assert klotter["police_events"] == 2
    assert all(a["police_events"] is None for a in document["areas"])


def test_hour_weekday_top_unsafe_and_new_since_previous(world):
    observe(world, WEEK, occurred_from=at("2026-10-02T23:30"), unsafety=3)  # Friday
    observe(world, WEEK, occurred_from=at("2026-09-28T08:10"), unsafety=1)  # Monday
    document = compile_document(world.a, WEEK)
    matrix = document["hour_weekday"]["matrix"]
    assert matrix[4][23] == 1
    assert matrix[0][8] == 1
    assert sum(map(sum, matrix)) == 2
    assert [o["unsafety"] for o in document["top_unsafe"]] == [3, 1]
    assert document["new_since_previous"] == [
        {"area": document["areas"][0]["code"], "category": "skadegorelse-klotter", "count": 2}
    ]


def test_no_free_text_or_address_ever_reaches_the_document(world):
    observe(world, WEEK, 3)
    text = json.dumps(compile_document(world.a, WEEK), ensure_ascii=False)
    assert SECRET_TEXT not in text
    assert SECRET_ADDRESS not in text


# Four spots in area A, away from INSIDE_A (200 m cells: each in a cell of its own).
ELSEWHERE_IN_A = [(15.203, 59.2715), (15.217, 59.2715), (15.203, 59.2785), (15.217, 59.2785)]


def test_a_place_with_more_than_its_usual_share_is_one_named_cluster(world):
    # Given: three weeks before with one report at each of four other spots in area A,
    for week in ("2026-W37", "2026-W38", "2026-W39"):
        for spot in ELSEWHERE_IN_A:
            observe(world, week, where=spot)
    # and this week six on one spot where nothing usually happens, one elsewhere in A
    # and one outside every area.
    six = observe(world, WEEK, 6)
    observe(world, WEEK, where=ELSEWHERE_IN_A[0])
    observe(world, WEEK, where=OUTSIDE_A)
    # When the week is compiled
    hot = compile_document(world.a, WEEK)["hotspots"]
    # Then the six are one cluster, named after their area, with its numbers and place.
    assert hot["crs"] == "EPSG:3006"
    [cluster] = hot["clusters"]
    assert cluster["observation_ids"] == sorted(o.pk for o in six)
    assert cluster["count"] == 6
    assert cluster["baseline"] == 0
    assert cluster["name"] in (world.area_a.name, world.place_a.name)
    assert cluster["area_names"] == [world.area_a.name]
    assert abs(cluster["lon"] - 15.21) < 0.002
    assert abs(cluster["lat"] - 59.275) < 0.002
    west, south, east, north = cluster["bbox"]
    assert west <= 15.21 <= east
    assert south <= 59.275 <= north
    # and the map's cells are that cluster's, never an empty one, never the lone ones.
    assert [c["count"] for c in hot["cells"]] == [6]
    assert all(c["count"] > 0 and c["cluster"] == 0 for c in hot["cells"])


def test_without_a_baseline_nothing_is_hot(world):
    # Given six reports on one spot and no earlier reports at all
    observe(world, WEEK, 6)
    # Then there is no usual share to exceed: no hot spot.
    hot = compile_document(world.a, WEEK)["hotspots"]
    assert hot["clusters"] == []
    assert hot["cells"] == []


def test_another_municipalitys_observations_never_count(world):
    observe(world, WEEK, 2)
    assert compile_document(world.b, WEEK)["totals"]["count"] == 0


def test_the_content_hash_ignores_the_picture_block_only(world):
    observe(world, WEEK)
    document = compile_document(world.a, WEEK)
    changed_status = {**document, "picture": {**document["picture"], "status": "confirmed"}}
    assert content_hash(document) == content_hash(changed_status)
    changed_count = {**document, "totals": {**document["totals"], "count": 99}}
    assert content_hash(document) != content_hash(changed_count)


def test_the_compiled_document_follows_the_documented_format(history):
    observe(history, WEEK, 2, where=OUTSIDE_A, category=category("anlagd-brand"))
    police_event(history, in_week(WEEK), "Brand")
    for key in (WEEK, "2026-T3", "2026"):
        document = compile_document(history.a, key)
        assert_document_shape(document)
        assert_document_consistent(document)

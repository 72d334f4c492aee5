"""Reading one police record: times exactly as the API writes them, and clear refusals."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from samordna.integrations.polisen.records import (
    RecordError,
    parse_datetime,
    parse_gps,
    parse_record,
    parse_records,
)
from tests.integrations.conftest import polisen_record


def test_a_summer_time_stamp_is_stored_in_utc():
    assert parse_datetime("2026-08-22 19:51:41 +02:00") == datetime(
        2026, 8, 22, 17, 51, 41, tzinfo=UTC
    )


def test_a_winter_time_stamp_is_stored_in_utc():
    assert parse_datetime("2023-03-20 17:15:38 +01:00") == datetime(
        2023, 3, 20, 16, 15, 38, tzinfo=UTC
    )


def test_single_digit_hours_are_read():
    assert parse_datetime("2023-03-26 6:54:19 +02:00") == datetime(
        2023, 3, 26, 4, 54, 19, tzinfo=UTC
    )
    assert parse_datetime("2023-03-26 3:05:00 +02:00") == datetime(2023, 3, 26, 1, 5, tzinfo=UTC)


def test_the_spring_change_is_one_second_not_an_hour():
    # 26 March 2023: clocks jump from 02:00 CET to 03:00 CEST.
    before = parse_datetime("2023-03-26 1:59:59 +01:00")
    after = parse_datetime("2023-03-26 3:00:00 +02:00")
    assert (after - before).total_seconds() == 1


def test_the_autumn_hour_that_happens_twice_is_told_apart_by_the_offset():
    # 29 October 2023: 02:30 happens first in CEST (+02:00), then again in CET (+01:00).
    first = parse_datetime("2023-10-29 2:30:00 +02:00")
    second = parse_datetime("2023-10-29 2:30:00 +01:00")
    assert first == datetime(2023, 10, 29, 0, 30, tzinfo=UTC)
    assert (second - first).total_seconds() == 3600


def test_week_and_tertial_are_those_of_the_stockholm_date():
    # Monday 00:30 in Stockholm is still Sunday in UTC: the event is in Monday's week.
    monday = parse_record(0, polisen_record(datetime="2026-01-05 0:30:00 +01:00"))
    assert monday.occurred_at == datetime(2026, 1, 4, 23, 30, tzinfo=UTC)
    assert monday.week_key == "2026-W02"
    # 1 May 00:15 in Stockholm is 30 April in UTC: tertial 2, not 1.
    may = parse_record(0, polisen_record(datetime="2026-05-01 0:15:00 +02:00"))
    assert may.tertial_key == "2026-T2"
    assert may.week_key == "2026-W18"


@pytest.mark.parametrize(
    "text",
    [
        "2026-08-22T19:51:41+02:00",
        "2026-08-22 19:51:41",
        "2026-08-22 19:51 +02:00",
        "22/8/2026 19:51:41 +02:00",
        "2026-02-30 10:00:00 +01:00",
        "2026-08-22 24:00:00 +02:00",
        "2026-08-22 19:51:41 +25:00",
        " 2026-08-22 19:51:41 +02:00",
    ],
)
def test_anything_but_the_exact_format_is_refused(text):
    with pytest.raises(ValueError, match=r"tid|datum"):
        parse_datetime(text)


def test_gps_is_latitude_first_and_inside_sweden():
    assert parse_gps("59.274,15.213") == (59.274, 15.213)
    with pytest.raises(ValueError, match="inte i Sverige"):
        parse_gps("15.213,59.274")
    with pytest.raises(ValueError, match="latitud"):
        parse_gps("59.274")


def test_a_record_is_parsed_with_an_absolute_url_and_its_place():
    event = parse_record(0, polisen_record())
    assert event.external_id == "650297"
    assert event.url.startswith("https://polisen.se/aktuellt/handelser/2026/augusti/22/")
    assert event.place.municipality.name == "Kävlinge"
    assert (event.area_centre_lat, event.area_centre_lon) == (55.990257, 13.595769)
    assert not event.is_summary


def test_summaries_are_marked():
    event = parse_record(0, polisen_record(type="Sammanfattning natt", location="Örebro län"))
    assert event.is_summary


def test_a_problem_names_the_position_id_field_and_reason():
    records = [polisen_record(1), polisen_record(2, datetime="igår"), polisen_record(3, gps="")]
    events, problems = parse_records(records)
    assert [event.external_id for event in events] == ["1"]
    assert problems[0].startswith("Post 2 (id 2), fältet 'datetime': tiden ska se ut som")
    assert "igår" in problems[0]
    assert problems[1].startswith("Post 3 (id 3), fältet 'location.gps':")


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"id": -4}, "id"),
        ({"id": True}, "id"),
        ({"id": None}, "id"),
        ({"name": ""}, "name"),
        ({"type": None}, "type"),
        ({"summary": 5}, "summary"),
        ({"url": "https://example.com/x"}, "url"),
        ({"url": "//example.com/x"}, "url"),
        ({"location": "Örebro"}, "location"),
        ({"location": {"name": "Örebro"}}, "location.gps"),
        ({"name": "x" * 301}, "name"),
    ],
)
def test_bad_fields_are_refused(change, field):
    with pytest.raises(RecordError, match=f"fältet '{field}'"):
        parse_record(0, {**polisen_record(), **change})


def test_a_record_that_is_no_object_is_refused():
    with pytest.raises(RecordError, match=r"Post 1, .*är inget objekt"):
        parse_record(0, ["650297"])


def test_an_id_given_as_digits_is_the_same_id():
    assert parse_record(0, polisen_record(id="650297")).external_id == "650297"  # type: ignore[arg-type]

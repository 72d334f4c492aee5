"""Observation filters: Stockholm weeks and days, references by code and slug, bad input."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta

import pytest
from django.test import RequestFactory

from samordna.analysis.periods import STOCKHOLM, iso_week, tertial
from samordna.reports.filtersets import ObservationFilterSet
from samordna.reports.models import Observation, Report
from samordna.reports.review import observation_reject
from tests.reports.factories import category, file_observation


def _a_sunday_weeks_ago() -> date:
    today = datetime.now(STOCKHOLM).date()
    return today - timedelta(days=today.weekday() + 1 + 14)


def _late_sunday_utc(sunday: date) -> datetime:
    # 23:30 UTC on a Sunday is already Monday in Stockholm (+01:00 or +02:00).
    return datetime.combine(sunday, time(23, 30), tzinfo=UTC)


def _filter(params, user=None):
    request = None
    if user is not None:
        request = RequestFactory().get("/")
        request.user = user
    return ObservationFilterSet(params, queryset=Observation.objects.all(), request=request)


def _ids(params, user=None):
    filterset = _filter(params, user)
    assert filterset.is_valid(), filterset.errors
    return set(filterset.qs.values_list("pk", flat=True))


def test_week_is_the_stockholm_week(world):
    # given an observation late on a Sunday in UTC, which is Monday in Stockholm
    sunday = _a_sunday_weeks_ago()
    monday_in_stockholm = file_observation(world, occurred_from=_late_sunday_utc(sunday))
    sunday_noon = file_observation(
        world, occurred_from=datetime.combine(sunday, time(12), tzinfo=STOCKHOLM)
    )
    # when filtered by the Sunday's week and the Monday's week
    sunday_week = iso_week(sunday)
    monday_week = iso_week(sunday + timedelta(days=1))
    # then each observation is in the week of its Stockholm date
    assert _ids({"week": sunday_week}) == {sunday_noon.pk}
    assert _ids({"week": monday_week}) == {monday_in_stockholm.pk}


def test_since_and_until_are_whole_stockholm_days(world):
    sunday = _a_sunday_weeks_ago()
    monday = sunday + timedelta(days=1)
    late = file_observation(world, occurred_from=_late_sunday_utc(sunday))  # Monday 00:30/01:30
    early = file_observation(
        world, occurred_from=datetime.combine(sunday, time(0, 5), tzinfo=STOCKHOLM)
    )

    assert _ids({"since": monday.isoformat()}) == {late.pk}
    assert _ids({"until": sunday.isoformat()}) == {early.pk}
    assert _ids({"since": sunday.isoformat(), "until": sunday.isoformat()}) == {early.pk}


def test_tertial_filter(world):
    now = file_observation(world)
    old = file_observation(world, occurred_from=now.occurred_from - timedelta(days=130))

    assert _ids({"tertial": tertial(old.occurred_from)}) == {old.pk}


@pytest.mark.parametrize(
    ("params", "field", "message"),
    [
        ({"week": "2026-47"}, "week", "2026-W47"),
        ({"week": "2026-W54"}, "week", "2026-W47"),
        ({"week": "2026-W00"}, "week", "2026-W47"),
        ({"tertial": "2026-T4"}, "tertial", "2026-T3"),
        ({"since": "0001-01-01"}, "since", "mellan 1900-01-01"),
        ({"until": "9999-12-31"}, "until", "mellan 1900-01-01"),
        ({"since": "igår"}, "since", ""),
        ({"status": "deleted"}, "status", ""),
        ({"source": "fax"}, "source", ""),
    ],
)
def test_bad_values_are_errors_not_empty_lists(world, params, field, message):
    filterset = _filter(params)

    assert not filterset.is_valid()
    assert message in filterset.errors[field][0]


def test_category_organisation_status_source_and_municipality(world):
    # given observations that differ in one thing each
    plain = file_observation(world)
    moped = file_observation(world, category=category("fordon-mopeder"))
    of_a2 = file_observation(world, world.a2)
    rejected = file_observation(world)
    observation_reject(actor=world.user("coordinator"), observation=rejected, reason="Fel")
    imported = file_observation(world)
    Report.objects.filter(pk=imported.report_id).update(source=Report.Source.IMPORT)
    in_b = file_observation(world, world.b1, free_text="I Beta.")
    # then each filter picks its own
    assert _ids({"category": "fordon-mopeder"}) == {moped.pk}
    assert _ids({"category": "fordon"}) == {moped.pk}  # a parent means its subcategories
    assert _ids({"organisation": world.a2.slug}) == {of_a2.pk}
    assert _ids({"status": "closed"}) == {rejected.pk}
    assert _ids({"source": "import"}) == {imported.pk}
    assert _ids({"municipality": "beta"}) == {in_b.pk}
    assert plain.pk in _ids({"municipality": "alfa", "status": "submitted", "source": "web"})


def test_area_is_chosen_among_the_users_areas(world):
    # given observations in area A and without an area
    in_area = file_observation(world)
    file_observation(world, longitude=16.0, latitude=59.5, address="")
    # then a member of A filters by A's area, and for a member of B it is not a choice
    assert _ids({"area": world.area_a.pk}, world.user("analyst")) == {in_area.pk}
    refused = _filter({"area": world.area_a.pk}, world.user("analyst", "other_municipality"))
    assert not refused.is_valid()
    assert "area" in refused.errors

"""Filing reports: all observations or none, idempotent, every problem named in Swedish."""

from __future__ import annotations

import uuid
from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from samordna.analysis.periods import iso_week
from samordna.core.models import AuditEvent
from samordna.reports.intake import ObservationInput
from samordna.reports.models import Category, Observation, Report
from samordna.reports.policies import reporting_organisations
from samordna.reports.services import report_submit


def _category(code: str = "skadegorelse-klotter") -> Category:
    return Category.objects.get(code=code, municipality=None)


def _observation(**overrides) -> ObservationInput:
    values = {
        "category": _category(),
        "occurred_from": timezone.now() - timedelta(hours=3),
        "unsafety": 2,
        "certainty": "observed",
        "longitude": 15.21,
        "latitude": 59.275,
        "free_text": "Klotter på busskuren vid torget.",
    } | overrides
    return ObservationInput(**values)


def _submit(world, observations, key=None):
    return report_submit(
        actor=world.user("reporter"),
        organisation=world.a1,
        client_uuid=key or uuid.uuid4(),
        observations=observations,
    )


def test_a_report_with_two_observations_is_filed_with_derived_fields(world):
    result = _submit(
        world, [_observation(), _observation(longitude=None, latitude=None, place=world.place_a)]
    )

    assert result.created
    first, second = result.report.observations.order_by("id")
    assert first.area == world.area_a  # from the point
    assert first.x == pytest.approx(511_800, abs=2_000)  # SWEREF 99 TM easting, metres
    assert first.week_key == iso_week(first.occurred_from)
    assert second.area == world.area_a  # from the place
    assert (first.municipality, first.organisation) == (world.a, world.a1)
    assert AuditEvent.objects.filter(action="report.submit", target_id=str(result.report.pk))


def test_the_same_client_uuid_twice_files_one_report(world):
    key = uuid.uuid4()
    first = _submit(world, [_observation()], key)
    events = AuditEvent.objects.count()

    again = _submit(world, [_observation(), _observation()], key)

    assert not again.created
    assert again.report.pk == first.report.pk
    assert Observation.objects.filter(report=first.report).count() == 1
    assert AuditEvent.objects.count() == events


def test_one_bad_observation_stops_the_whole_report(world):
    reports, events = Report.objects.count(), AuditEvent.objects.count()

    with pytest.raises(ValidationError) as error:
        _submit(world, [_observation(), _observation(free_text="Ring 070-123 45 67", unsafety=5)])

    problems = error.value.message_dict
    assert "telefonnummer" in problems["observations.2.free_text"][0]
    assert "1 (lite) till 3" in problems["observations.2.unsafety"][0]
    assert "observations.1.free_text" not in problems
    assert (Report.objects.count(), AuditEvent.objects.count()) == (reports, events)


@pytest.mark.parametrize(
    ("overrides", "field", "message"),
    [
        ({"occurred_from": timezone.now() + timedelta(days=1)}, "occurred_from", "framtiden"),
        ({"longitude": None, "latitude": None}, "place", "Ange var"),
        ({"latitude": None}, "longitude", "både longitud och latitud"),
        ({"longitude": 2.35, "latitude": 48.85}, "longitude", "utanför Sverige"),
        ({"certainty": "kanske"}, "certainty", "hur säker"),
        ({"free_text": "Mejla info@example.se"}, "free_text", "e-postadress"),
        ({"category": "fordon"}, "category", "underkategori"),
    ],
)
def test_each_problem_is_named_at_its_field(world, overrides, field, message):
    if overrides.get("category") == "fordon":
        overrides = {"category": _category("fordon")}

    with pytest.raises(ValidationError) as error:
        _submit(world, [_observation(**overrides)])

    assert message in error.value.message_dict[f"observations.1.{field}"][0]


def test_an_area_or_place_of_another_municipality_is_refused(world):
    with pytest.raises(ValidationError) as error:
        _submit(world, [_observation(area=world.area_b)])

    assert "observations.1.area" in error.value.message_dict


def test_who_may_report_for_which_organisation(world):
    assert list(reporting_organisations(world.user("reporter"))) == [world.a1]
    assert list(reporting_organisations(world.user("coordinator", "other_org"))) == [world.a2]
    assert not reporting_organisations(world.user("analyst")).exists()
    assert not reporting_organisations(world.user("management")).exists()


def test_a_simultaneous_second_submission_returns_the_first(world, monkeypatch):
    from samordna.reports import services

    key = uuid.uuid4()
    first = _submit(world, [_observation()], key)
    # The second request checked for the key before the first had committed.
    real_filter = Report.objects.filter
    calls = {"n": 0}

    def late_filter(*args, **kwargs):
        calls["n"] += 1
        return Report.objects.none() if calls["n"] == 1 else real_filter(*args, **kwargs)

    monkeypatch.setattr(Report.objects, "filter", late_filter)
    again = services.report_submit(
        actor=world.user("reporter"),
        organisation=world.a1,
        client_uuid=key,
        observations=[_observation()],
    )

    assert not again.created
    assert again.report.pk == first.report.pk
    assert Observation.objects.filter(report=first.report).count() == 1


@pytest.mark.parametrize("text", ["före\x00efter", "dold\x1btext", "klocka\x07"])
def test_a_control_character_in_free_text_is_refused_and_nothing_is_written(world, text):
    from tests.reports.factories import observation_input

    reports = Report.objects.count()
    with pytest.raises(ValidationError) as refused:
        report_submit(
            actor=world.user("reporter"),
            organisation=world.a1,
            client_uuid=uuid.uuid4(),
            observations=[observation_input(free_text=text)],
        )
    assert "styrtecken" in str(refused.value.message_dict)
    assert Report.objects.count() == reports

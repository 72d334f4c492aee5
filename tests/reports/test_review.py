"""Reviewing observations: corrections, rejections, duplicates, bulk actions, and who may."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from pyproj import Transformer

from samordna.analysis.periods import iso_week, tertial
from samordna.core.models import AuditEvent
from samordna.reports.filtersets import ObservationFilterSet
from samordna.reports.models import Observation
from samordna.reports.review import (
    duplicate_candidates,
    observation_correct,
    observation_mark_duplicate,
    observation_mark_reviewed,
    observation_reject,
    observations_bulk,
)
from tests.reports.factories import category, file_observation

Status = Observation.Status
_TO_WGS84 = Transformer.from_crs("EPSG:3006", "EPSG:4326", always_xy=True)


def _snapshot():
    return (
        list(Observation.objects.order_by("pk").values_list()),
        AuditEvent.objects.count(),
    )


def _events(observation, action):
    return AuditEvent.objects.filter(action=action, target_id=str(observation.pk))


# --- correct -------------------------------------------------------------------------


def test_a_correction_rederives_the_period_keys_and_audits_the_difference(world):
    # given an observation of this week, and a coordinator
    observation = file_observation(world)
    coordinator = world.user("coordinator")
    five_weeks_back = observation.occurred_from - timedelta(weeks=5)
    # when the time and category are corrected
    observation_correct(
        actor=coordinator,
        observation=observation,
        category=category("anlagd-brand"),
        occurred_from=five_weeks_back,
        time_band="evening",
    )
    # then the row carries the new values and keys, and the audit event the difference
    observation.refresh_from_db()
    assert observation.category.code == "anlagd-brand"
    assert observation.week_key == iso_week(five_weeks_back)
    assert observation.tertial_key == tertial(five_weeks_back)
    changes = _events(observation, "observation.correct").get().changes
    assert changes["category"] == ["skadegorelse-klotter", "anlagd-brand"]
    assert changes["time_band"] == ["", "evening"]
    assert changes["week_key"][1] == iso_week(five_weeks_back)
    assert "area" not in changes


def test_a_correction_that_changes_nothing_writes_nothing(world):
    observation = file_observation(world)
    before = _snapshot()

    observation_correct(
        actor=world.user("admin"), observation=observation, category=observation.category
    )

    assert _snapshot() == before


@pytest.mark.parametrize(
    ("change", "field", "message"),
    [
        (lambda w: {"category": category("fordon")}, "category", "underkategori"),
        (lambda w: {"area": w.area_b}, "area", "Finns inte i den här kommunen"),
        (lambda w: {"time_band": "brunch"}, "time_band", "Okänd tid"),
    ],
)
def test_a_bad_correction_is_refused_and_changes_nothing(world, change, field, message):
    observation = file_observation(world)
    before = _snapshot()

    with pytest.raises(ValidationError) as error:
        observation_correct(
            actor=world.user("coordinator"), observation=observation, **change(world)
        )

    assert message in error.value.message_dict[field][0]
    assert _snapshot() == before


def test_moving_the_start_past_the_end_is_named_at_the_end(world):
    observation = file_observation(world)
    observation_correct(
        actor=world.user("coordinator"),
        observation=observation,
        occurred_to=observation.occurred_from + timedelta(hours=1),
    )

    with pytest.raises(ValidationError) as error:
        observation_correct(
            actor=world.user("coordinator"),
            observation=observation,
            occurred_from=observation.occurred_from + timedelta(hours=2),
        )

    assert "före starttiden" in error.value.message_dict["occurred_to"][0]


def test_an_old_import_can_still_be_recategorised(world):
    # given an imported observation from further back than the web form accepts
    observation = file_observation(world)
    long_ago = observation.occurred_from - timedelta(days=366 * 6)
    Observation.objects.filter(pk=observation.pk).update(occurred_from=long_ago)
    observation.refresh_from_db()
    # when only its category is corrected, then the old time is not held against it
    observation_correct(
        actor=world.user("coordinator"), observation=observation, category=category("vald")
    )
    assert Observation.objects.get(pk=observation.pk).category.code == "vald"


@pytest.mark.parametrize(
    ("role", "relation"),
    [
        ("reporter", "own_org"),
        ("analyst", "own_org"),
        ("partner", "own_org"),
        ("management", "other_org"),
        ("coordinator", "other_municipality"),
        ("admin", "other_municipality"),
    ],
)
def test_only_coordinators_and_admins_of_the_municipality_review(world, role, relation):
    observation = file_observation(world)
    actor = world.user(role, relation)
    before = _snapshot()

    with pytest.raises(PermissionDenied):
        observation_correct(actor=actor, observation=observation, category=category("vald"))
    with pytest.raises(PermissionDenied):
        observation_reject(actor=actor, observation=observation, reason="Fel")
    with pytest.raises(PermissionDenied):
        observation_mark_reviewed(actor=actor, observation=observation)
    with pytest.raises(PermissionDenied):
        observations_bulk(
            actor=actor, queryset=Observation.objects.filter(pk=observation.pk), action="reviewed"
        )

    assert _snapshot() == before


def test_a_coordinator_of_another_organisation_in_the_municipality_reviews(world):
    observation = file_observation(world)

    observation_mark_reviewed(actor=world.user("coordinator", "other_org"), observation=observation)

    assert Observation.objects.get(pk=observation.pk).status == Status.REVIEWED


# --- reject, reviewed, duplicate ---------------------------------------------------------


def test_a_rejection_closes_with_the_reason_and_who_reviewed(world):
    observation = file_observation(world)
    coordinator = world.user("coordinator")

    observation_reject(actor=coordinator, observation=observation, reason="  Utanför kommunen. ")

    observation.refresh_from_db()
    assert observation.status == Status.CLOSED
    assert observation.closed_reason == "Utanför kommunen."
    assert observation.reviewed_by == coordinator
    assert observation.reviewed_at is not None
    assert _events(observation, "observation.reject").get().changes["closed_reason"] == (
        "Utanför kommunen."
    )


@pytest.mark.parametrize(
    ("reason", "message"),
    [("   ", "Skriv varför"), ("Ring 070-123 45 67", "telefonnummer"), ("x" * 1001, "för långt")],
)
def test_a_rejection_needs_a_reason_without_personal_data(world, reason, message):
    observation = file_observation(world)
    before = _snapshot()

    with pytest.raises(ValidationError) as error:
        observation_reject(actor=world.user("coordinator"), observation=observation, reason=reason)

    assert message in error.value.message_dict["reason"][0]
    assert _snapshot() == before


def test_an_observation_in_a_confirmed_picture_cannot_be_closed(world):
    observation = file_observation(world)
    Observation.objects.filter(pk=observation.pk).update(status=Status.IN_PICTURE)
    observation.refresh_from_db()

    with pytest.raises(ValidationError) as error:
        observation_reject(actor=world.user("coordinator"), observation=observation, reason="Fel")

    assert "Med i fastställd lägesbild" in error.value.message_dict["status"][0]


def test_reviewed_once_only_from_submitted(world):
    observation = file_observation(world)
    observation_mark_reviewed(actor=world.user("admin"), observation=observation)
    assert _events(observation, "observation.review").count() == 1

    with pytest.raises(ValidationError):
        observation_mark_reviewed(actor=world.user("admin"), observation=observation)

    assert _events(observation, "observation.review").count() == 1


def test_a_duplicate_points_to_its_original_and_is_closed(world):
    original, copy = file_observation(world), file_observation(world)

    observation_mark_duplicate(actor=world.user("coordinator"), observation=copy, of=original)

    copy.refresh_from_db()
    assert (copy.status, copy.closed_reason, copy.duplicate_of) == (
        Status.CLOSED,
        "dubblett",
        original,
    )
    assert _events(copy, "observation.duplicate").get().changes["duplicate_of"] == original.pk


def test_a_duplicate_of_itself_another_municipality_or_a_duplicate_is_refused(world):
    original, copy, third = (file_observation(world) for _ in range(3))
    in_b = file_observation(world, world.b1, free_text="Klotter i Beta.")
    coordinator = world.user("coordinator")
    observation_mark_duplicate(actor=coordinator, observation=copy, of=original)
    before = _snapshot()

    for of in (third, in_b, copy):
        with pytest.raises(ValidationError) as error:
            observation_mark_duplicate(actor=coordinator, observation=third, of=of)
        assert "duplicate_of" in error.value.message_dict

    assert _snapshot() == before


# --- duplicate candidates ------------------------------------------------------------------


def _near(world, base, dx, dy, **overrides):
    """An observation `dx`, `dy` metres (SWEREF 99 TM) from `base`."""
    lon, lat = _TO_WGS84.transform(base.x + dx, base.y + dy)
    return file_observation(world, longitude=lon, latitude=lat, **overrides)


def test_duplicate_candidates_are_the_same_category_within_50_m_and_24_h(world):
    # given an observation and others around it
    base = file_observation(world)
    at_30_m = _near(world, base, 30, 0)
    at_10_m = _near(world, base, 0, -10, occurred_from=base.occurred_from - timedelta(hours=23))
    _near(world, base, 40, 40)  # 57 m: inside the box, outside the circle
    _near(world, base, 5, 0, occurred_from=base.occurred_from - timedelta(hours=25))
    _near(world, base, 5, 0, category=category("vald"))
    closed = _near(world, base, 5, 5)
    observation_reject(actor=world.user("coordinator"), observation=closed, reason="Fel")
    file_observation(world, world.b1, free_text="Klotter i Beta.")  # the same point, in B
    file_observation(world, longitude=None, latitude=None, place=world.place_a)
    # when the candidates are asked for, then they are the two near ones, nearest first
    assert duplicate_candidates(base) == [at_10_m, at_30_m]


def test_an_observation_without_a_point_has_no_candidates(world):
    file_observation(world)
    without_point = file_observation(world, longitude=None, latitude=None, area=world.area_a)

    assert duplicate_candidates(without_point) == []


# --- bulk ----------------------------------------------------------------------------------


def test_bulk_applies_to_exactly_the_filtered_observations(world):
    # given observations this week and five weeks ago
    now = file_observation(world).occurred_from
    this_week = [file_observation(world, occurred_from=now - timedelta(minutes=m)) for m in (1, 2)]
    earlier = file_observation(world, occurred_from=now - timedelta(weeks=5))
    coordinator = world.user("coordinator")
    filtered = ObservationFilterSet(
        {"week": iso_week(earlier.occurred_from)},
        queryset=Observation.objects.restrict(coordinator, "view"),
    ).qs
    # when the filtered list (the earlier week) is rejected in bulk
    count = observations_bulk(
        actor=coordinator, queryset=filtered, action="reject", reason="Gammalt"
    )
    # then only that week's observation is closed, with one audit event
    assert count == 1
    assert Observation.objects.get(pk=earlier.pk).status == Status.CLOSED
    assert {o.status for o in Observation.objects.filter(pk__in=[o.pk for o in this_week])} == {
        Status.SUBMITTED
    }
    assert _events(earlier, "observation.reject").count() == 1


def test_bulk_review_writes_one_audit_event_per_observation(world):
    rows = [file_observation(world) for _ in range(3)]
    queryset = Observation.objects.filter(pk__in=[o.pk for o in rows])

    assert observations_bulk(actor=world.user("admin"), queryset=queryset, action="reviewed") == 3

    assert set(queryset.values_list("status", flat=True)) == {Status.REVIEWED}
    assert all(_events(o, "observation.review").count() == 1 for o in rows)


def test_bulk_changes_nothing_when_one_observation_cannot_take_the_action(world):
    rows = [file_observation(world) for _ in range(3)]
    observation_mark_reviewed(actor=world.user("coordinator"), observation=rows[1])
    before = _snapshot()

    with pytest.raises(ValidationError) as error:
        observations_bulk(
            actor=world.user("coordinator"),
            queryset=Observation.objects.filter(pk__in=[o.pk for o in rows]),
            action="reviewed",
        )

    assert list(error.value.message_dict) == [f"observations.{rows[1].pk}"]
    assert _snapshot() == before


def test_bulk_changes_nothing_when_one_observation_is_outside_the_actors_municipality(world):
    rows = [file_observation(world), file_observation(world, world.b1, free_text="I Beta.")]
    before = _snapshot()

    with pytest.raises(PermissionDenied):
        observations_bulk(
            actor=world.user("coordinator"),
            queryset=Observation.objects.filter(pk__in=[o.pk for o in rows]),
            action="reviewed",
        )

    assert _snapshot() == before


@pytest.mark.parametrize(
    ("action", "reason", "field"), [("delete", "", "action"), ("reject", " ", "reason")]
)
def test_bulk_refuses_an_unknown_action_or_a_missing_reason(world, action, reason, field):
    file_observation(world)
    before = _snapshot()

    with pytest.raises(ValidationError) as error:
        observations_bulk(
            actor=world.user("coordinator"),
            queryset=Observation.objects.all(),
            action=action,
            reason=reason,
        )

    assert field in error.value.message_dict
    assert _snapshot() == before

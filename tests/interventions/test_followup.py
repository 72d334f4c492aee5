"""Follow-ups: production and process; effect counts in A, B and C before and after,
frozen, and evaluated exactly as analysis.displacement does on those numbers."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from samordna.analysis import displacement
from samordna.core.models import AuditEvent
from samordna.interventions import effect
from samordna.interventions.followup import FollowUpInput, followup_create
from samordna.interventions.models import FollowUp
from samordna.reports.models import Observation
from tests.interventions.factories import make_area, make_intervention
from tests.reports.factories import category, file_observation

TODAY = timezone.localdate()
# Two 10-day periods: before days -40..-31, after days -20..-11; history from day -100.
BEFORE = (TODAY - timedelta(days=40), TODAY - timedelta(days=31))
AFTER = (TODAY - timedelta(days=20), TODAY - timedelta(days=11))


def _moment(day: date, hour: int = 12) -> datetime:
    return timezone.make_aware(datetime.combine(day, time(hour)))


def _seed(world, area, day: date, n: int, code: str = "skadegorelse-klotter") -> None:
    """n counted observations in `area` on `day`, cloned from one filed the usual way."""
    template = _template(world)
    rows = []
    for _ in range(n):
        clone = Observation.objects.get(pk=template.pk)
        clone.pk = None
        clone.area = area
        clone.category = category(code)
        clone.occurred_from = _moment(day)
        rows.append(clone)
    Observation.objects.bulk_create(rows)


_TEMPLATES: dict[int, Observation] = {}


def _template(world) -> Observation:
    found = Observation.objects.filter(municipality=world.a, area__isnull=True).first()
    if found is None:
        found = file_observation(world)
        Observation.objects.filter(pk=found.pk).update(area=None)
    return found


@pytest.fixture
def setup(world):
    buffer = make_area(world, "Buffert", 15.30)
    control = make_area(world, "Kontroll", 15.40)
    intervention = make_intervention(world)
    intervention.buffer_areas.set([buffer])
    intervention.control_areas.set([control])
    return intervention, world.area_a, buffer, control


def _effect(**changes) -> FollowUpInput:
    values = {
        "kind": "effect",
        "source": "observations",
        "categories": [category()],
        "before_from": BEFORE[0],
        "before_to": BEFORE[1],
        "after_from": AFTER[0],
        "after_to": AFTER[1],
    }
    return FollowUpInput(**(values | changes))


def test_production_and_process_are_saved_and_audited(world, setup):
    intervention = setup[0]
    partner = world.user("partner")
    done = followup_create(
        actor=partner,
        intervention=intervention,
        data=FollowUpInput(kind="production", done="partly", note="Hälften gjord."),
    )
    process = followup_create(
        actor=partner,
        intervention=intervention,
        data=FollowUpInput(kind="process", note="Leveransen dröjde.", cost_sek=5000, hours=12),
    )
    assert (done.done, process.cost_sek, process.hours) == ("partly", 5000, 12)
    assert AuditEvent.objects.filter(action="intervention.follow_up").count() == 2


def test_production_needs_an_answer_and_process_a_description(world, setup):
    intervention = setup[0]
    with pytest.raises(ValidationError) as caught:
        followup_create(
            actor=None, intervention=intervention, data=FollowUpInput(kind="production")
        )
    assert set(caught.value.message_dict) == {"done"}
    with pytest.raises(ValidationError) as caught:
        followup_create(
            actor=None, intervention=intervention, data=FollowUpInput(kind="process", hours=-1)
        )
    assert set(caught.value.message_dict) == {"note", "hours"}
    assert not FollowUp.objects.exists()


@pytest.mark.parametrize(("role", "relation"), [("partner", "other_org"), ("reporter", "own_org")])
def test_others_cannot_follow_up(world, setup, role, relation):
    with pytest.raises(PermissionDenied):
        followup_create(
            actor=world.user(role, relation),
            intervention=setup[0],
            data=FollowUpInput(kind="production", done="yes"),
        )
    assert not FollowUp.objects.exists()


def test_effect_counts_a_b_c_and_stores_exactly_the_modules_evaluation(world, setup):
    intervention, a, b, c = setup
    # Before: A 20, B 6, C 10. After: A 8, B 7, C 9. Outside the periods: ignored.
    _seed(world, a, BEFORE[0], 12)
    _seed(world, a, BEFORE[1], 8)
    _seed(world, a, AFTER[0], 8)
    _seed(world, b, BEFORE[0], 6)
    _seed(world, b, AFTER[1], 7)
    _seed(world, c, BEFORE[0] + timedelta(days=3), 10)
    _seed(world, c, AFTER[0] + timedelta(days=2), 9)
    _seed(world, a, AFTER[1] + timedelta(days=1), 50)  # after the after period
    _seed(world, a, AFTER[0], 30, code="anlagd-brand")  # another category
    # History of A in earlier 10-day periods (oldest first): 5, 4, 6 ... zero before.
    _seed(world, a, BEFORE[0] - timedelta(days=30), 5)
    _seed(world, a, BEFORE[0] - timedelta(days=20), 4)
    _seed(world, a, BEFORE[0] - timedelta(days=10), 6)
    follow_up = followup_create(
        actor=world.user("coordinator"), intervention=intervention, data=_effect()
    )
    assert follow_up.counts == {"a0": 20, "a1": 8, "b0": 6, "b1": 7, "c0": 10, "c1": 9}
    history = follow_up.result["history"]
    assert history[-3:] == [5, 4, 6]
    expected = displacement.evaluate(
        20, 8, 6, 7, 10, 9, history=history, noun=displacement.OBSERVATIONS
    )
    plain = effect.as_json(expected)
    assert {key: follow_up.result[key] for key in plain} == plain
    assert follow_up.verdict == expected.verdict
    # Observations are not all crimes: the verdict counts them as what they are.
    assert follow_up.verdict.startswith("Antalet iakttagelser i insatsområdet minskade")
    assert "brott" not in follow_up.verdict
    assert follow_up.result["peak"]["at_peak"] is True
    # Frozen: more observations later do not change what was stored.
    _seed(world, a, AFTER[0], 5)
    follow_up.refresh_from_db()
    assert follow_up.counts["a1"] == 8


def test_no_success_shows_the_modules_reason(world, setup):
    intervention, a, b, c = setup
    _seed(world, a, BEFORE[0], 5)
    _seed(world, a, AFTER[0], 10)
    _seed(world, b, BEFORE[0], 3)
    _seed(world, c, BEFORE[0], 5)
    _seed(world, c, AFTER[0], 5)
    follow_up = followup_create(actor=None, intervention=intervention, data=_effect())
    assert follow_up.result["wdq"]["wdq"] is None
    no_success = displacement.evaluate(5, 10, 3, 0, 5, 5, noun=displacement.OBSERVATIONS)
    assert follow_up.result["wdq"]["reason"] == no_success.wdq.reason
    assert no_success.wdq.reason in follow_up.verdict
    assert no_success.wdq.reason.startswith("Iakttagelserna i insatsområdet")


def test_an_empty_control_area_shows_the_reason_and_divides_by_nothing(world, setup):
    intervention, a, _b, _c = setup
    _seed(world, a, BEFORE[0], 5)
    _seed(world, a, AFTER[0], 2)
    follow_up = followup_create(actor=None, intervention=intervention, data=_effect())
    assert follow_up.counts == {"a0": 5, "a1": 2, "b0": 0, "b1": 0, "c0": 0, "c1": 0}
    assert follow_up.result["total_net_effect"] is None
    assert follow_up.result["wdq"]["sm"] is None
    assert "Jämförelseområdet hade inga iakttagelser" in follow_up.result["wdq"]["reason"]
    assert follow_up.result["peak"] is None  # no earlier reports: no history to judge


def test_periods_must_be_equal_ordered_and_over(world, setup):
    intervention = setup[0]
    cases = {
        "after_to": _effect(after_to=AFTER[1] + timedelta(days=1)),
        "after_from": _effect(after_from=BEFORE[1], after_to=BEFORE[1] + timedelta(days=9)),
    }
    for field, data in cases.items():
        with pytest.raises(ValidationError) as caught:
            followup_create(actor=None, intervention=intervention, data=data)
        assert field in caught.value.message_dict
    with pytest.raises(ValidationError) as caught:
        followup_create(
            actor=None,
            intervention=intervention,
            data=_effect(after_from=TODAY - timedelta(days=9), after_to=TODAY),
        )
    assert "after_to" in caught.value.message_dict
    with pytest.raises(ValidationError) as caught:
        followup_create(actor=None, intervention=intervention, data=_effect(before_to=None))
    assert "before_to" in caught.value.message_dict
    assert not FollowUp.objects.exists()


def test_police_events_cannot_be_the_source(world, setup):
    with pytest.raises(ValidationError) as caught:
        followup_create(actor=None, intervention=setup[0], data=_effect(source="police"))
    assert "kommunen" in caught.value.message_dict["source"][0]


def test_effect_needs_buffer_and_control_areas(world):
    intervention = make_intervention(world)
    with pytest.raises(ValidationError) as caught:
        followup_create(actor=None, intervention=intervention, data=_effect())
    assert set(caught.value.message_dict) == {"areas"}

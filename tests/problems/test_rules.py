"""A problem's rule: after each write only the written observations are looked at, and the
answer is exactly the full refresh's (issue 18: a report's cost does not grow with history)."""

from __future__ import annotations

import random
import uuid
from datetime import date, datetime, time, timedelta
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.db.models import Q
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from samordna.analysis.periods import STOCKHOLM
from samordna.core import services as core_services
from samordna.core.geo import area_geometry
from samordna.problems.links import problem_link_observations
from samordna.problems.models import LinkVia, Problem, ProblemObservation
from samordna.problems.rules import refresh_municipality, rule_matches, with_descendants
from samordna.reports.categories import category_add
from samordna.reports.models import Observation
from samordna.reports.review import observation_correct, observation_reject
from samordna.reports.services import report_submit
from samordna.reports.signals import observations_changed
from tests.conftest import SQUARE_B
from tests.problems.factories import make_problem
from tests.reports.factories import category, file_observation, observation_input


def _local(day: date, hour: int = 0, minute: int = 0, second: int = 0) -> datetime:
    return datetime.combine(day, time(hour, minute, second), tzinfo=STOCKHOLM)


class _Setting:
    """Municipality A with a second area, klotter split in two local sub-categories, and
    three rule problems: a category group in area A, one sub-category in both areas
    within a closed period, and the second area from ten days ago."""

    def __init__(self, world: Any) -> None:
        self.world = world
        self.today = timezone.localdate()
        coordinator = world.user("coordinator")
        self.other = core_services.area_create(
            actor=None,
            municipality=world.a,
            name="Annat område",
            kind="est",
            geometry=area_geometry(SQUARE_B),
        )
        klotter = category()
        self.tunnel = category_add(
            actor=coordinator, municipality=world.a, name="Klotter i tunnel", parent=klotter
        )
        self.school = category_add(
            actor=coordinator, municipality=world.a, name="Klotter på skola", parent=klotter
        )
        self.litter = category("nedskrapning-dumpning")
        self.categories = [self.tunnel, self.school, self.litter]
        self.areas = [world.area_a, self.other]
        self.bounds = (self.today - timedelta(days=20), self.today - timedelta(days=5))
        self.problems = [
            make_problem(world, rule=True, categories=[klotter]),
            make_problem(
                world,
                rule=True,
                areas=self.areas,
                categories=[self.tunnel],
                rule_from=self.bounds[0],
                rule_to=self.bounds[1],
            ),
            make_problem(
                world,
                rule=True,
                areas=[self.other],
                categories=[self.litter, klotter],
                rule_from=self.today - timedelta(days=10),
            ),
        ]

    def moments(self) -> list[datetime]:
        """Both sides of every rule's day bounds (Stockholm midnight), and days between."""
        start, end = self.bounds
        edges = [start, end + timedelta(days=1), self.today - timedelta(days=10)]
        edges.append(self.today - timedelta(days=30))
        found = [_local(d) for d in edges] + [_local(d) - timedelta(seconds=1) for d in edges]
        return found + [_local(self.today - timedelta(days=n), 12) for n in range(1, 40, 3)]


def _committed(capture: Any, write: Any, *args: Any, **kwargs: Any) -> Any:
    """A write whose after-commit work runs, as in a request."""
    with capture(execute=True):
        return write(*args, **kwargs)


def _file(setting: _Setting, rng: random.Random, capture: Any) -> list[Observation]:
    """Reports of one to three observations each, with random area, category and time."""
    world, filed = setting.world, []
    for _ in range(14):
        inputs = [
            observation_input(
                category=rng.choice(setting.categories),
                area=rng.choice(setting.areas),
                longitude=None,
                latitude=None,
                occurred_from=rng.choice(setting.moments()),
            )
            for _ in range(rng.randint(1, 3))
        ]
        submitted = _committed(
            capture,
            report_submit,
            actor=world.user("reporter", "own_org"),
            organisation=world.a1,
            client_uuid=uuid.uuid4(),
            observations=inputs,
        )
        filed += list(submitted.report.observations.order_by("pk"))
    return filed


def _review(setting: _Setting, rng: random.Random, capture: Any, filed: list[Any]) -> None:
    """Corrections of area, category or time, and some rejections."""
    coordinator = setting.world.user("coordinator")
    for observation in rng.sample(filed, 12):
        change = rng.choice(
            [
                {"area": rng.choice(setting.areas)},
                {"category": rng.choice(setting.categories)},
                {"occurred_from": rng.choice(setting.moments())},
            ]
        )
        _committed(
            capture, observation_correct, actor=coordinator, observation=observation, **change
        )
    for observation in rng.sample(filed, 5):
        observation.refresh_from_db()
        try:
            _committed(
                capture, observation_reject, actor=coordinator, observation=observation, reason="-"
            )
        except ValidationError:
            continue  # not closable any more (it is linked by hand): fine for this test


def _links() -> set[tuple[int, int, str]]:
    return set(ProblemObservation.objects.values_list("problem_id", "observation_id", "via"))


@pytest.mark.parametrize("seed", [18, 47, 2026])
def test_the_links_after_each_write_are_those_a_full_refresh_finds(
    world, django_capture_on_commit_callbacks, seed
):
    # given three rule problems and random reports filed, corrected and rejected
    setting = _Setting(world)
    rng = random.Random(seed)
    filed = _file(setting, rng, django_capture_on_commit_callbacks)
    problem_link_observations(actor=None, problem=setting.problems[1], observations=filed[:2])
    _review(setting, rng, django_capture_on_commit_callbacks, filed)
    incremental = _links()
    # when every rule is refreshed in full
    added, removed = refresh_municipality(world.a.pk)
    # then it finds nothing to add or remove: the incremental links were the same
    assert (added, removed) == (0, 0)
    assert _links() == incremental
    assert {via for _, _, via in incremental} == {LinkVia.RULE, LinkVia.MANUAL}
    assert Observation.objects.filter(problems__isnull=True).exists()


def _old_rule(problem: Problem) -> set[int]:
    """The rule as it was written before: `occurred_from__date`, a Python call per row."""
    condition = Q(
        municipality_id=problem.municipality_id,
        area_id__in=list(problem.areas.values_list("pk", flat=True)),
        category_id__in=with_descendants(problem.categories.values_list("pk", flat=True)),
        occurred_from__date__gte=problem.rule_from,
    ) & ~Q(status=Observation.Status.CLOSED)
    if problem.rule_to:
        condition &= Q(occurred_from__date__lte=problem.rule_to)
    return set(Observation.objects.filter(condition).values_list("pk", flat=True))


def test_the_day_bounds_take_in_what_the_date_filter_did(world, django_capture_on_commit_callbacks):
    # given observations a second before and at Stockholm midnight of every rule bound
    setting = _Setting(world)
    _file(setting, random.Random(3), django_capture_on_commit_callbacks)
    for problem in setting.problems:
        # then the rule's datetime range selects exactly what the old __date filter did
        found = set(rule_matches(problem).values_list("pk", flat=True))
        assert found == _old_rule(problem)
    assert any(_old_rule(problem) for problem in setting.problems)


def test_a_report_tells_the_listeners_which_observations_it_wrote(
    world, django_capture_on_commit_callbacks
):
    heard: list[dict[str, Any]] = []

    def listener(sender: Any, **kwargs: Any) -> None:
        heard.append(kwargs)

    observations_changed.connect(listener, dispatch_uid="test-listener")
    try:
        with django_capture_on_commit_callbacks(execute=True):
            observation = file_observation(world)
    finally:
        observations_changed.disconnect(dispatch_uid="test-listener")
    assert heard == [
        {
            "signal": observations_changed,
            "municipality_id": world.a.pk,
            "week_keys": [observation.week_key],
            "observation_ids": [observation.pk],
        }
    ]


def test_a_report_looks_at_its_own_observations_only(world, django_capture_on_commit_callbacks):
    # given a rule problem and a matching observation whose signal was lost
    problem = make_problem(world, rule=True)
    with django_capture_on_commit_callbacks(execute=False):
        missed = file_observation(world)
    # when another report arrives
    with django_capture_on_commit_callbacks(execute=True):
        new = file_observation(world)
    # then only the new one is linked; the full refresh (cron) repairs the other
    assert set(problem.observation_links.values_list("observation_id", flat=True)) == {new.pk}
    assert refresh_municipality(world.a.pk) == (1, 0)
    assert set(problem.observation_links.values_list("observation_id", flat=True)) == {
        new.pk,
        missed.pk,
    }


def _queries_of_a_report(world: Any, capture: Any) -> int:
    with CaptureQueriesContext(connection) as queries, capture(execute=True):
        file_observation(world)
    return len(queries)


def test_the_queries_of_a_report_do_not_grow_with_history(
    world, django_capture_on_commit_callbacks
):
    # given two rule problems and one report (its week's count now exists)
    make_problem(world, rule=True)
    make_problem(world, rule=True, title="Ett till problem")
    _queries_of_a_report(world, django_capture_on_commit_callbacks)
    first = _queries_of_a_report(world, django_capture_on_commit_callbacks)
    # when fifteen more are filed, then the next one asks the database as much as before
    for _ in range(15):
        with django_capture_on_commit_callbacks(execute=True):
            file_observation(world)
    assert _queries_of_a_report(world, django_capture_on_commit_callbacks) == first

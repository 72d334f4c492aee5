"""The demo's interventions against the growing problem: loaded once, then left alone."""

from __future__ import annotations

from django.utils import timezone

from samordna.core import services
from samordna.core.demo import story
from samordna.interventions.demo import load_demo_interventions
from samordna.interventions.models import FollowUp, Intervention
from tests.interventions.factories import make_area, make_problem_with_causes


def _story(world) -> None:
    for slug, user in zip(story.INTERVENTION_OWNERS, ("polis", "partner"), strict=True):
        organisation = services.organisation_create(
            actor=None, municipality=world.a, name=slug.upper(), slug=slug, kind="police"
        )
        person = services.user_create(
            actor=None, username=user, email=f"{user}@example.invalid", password="x" * 16
        )
        services.membership_create(
            actor=None, user=person, organisation=organisation, role="partner"
        )
    for n, name in enumerate((story.GROWING_AREA, story.BUFFER_AREA, story.CONTROL_AREA)):
        make_area(world, name, 15.5 + n / 10)


def test_nothing_without_the_growing_problem(world):
    assert load_demo_interventions(world.a, timezone.localdate()) == 0
    assert not Intervention.objects.exists()


def test_two_interventions_with_follow_ups_once(world):
    _story(world)
    problem, causes = make_problem_with_causes(world, title=story.GROWING_PROBLEM)
    today = timezone.localdate()
    assert load_demo_interventions(world.a, today) == 2 + 3 + 2
    assert load_demo_interventions(world.a, today) == 0
    police, housing = Intervention.objects.filter(problem=problem).order_by("id")
    assert police.owner_organisation.slug == story.INTERVENTION_OWNERS[0]
    assert (police.strategy, police.techniques) == ("risk", ["formal_surveillance"])
    assert housing.strategy == "effort"
    assert list(police.causes.all()) == causes
    assert [a.name for a in police.control_areas.all()] == [story.CONTROL_AREA]
    assert police.owner_person.username == "polis"
    assert police.status == "in_progress"
    effect = FollowUp.objects.get(kind="effect")
    assert effect.intervention == police
    assert effect.after_to < today
    assert effect.before_to < effect.after_from
    assert (effect.before_to - effect.before_from) == (effect.after_to - effect.after_from)
    assert effect.verdict

"""Problems for tests: one of municipality A owned by organisation A1 (the world's own)."""

from __future__ import annotations

from dataclasses import replace
from datetime import timedelta
from typing import Any

from django.utils import timezone

from samordna.problems.models import Problem
from samordna.problems.services import ProblemInput, problem_create
from tests.reports.factories import category

SECRET_PROBLEM = "Hemligt problem vid Alfatorget"


def problem_input(world: Any, **overrides: Any) -> ProblemInput:
    data = ProblemInput(
        title=SECRET_PROBLEM,
        description="Klotter och skadegörelse kvällstid vid torget.",
        areas=[world.area_a],
        places=[world.place_a],
        categories=[category()],
        owner_organisation=world.a1,
    )
    return replace(data, **overrides)


def make_problem(world: Any, *, rule: bool = False, **overrides: Any) -> Problem:
    """A problem of A owned by A1, made by the system; with `rule`, linking by its rule
    (area A, klotter, from 30 days ago)."""
    if rule:
        overrides.setdefault("rule_enabled", True)
        overrides.setdefault("rule_from", timezone.localdate() - timedelta(days=30))
    return problem_create(
        actor=None, municipality=world.a, data=problem_input(world, **overrides), raised_by=world.a1
    )

"""Interventions for tests: one of A owned by A1 (the world's own organisation)."""

from __future__ import annotations

from datetime import timedelta

from django.utils import timezone

from samordna.interventions.models import Intervention
from samordna.interventions.services import InterventionInput, intervention_create

SECRET_TITLE = "Hemlig insats vid Alfatorget"


def make_intervention(world, *, title: str = SECRET_TITLE, days: int = 7, **kwargs) -> Intervention:
    data = InterventionInput(
        title=title,
        owner_organisation=kwargs.pop("owner", world.a1),
        deadline=timezone.localdate() + timedelta(days=days),
        description=kwargs.pop("description", "Tänd belysningen i gångtunneln."),
        owner_person=kwargs.pop("person", None),
        raised_by=world.a1,
        areas=kwargs.pop("areas", [world.area_a]),
        problem=kwargs.pop("problem", None),
    )
    return intervention_create(actor=None, municipality=world.a, data=data, **kwargs)


def square(lon: float, lat: float) -> dict:
    return {
        "type": "Polygon",
        "coordinates": [
            [[lon, lat], [lon + 0.01, lat], [lon + 0.01, lat + 0.01], [lon, lat + 0.01], [lon, lat]]
        ],
    }


def make_area(world, name: str, lon: float, municipality=None):
    """Another EST area (of A unless told), for buffer and control."""
    from samordna.core import services
    from samordna.core.geo import area_geometry
    from samordna.core.models import Area

    existing = Area.objects.filter(municipality=municipality or world.a, name=name).first()
    if existing is not None:
        return existing
    return services.area_create(
        actor=None,
        municipality=municipality or world.a,
        name=name,
        kind="est",
        geometry=area_geometry(square(lon, 59.30)),
    )


def make_problem_with_causes(world, title: str = "Problem vid Alfatorget", n: int = 2, **kw):
    """A problem of A with a cause analysis holding `n` active causes (numbered 1..n)."""
    from samordna.problems.models import Cause, CauseAnalysis, Problem

    municipality = kw.pop("municipality", world.a)
    problem = Problem.objects.filter(municipality=municipality, title=title).first()
    if problem is not None:
        return problem, list(problem.analysis.causes.order_by("number"))
    problem = Problem.objects.create(municipality=municipality, title=title)
    analysis = CauseAnalysis.objects.create(problem=problem, municipality=problem.municipality)
    causes = [
        Cause.objects.create(
            analysis=analysis, municipality=problem.municipality, number=i, text=f"Orsak {i}"
        )
        for i in range(1, n + 1)
    ]
    return problem, causes

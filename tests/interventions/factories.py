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
    )
    return intervention_create(actor=None, municipality=world.a, data=data, **kwargs)

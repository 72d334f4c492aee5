"""Turning an intervention's API fields into an InterventionInput.

References are confined to the intervention's municipality (organisations by slug, people
by user name, areas by code, the problem and causes by id), and an unknown one gets the
same message as one of another municipality. Left-out fields keep the saved values, so a
PATCH changes only what it names.
"""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from rest_framework.exceptions import ValidationError

from samordna.api.serializers import areas_by_key
from samordna.core.models import Municipality, Organisation, User
from samordna.interventions.models import Intervention
from samordna.interventions.services import InterventionInput
from samordna.problems.models import Cause, Problem

PLAIN_FIELDS = (
    "title", "description", "kind", "strategy", "social_level", "prevention_level",
    "evidence", "goal", "starts_on", "deadline", "cost_sek", "hours", "techniques", "tags",
)  # fmt: skip
# Plain fields that may be cleared with null; the others are cleared with "".
_NULLABLE = frozenset({"starts_on", "cost_sek", "hours"})
REQUIRED = ("title", "owner_organisation", "deadline")

Errors = dict[str, list[str]]


def intervention_input(
    municipality: Municipality,
    data: dict[str, Any],
    *,
    base: Intervention | None,
    raised_by: Organisation | None,
) -> InterventionInput:
    """The request's fields as an InterventionInput; left-out fields from `base`."""
    errors: Errors = {}
    values: dict[str, Any] = _current(base) if base is not None else {}
    for name in PLAIN_FIELDS:
        if name in data:
            values[name] = data[name] if data[name] is not None or name in _NULLABLE else ""
    _organisations_and_people(municipality, data, values, errors)
    _problem_and_places(municipality, data, values, errors)
    for name in REQUIRED:
        if name not in values:
            errors.setdefault(name, ["Fältet behövs."])
    if errors:
        raise ValidationError(errors)
    if base is None:
        values["raised_by"] = raised_by
    inputs = InterventionInput(
        title=values.pop("title"),
        owner_organisation=values.pop("owner_organisation"),
        deadline=values.pop("deadline"),
    )
    return replace(inputs, **values)


def _organisations_and_people(
    municipality: Municipality, data: dict[str, Any], values: dict[str, Any], errors: Errors
) -> None:
    organisations = Organisation.objects.filter(municipality=municipality)
    if "owner_organisation" in data:
        values["owner_organisation"] = organisations.filter(slug=data["owner_organisation"]).first()
        if values["owner_organisation"] is None:
            errors["owner_organisation"] = ["Organisationen finns inte i den här kommunen."]
    if "partners" in data:
        partners = list(organisations.filter(slug__in=data["partners"]))
        if len(partners) != len(set(data["partners"])):
            errors["partners"] = ["Organisationen finns inte i den här kommunen."]
        values["partners"] = partners
    if "owner_person" in data:
        name = data["owner_person"]
        values["owner_person"] = User.objects.filter(username=name).first() if name else None
        if name and values["owner_person"] is None:
            errors["owner_person"] = ["Personen har ingen roll i den här kommunen."]


def _problem_and_places(
    municipality: Municipality, data: dict[str, Any], values: dict[str, Any], errors: Errors
) -> None:
    if "problem" in data:
        pk = data["problem"]
        values["problem"] = Problem.objects.filter(pk=pk, municipality=municipality).first()
        if pk and values["problem"] is None:
            errors["problem"] = ["Problembilden finns inte i den här kommunen."]
    if "causes" in data:
        causes = list(
            Cause.objects.filter(pk__in=data["causes"], municipality=municipality).select_related(
                "analysis"
            )
        )
        if len(causes) != len(set(data["causes"])):
            errors["causes"] = ["Orsaken finns inte i den här kommunen."]
        values["causes"] = causes
    for name in ("areas", "buffer_areas", "control_areas"):
        if name in data:
            areas, unknown = areas_by_key(municipality, data[name])
            if unknown:
                errors[name] = ["Området finns inte i den här kommunen."]
            values[name] = areas


def _current(intervention: Intervention) -> dict[str, Any]:
    values: dict[str, Any] = {
        name: getattr(intervention, name)
        for name in (
            "title",
            "description",
            "owner_organisation",
            "owner_person",
            "raised_by",
            "deadline",
            "kind",
            "strategy",
            "social_level",
            "prevention_level",
            "evidence",
            "problem",
            "goal",
            "starts_on",
            "cost_sek",
            "hours",
        )
    }
    values["techniques"] = list(intervention.techniques)
    values["tags"] = list(intervention.tags)
    for name in ("areas", "causes", "partners", "buffer_areas", "control_areas"):
        values[name] = list(getattr(intervention, name).all())
    return values

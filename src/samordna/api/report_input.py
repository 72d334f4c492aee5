"""Turning the API's references (category codes, place and area ids) into rows.

Lookups are confined to the municipality the report or observation belongs to, and an
unknown reference gets the same message as one of another municipality: the API never
tells anybody which ids exist elsewhere.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from django.db.models import F, Q
from rest_framework.exceptions import ValidationError

from samordna.core.models import Area, Municipality, Place
from samordna.reports.form_lists import form_lists
from samordna.reports.intake import ObservationInput
from samordna.reports.models import Category

UNKNOWN_CATEGORY = "Kategorin finns inte i den här kommunen."
UNKNOWN_ROW = "Finns inte i den här kommunen."


def categories_by_code(municipality: Municipality, codes: Iterable[str]) -> dict[str, Category]:
    """The categories a municipality reports with, by code; its own win over national ones."""
    rows = Category.objects.filter(
        Q(municipality__isnull=True) | Q(municipality=municipality), code__in=set(codes)
    ).order_by(F("municipality").asc(nulls_first=True))
    return {category.code: category for category in rows}


def observation_inputs(
    municipality: Municipality, items: list[Mapping[str, Any]]
) -> list[ObservationInput]:
    """Validated input items as ObservationInputs; unknown references are a 400."""
    # Read once per process while they stay the same (reports.form_lists); the caller
    # reports for an organisation of this municipality.
    categories = form_lists(municipality).by_code
    places = _in_municipality(Place, municipality, items, "place")
    areas = _in_municipality(Area, municipality, items, "area")
    problems: dict[str, list[str]] = {}
    inputs = []
    for n, item in enumerate(items, start=1):
        values = {k: v for k, v in item.items() if v is not None}
        values["category"] = categories.get(item["category"])
        if values["category"] is None:
            problems[f"observations.{n}.category"] = [UNKNOWN_CATEGORY]
        for name, found in (("place", places), ("area", areas)):
            if name in values:
                values[name] = found.get(values[name])
                if values[name] is None:
                    problems[f"observations.{n}.{name}"] = [UNKNOWN_ROW]
        if not problems:
            inputs.append(ObservationInput(**values))
    if problems:
        raise ValidationError(problems)
    return inputs


def correction(municipality: Municipality, data: Mapping[str, Any]) -> dict[str, Any]:
    """A correction's references as rows, ready for `observation_correct`."""
    values = dict(data)
    if "category" in values:
        values["category"] = categories_by_code(municipality, [values["category"]]).get(
            values["category"]
        )
        if values["category"] is None:
            raise ValidationError({"category": [UNKNOWN_CATEGORY]})
    if "area" in values:
        values["area"] = Area.objects.filter(municipality=municipality, pk=values["area"]).first()
        if values["area"] is None:
            raise ValidationError({"area": [UNKNOWN_ROW]})
    return values


def _in_municipality(
    model: type[Place] | type[Area],
    municipality: Municipality,
    items: list[Mapping[str, Any]],
    name: str,
) -> dict[int, Any]:
    ids = {item[name] for item in items if item.get(name) is not None}
    if not ids:
        return {}
    return dict(model.objects.filter(municipality=municipality).in_bulk(ids))

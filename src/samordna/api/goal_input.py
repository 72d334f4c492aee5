"""Turning a goal's or an indicator's API fields into a GoalInput or an IndicatorInput.

References are confined to the goal's municipality (organisations by slug, areas by code,
categories by code, interventions, action plans and survey items by id; Kolada key
figures by their Kolada id), and an unknown one gets the same message as one of another
municipality. Left-out fields keep the saved values, so a PATCH changes only what it names.
"""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from django.db.models import Q
from rest_framework.exceptions import ValidationError

from samordna.api.serializers import areas_by_key
from samordna.core.models import Area, Municipality, Organisation
from samordna.goals.models import Goal, Indicator
from samordna.goals.services import GoalInput, IndicatorInput
from samordna.integrations.models import KoladaKpi
from samordna.interventions.models import Intervention
from samordna.plans.models import ActionPlan
from samordna.reports.models import Category
from samordna.surveys.models import SurveyItem


def goal_input(municipality: Municipality, data: dict[str, Any], base: Goal | None) -> GoalInput:
    errors: dict[str, list[str]] = {}
    values: dict[str, Any] = {}
    if base is not None:
        values = {
            "title": base.title,
            "description": base.description,
            "owner_organisation": base.owner_organisation,
            "areas": list(base.areas.all()),
            "interventions": list(base.interventions.all()),
            "action_plans": list(base.action_plans.all()),
            "is_active": base.is_active,
        }
    for name in ("title", "description", "is_active"):
        if name in data:
            values[name] = data[name]
    if "owner_organisation" in data:
        slug = data["owner_organisation"]
        owner = Organisation.objects.filter(municipality=municipality, slug=slug).first()
        if slug and owner is None:
            errors["owner_organisation"] = ["Organisationen finns inte i den här kommunen."]
        values["owner_organisation"] = owner
    if "areas" in data:
        values["areas"], unknown = areas_by_key(municipality, data["areas"])
        if unknown:
            errors["areas"] = ["Området finns inte i den här kommunen."]
    for name, model in (("interventions", Intervention), ("action_plans", ActionPlan)):
        if name in data:
            rows = list(model.objects.filter(pk__in=data[name], municipality=municipality))
            if len(rows) != len(set(data[name])):
                what = "Insatsen" if name == "interventions" else "Åtgärdsplanen"
                errors[name] = [f"{what} finns inte i den här kommunen."]
            values[name] = rows
    if "title" not in values:
        errors["title"] = ["Fältet behövs."]
    if errors:
        raise ValidationError(errors)
    return GoalInput(**values)


def indicator_input(
    municipality: Municipality, data: dict[str, Any], base: Indicator | None
) -> IndicatorInput:
    errors: dict[str, list[str]] = {}
    values: dict[str, Any] = _saved_indicator(base) if base is not None else {}
    plain = (
        "name", "source", "granularity", "direction", "unit", "baseline_period",
        "baseline_value", "target_period", "target_value", "order", "police_types",
    )  # fmt: skip
    for name in plain:
        if name in data:
            values[name] = data[name] if data[name] is not None or name == "baseline_value" else ""
    if "areas" in data:
        values["areas"], unknown = areas_by_key(municipality, data["areas"])
        if unknown:
            errors["areas"] = ["Området finns inte i den här kommunen."]
    _indicator_references(municipality, data, values, errors)
    for name in ("name", "source", "baseline_period", "target_period", "target_value"):
        if name not in values:
            errors.setdefault(name, ["Fältet behövs."])
    if errors:
        raise ValidationError(errors)
    inputs = IndicatorInput(
        name=values.pop("name"),
        source=values.pop("source"),
        baseline_period=values.pop("baseline_period"),
        target_period=values.pop("target_period"),
        target_value=values.pop("target_value"),
    )
    return replace(inputs, **values)


def _saved_indicator(base: Indicator) -> dict[str, Any]:
    saved = base.filter or {}
    return {
        "name": base.name,
        "source": base.source,
        "granularity": base.granularity,
        "direction": base.direction,
        "unit": base.unit,
        "baseline_period": base.baseline_period,
        "baseline_value": base.baseline_value,
        "target_period": base.target_period,
        "target_value": base.target_value,
        "order": base.order,
        "areas": list(Area.objects.filter(pk__in=saved.get("areas", []))),
        "categories": list(Category.objects.filter(pk__in=saved.get("categories", []))),
        "police_types": list(saved.get("types", [])),
        "survey_item": base.survey_item,
        "survey_area": base.survey_area,
        "kolada_kpi": base.kolada_kpi,
    }


def _indicator_references(
    municipality: Municipality,
    data: dict[str, Any],
    values: dict[str, Any],
    errors: dict[str, list[str]],
) -> None:
    """Categories, the survey question and area, and the Kolada key figure."""
    if "categories" in data:
        codes = data["categories"]
        found = list(
            Category.objects.filter(
                Q(municipality__isnull=True) | Q(municipality=municipality), code__in=codes
            )
        )
        if len({c.code for c in found}) != len(set(codes)):
            errors["categories"] = ["Okänd kategori."]
        values["categories"] = found
    if "survey_item" in data:
        pk = data["survey_item"]
        item = SurveyItem.objects.filter(pk=pk, municipality=municipality).first() if pk else None
        if pk and item is None:
            errors["survey_item"] = ["Frågan finns inte i kommunens trygghetsmätningar."]
        values["survey_item"] = item
    if "survey_area" in data:
        key = data["survey_area"]
        areas, unknown = areas_by_key(municipality, [key]) if key else ([], False)
        if unknown:
            errors["survey_area"] = ["Området finns inte i den här kommunen."]
        values["survey_area"] = areas[0] if areas else None
    if "kolada_kpi" in data:
        kpi_id = data["kolada_kpi"]
        kpi = KoladaKpi.objects.filter(pk=kpi_id).first() if kpi_id else None
        if kpi_id and kpi is None:
            errors["kolada_kpi"] = ["Nyckeltalet finns inte: importera det från Kolada först."]
        values["kolada_kpi"] = kpi

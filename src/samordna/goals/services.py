"""Writes of goals and indicators.

Each service checks the actor's right itself (analysts, coordinators and admins of the
municipality), validates everything before it writes (ValidationError by field, in
Swedish; an error changes nothing) and writes its audit event in the same transaction.
`actor` None is the system (the demo loader).
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from samordna.core import audit
from samordna.core.models import Area, Municipality, Organisation, User
from samordna.core.policies import municipality_ids
from samordna.goals.models import Goal, Indicator
from samordna.goals.policies import GOAL_EDITORS
from samordna.goals.series import YEARLY_ONLY, is_period, ordinal
from samordna.integrations.models import ExternalEvent, KoladaKpi, KoladaValue
from samordna.interventions.models import Intervention
from samordna.interventions.text import text_problems
from samordna.plans.models import ActionPlan
from samordna.reports.models import Category
from samordna.surveys.models import SurveyItem

TITLE_MAX = 200
UNIT_MAX = 40
VALUE_MAX = 1e12
PERMISSION = "Bara analytiker, samordnare och administratörer ändrar mål och indikatorer."


def may_edit(actor: User, municipality: Municipality) -> bool:
    return municipality.pk in municipality_ids(actor, GOAL_EDITORS)


def _check_actor(actor: User | None, municipality: Municipality) -> None:
    if actor is not None and not may_edit(actor, municipality):
        raise PermissionDenied(PERMISSION)


# --- goals -----------------------------------------------------------------------------


@dataclass(frozen=True)
class GoalInput:
    title: str
    description: str = ""
    owner_organisation: Organisation | None = None
    areas: Sequence[Area] = field(default_factory=tuple)
    interventions: Sequence[Intervention] = field(default_factory=tuple)
    action_plans: Sequence[ActionPlan] = field(default_factory=tuple)
    is_active: bool = True


def check_goal(data: GoalInput, municipality: Municipality) -> None:
    problems = text_problems({"title": data.title, "description": data.description})
    title = data.title.strip()
    if not title:
        problems["title"] = "Skriv vad målet är."
    elif len(title) > TITLE_MAX and "title" not in problems:
        problems["title"] = f"Högst {TITLE_MAX} tecken."
    owner = data.owner_organisation
    if owner is not None and (owner.municipality_id != municipality.pk or not owner.is_active):
        problems["owner_organisation"] = "Organisationen finns inte i den här kommunen."
    if any(a.municipality_id != municipality.pk for a in data.areas):
        problems["areas"] = "Området finns inte i den här kommunen."
    if any(i.municipality_id != municipality.pk for i in data.interventions):
        problems["interventions"] = "Insatsen finns inte i den här kommunen."
    if any(p.municipality_id != municipality.pk for p in data.action_plans):
        problems["action_plans"] = "Åtgärdsplanen finns inte i den här kommunen."
    if problems:
        raise ValidationError(problems)


def _goal_snapshot(goal: Goal) -> dict[str, Any]:
    values: dict[str, Any] = {
        "title": goal.title,
        "description": goal.description,
        "owner_organisation": goal.owner_organisation_id,
        "is_active": goal.is_active,
    }
    if goal.pk:
        for name in ("areas", "interventions", "action_plans"):
            values[name] = sorted(getattr(goal, name).values_list("pk", flat=True))
    return values


def _assign_goal(goal: Goal, data: GoalInput) -> None:
    goal.title = data.title.strip()
    goal.description = data.description.strip()
    goal.owner_organisation = data.owner_organisation
    goal.is_active = data.is_active


def _assign_goal_many(goal: Goal, data: GoalInput) -> None:
    goal.areas.set(data.areas)
    goal.interventions.set(data.interventions)
    goal.action_plans.set(data.action_plans)


def goal_create(*, actor: User | None, municipality: Municipality, data: GoalInput) -> Goal:
    """A new goal for `municipality`. ValidationError (by field) changes nothing."""
    _check_actor(actor, municipality)
    check_goal(data, municipality)
    with transaction.atomic():
        goal = Goal(
            municipality=municipality,
            created_by=actor if actor is not None and actor.pk else None,
        )
        _assign_goal(goal, data)
        goal.save()
        _assign_goal_many(goal, data)
        audit.record(actor=actor, action="goal.create", target=goal, changes=_goal_snapshot(goal))
    return goal


def goal_update(*, actor: User | None, goal: Goal, data: GoalInput) -> Goal:
    municipality = goal.municipality
    _check_actor(actor, municipality)
    check_goal(data, municipality)
    with transaction.atomic():
        locked = Goal.objects.select_for_update().get(pk=goal.pk)
        before = _goal_snapshot(locked)
        _assign_goal(locked, data)
        locked.updated_at = timezone.now()
        locked.save()
        _assign_goal_many(locked, data)
        audit.record(
            actor=actor,
            action="goal.update",
            target=locked,
            changes=audit.diff(before, _goal_snapshot(locked)),
        )
    return locked


# --- indicators ------------------------------------------------------------------------


@dataclass(frozen=True)
class IndicatorInput:
    name: str
    source: str
    baseline_period: str
    target_period: str
    target_value: float | None
    baseline_value: float | None = None
    granularity: str = Indicator.Granularity.YEAR
    direction: str = Indicator.Direction.DECREASE
    unit: str = ""
    order: int = 0
    # observations
    areas: Sequence[Area] = field(default_factory=tuple)
    categories: Sequence[Category] = field(default_factory=tuple)
    # police events
    police_types: Sequence[str] = field(default_factory=tuple)
    # survey item
    survey_item: SurveyItem | None = None
    survey_area: Area | None = None
    # Kolada
    kolada_kpi: KoladaKpi | None = None


def known_police_types(municipality: Municipality) -> list[str]:
    """The police event types one may choose: those seen in the municipality and those
    the categories map to."""
    seen = set(
        ExternalEvent.objects.filter(municipality=municipality)
        .values_list("type", flat=True)
        .distinct()
    )
    for types in Category.objects.filter(
        Q(municipality__isnull=True) | Q(municipality=municipality)
    ).values_list("polisen_types", flat=True):
        seen.update(t for t in types or [] if isinstance(t, str))
    return sorted(t for t in seen if t)


def kpis_with_values(municipality: Municipality) -> Any:
    """Kolada key figures with at least one total value for the municipality."""
    having = KoladaValue.objects.filter(
        municipality=municipality, gender=KoladaValue.Gender.TOTAL, value__isnull=False
    ).values("kpi_id")
    return KoladaKpi.objects.filter(pk__in=having).order_by("id")


def survey_items_of(municipality: Municipality) -> Any:
    """Survey items (index or share) of the municipality's surveys."""
    return (
        SurveyItem.objects.filter(municipality=municipality, survey__municipality=municipality)
        .exclude(scale=SurveyItem.Scale.OPTIONS)
        .select_related("survey")
        .order_by("survey__title", "-survey__year", "position", "code")
    )


def categories_of(municipality: Municipality) -> Any:
    return Category.objects.filter(
        Q(municipality__isnull=True) | Q(municipality=municipality), is_active=True
    ).order_by("sort_order", "name")


def _finite(value: float | None) -> bool:
    return value is not None and math.isfinite(value) and abs(value) <= VALUE_MAX


def check_indicator(data: IndicatorInput, municipality: Municipality) -> None:
    """Raise ValidationError listing every problem with `data`, by field name."""
    problems = text_problems({"name": data.name, "unit": data.unit})
    name = data.name.strip()
    if not name:
        problems["name"] = "Skriv vad indikatorn mäter."
    elif len(name) > TITLE_MAX and "name" not in problems:
        problems["name"] = f"Högst {TITLE_MAX} tecken."
    if len(data.unit.strip()) > UNIT_MAX and "unit" not in problems:
        problems["unit"] = f"Högst {UNIT_MAX} tecken."
    if data.direction not in Indicator.Direction.values:
        problems["direction"] = "Välj om värdet ska minska eller öka."
    _check_periods(data, problems)
    if data.baseline_value is not None and not _finite(data.baseline_value):
        problems["baseline_value"] = "Ange ett tal eller lämna tomt."
    if not _finite(data.target_value):
        problems["target_value"] = "Ange målvärdet som ett tal."
    if data.source not in Indicator.Source.values:
        problems["source"] = "Välj en källa."
    else:
        _check_source(data, municipality, problems)
    if problems:
        raise ValidationError(problems)


def _check_periods(data: IndicatorInput, problems: dict[str, str]) -> None:
    granularity = data.granularity
    if granularity not in Indicator.Granularity.values:
        problems["granularity"] = "Välj år eller tertial."
        return
    if data.source in YEARLY_ONLY and granularity != Indicator.Granularity.YEAR:
        problems["granularity"] = "Trygghetsmätningar och Kolada redovisas per år: välj år."
        return
    example = "2024" if granularity == Indicator.Granularity.YEAR else "2024-T3"
    for name in ("baseline_period", "target_period"):
        if not is_period(getattr(data, name).strip(), granularity):
            problems[name] = f"Ange perioden som {example}."
    if "baseline_period" in problems or "target_period" in problems:
        return
    baseline, target = ordinal(data.baseline_period), ordinal(data.target_period)
    if target <= baseline:
        problems["target_period"] = "Målperioden måste komma efter utgångsläget."
    elif not 2000 <= int(data.baseline_period[:4]) <= 2100 or int(data.target_period[:4]) > 2100:
        problems["target_period"] = "Ange år mellan 2000 och 2100."


def _check_source(
    data: IndicatorInput, municipality: Municipality, problems: dict[str, str]
) -> None:
    source = data.source
    if source == Indicator.Source.OBSERVATIONS:
        if any(a.municipality_id != municipality.pk for a in data.areas):
            problems["areas"] = "Området finns inte i den här kommunen."
        if not data.categories:
            problems["categories"] = "Välj minst en kategori."
        elif any(c.municipality_id not in (None, municipality.pk) for c in data.categories):
            problems["categories"] = "Kategorin finns inte i den här kommunen."
    elif source == Indicator.Source.POLICE:
        if not data.police_types:
            problems["police_types"] = "Välj minst en händelsetyp."
        elif set(data.police_types) - set(known_police_types(municipality)):
            problems["police_types"] = "Välj händelsetyper ur listan."
    elif source == Indicator.Source.SURVEY:
        item = data.survey_item
        if item is None:
            problems["survey_item"] = "Välj en fråga ur en trygghetsmätning."
        elif item.municipality_id != municipality.pk or item.scale == SurveyItem.Scale.OPTIONS:
            problems["survey_item"] = "Frågan finns inte i kommunens trygghetsmätningar."
        area = data.survey_area
        if area is not None and area.municipality_id != municipality.pk:
            problems["survey_area"] = "Området finns inte i den här kommunen."
    elif source == Indicator.Source.KOLADA:
        kpi = data.kolada_kpi
        if kpi is None:
            problems["kolada_kpi"] = "Välj ett nyckeltal."
        elif not kpis_with_values(municipality).filter(pk=kpi.pk).exists():
            problems["kolada_kpi"] = (
                "Nyckeltalet har inga värden för kommunen: importera det från Kolada först."
            )


def _assign_indicator(indicator: Indicator, data: IndicatorInput) -> None:
    """The row's fields from `data`; fields of other sources are emptied."""
    source = data.source
    indicator.name = data.name.strip()
    indicator.source = source
    indicator.granularity = data.granularity
    indicator.direction = data.direction
    indicator.unit = data.unit.strip()
    indicator.baseline_period = data.baseline_period.strip()
    indicator.baseline_value = data.baseline_value
    indicator.target_period = data.target_period.strip()
    indicator.target_value = float(data.target_value or 0.0)
    indicator.order = data.order
    indicator.filter = {}
    if source == Indicator.Source.OBSERVATIONS:
        indicator.filter = {
            "areas": sorted({a.pk for a in data.areas}),
            "categories": sorted({c.pk for c in data.categories}),
        }
    elif source == Indicator.Source.POLICE:
        indicator.filter = {"types": sorted(set(data.police_types))}
    is_survey = source == Indicator.Source.SURVEY
    indicator.survey_item = data.survey_item if is_survey else None
    indicator.survey_area = data.survey_area if is_survey else None
    indicator.kolada_kpi = data.kolada_kpi if source == Indicator.Source.KOLADA else None


def _indicator_snapshot(indicator: Indicator) -> dict[str, Any]:
    return {
        "name": indicator.name,
        "source": indicator.source,
        "filter": indicator.filter,
        "survey_item": indicator.survey_item_id,
        "survey_area": indicator.survey_area_id,
        "kolada_kpi": indicator.kolada_kpi_id,
        "granularity": indicator.granularity,
        "direction": indicator.direction,
        "unit": indicator.unit,
        "baseline_period": indicator.baseline_period,
        "baseline_value": indicator.baseline_value,
        "target_period": indicator.target_period,
        "target_value": indicator.target_value,
        "order": indicator.order,
    }


def indicator_create(*, actor: User | None, goal: Goal, data: IndicatorInput) -> Indicator:
    municipality = goal.municipality
    _check_actor(actor, municipality)
    check_indicator(data, municipality)
    with transaction.atomic():
        indicator = Indicator(goal=goal, municipality=municipality)
        _assign_indicator(indicator, data)
        indicator.save()
        audit.record(
            actor=actor,
            action="indicator.create",
            target=indicator,
            changes={"goal": goal.pk, **_indicator_snapshot(indicator)},
        )
    return indicator


def indicator_update(
    *, actor: User | None, indicator: Indicator, data: IndicatorInput
) -> Indicator:
    municipality = indicator.municipality
    _check_actor(actor, municipality)
    check_indicator(data, municipality)
    with transaction.atomic():
        locked = Indicator.objects.select_for_update().get(pk=indicator.pk)
        before = _indicator_snapshot(locked)
        _assign_indicator(locked, data)
        locked.updated_at = timezone.now()
        locked.save()
        audit.record(
            actor=actor,
            action="indicator.update",
            target=locked,
            changes=audit.diff(before, _indicator_snapshot(locked)),
        )
    return locked


def indicator_delete(*, actor: User | None, indicator: Indicator) -> None:
    _check_actor(actor, indicator.municipality)
    with transaction.atomic():
        audit.record(
            actor=actor,
            action="indicator.delete",
            target=indicator,
            changes={"goal": indicator.goal_id, **_indicator_snapshot(indicator)},
        )
        Indicator.objects.filter(pk=indicator.pk).delete()

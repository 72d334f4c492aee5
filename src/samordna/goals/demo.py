"""The demo's goals for Baronbackarna (core.demo.story.GOAL_AREA).

"Minska skadegörelsen i centrum och vid skolan" with three indicators — the area's own
observations of vandalism and graffiti, the demo survey's disorder question for the
area, and Kolada's reported vandalism per 1 000 inhabitants — and "Fler barn når minst
betyget E" with Kolada's share of pupils in year 9 who reached the knowledge
requirements in all subjects.

The demo has no network, so the two Kolada figures get values that are **synthetic**,
labelled like the demo survey: Kolada's status field says "Syntetisk demo" on every
row, and the indicator names say so. Real values imported later for the same year are
never overwritten (only missing years are added). Idempotent: a goal already there (by
title) is left alone; returns how many goals were added.
"""

from __future__ import annotations

from datetime import date

from django.db import transaction
from django.db.models import QuerySet

from samordna.core.demo.story import GOAL_AREA
from samordna.core.models import Area, Municipality
from samordna.goals.models import Goal
from samordna.goals.services import GoalInput, IndicatorInput, goal_create, indicator_create
from samordna.integrations.kolada.starter import STARTER
from samordna.integrations.models import KoladaKpi, KoladaValue
from samordna.interventions.models import Intervention
from samordna.plans.models import ActionPlan
from samordna.reports.models import Category
from samordna.surveys.models import SurveyItem

VANDALISM_GOAL = "Minska skadegörelsen i centrum och vid skolan"
SCHOOL_GOAL = "Fler barn når minst betyget E"
VANDALISM_CATEGORY = "skadegorelse-klotter"
SURVEY_ITEM = "ordning"  # surveys.demo: "Hur stort problem är skadegörelse, …? (0–6)"
VANDALISM_KPI = "U07452"  # Anmälda brott om skadegörelse per 1 000 inv
SCHOOL_KPI = "N15419"  # Elever i år 9 som uppnått kunskapskraven i alla ämnen, andel (%)
SYNTHETIC = "Syntetisk demo"
DESCRIPTION = (
    "Demomål för Baronbackarna. Kolada-värdena är syntetiska (inga verkliga siffror); "
    "trygghetsmätningen är demons syntetiska enkät."
)
# Synthetic Kolada values by year, counted back from the demo's year.
VANDALISM_VALUES = (9.8, 9.4, 9.9, 8.9, 8.3)
SCHOOL_VALUES = (71.5, 72.8, 70.9, 73.4, 74.1)


def load_demo_goals(municipality: Municipality, today: date) -> int:
    """Load the demo goals not yet there; returns how many were added."""
    area = Area.objects.filter(municipality=municipality, name=GOAL_AREA).first()
    if area is None:
        return 0
    added = 0
    with transaction.atomic():
        years = list(range(today.year - len(VANDALISM_VALUES), today.year))
        vandalism_kpi = _synthetic_kolada(municipality, VANDALISM_KPI, years, VANDALISM_VALUES)
        school_kpi = _synthetic_kolada(municipality, SCHOOL_KPI, years, SCHOOL_VALUES)
        if not Goal.objects.filter(municipality=municipality, title=VANDALISM_GOAL).exists():
            _vandalism_goal(municipality, area, vandalism_kpi, today)
            added += 1
        if not Goal.objects.filter(municipality=municipality, title=SCHOOL_GOAL).exists():
            _school_goal(municipality, area, school_kpi, today)
            added += 1
    return added


def _synthetic_kolada(
    municipality: Municipality, kpi_id: str, years: list[int], values: tuple[float, ...]
) -> KoladaKpi | None:
    starter = next((k for k in STARTER if k.id == kpi_id), None)
    if starter is None:
        return None
    kpi, _ = KoladaKpi.objects.get_or_create(
        id=kpi_id,
        defaults={
            "title": starter.source_title,
            "municipality_type": KoladaKpi.MunicipalityType.MUNICIPALITY,
        },
    )
    have = set(
        KoladaValue.objects.filter(
            municipality=municipality, kpi=kpi, gender=KoladaValue.Gender.TOTAL
        ).values_list("year", flat=True)
    )
    KoladaValue.objects.bulk_create(
        KoladaValue(
            municipality=municipality,
            kpi=kpi,
            year=year,
            gender=KoladaValue.Gender.TOTAL,
            value=value,
            status=SYNTHETIC,
        )
        for year, value in zip(years, values, strict=True)
        if year not in have
    )
    return kpi


def _links(municipality: Municipality) -> tuple[list[Intervention], list[ActionPlan]]:
    from samordna.core.demo.story import ACTION_PLAN_TITLE, SQUARE_PROBLEM

    interventions = list(
        Intervention.objects.filter(municipality=municipality, problem__title=SQUARE_PROBLEM)[:5]
    )
    plans = list(ActionPlan.objects.filter(municipality=municipality, title=ACTION_PLAN_TITLE))
    return interventions, plans


def _vandalism_goal(
    municipality: Municipality, area: Area, kpi: KoladaKpi | None, today: date
) -> None:
    interventions, plans = _links(municipality)
    goal = goal_create(
        actor=None,
        municipality=municipality,
        data=GoalInput(
            title=VANDALISM_GOAL,
            description=DESCRIPTION,
            areas=[area],
            interventions=interventions,
            action_plans=plans,
        ),
    )
    _vandalism_indicators(goal, municipality, area, kpi, today)


def _vandalism_indicators(
    goal: Goal, municipality: Municipality, area: Area, kpi: KoladaKpi | None, today: date
) -> None:
    """The goal's three indicators: observations, the survey question and Kolada."""
    base, target = str(today.year - 2), str(today.year + 2)
    vandalism = Category.objects.filter(code=VANDALISM_CATEGORY, municipality=None)
    indicator_create(
        actor=None,
        goal=goal,
        data=IndicatorInput(
            name="Iakttagen skadegörelse och klotter i Baronbackarna",
            source="observations",
            granularity="tertial",
            unit="iakttagelser",
            baseline_period=f"{base}-T3",
            target_period=f"{target}-T3",
            target_value=_observation_target(municipality, area, vandalism, base),
            areas=[area],
            categories=list(vandalism),
            order=1,
        ),
    )
    item = (
        SurveyItem.objects.filter(
            municipality=municipality, code=SURVEY_ITEM, survey__is_synthetic=True
        )
        .order_by("survey__year")
        .first()
    )
    if item is not None:
        indicator_create(
            actor=None,
            goal=goal,
            data=IndicatorInput(
                name="Upplevt problem med skadegörelse och bråk (syntetisk enkät)",
                source="survey",
                unit="index 0–6",
                baseline_period=str(item.survey.year),
                target_period=target,
                target_value=2.0,
                survey_item=item,
                survey_area=area,
                order=2,
            ),
        )
    if kpi is not None:
        indicator_create(
            actor=None,
            goal=goal,
            data=IndicatorInput(
                name="Anmäld skadegörelse per 1 000 invånare, hela kommunen (syntetisk demo)",
                source="kolada",
                unit="per 1 000 inv",
                baseline_period=str(today.year - 5),
                target_period=target,
                target_value=7.5,
                kolada_kpi=kpi,
                order=3,
            ),
        )


def _observation_target(
    municipality: Municipality, area: Area, categories: QuerySet[Category], base: str
) -> float:
    """A fifth fewer than the baseline tertial had (at least 0)."""
    from samordna.reports.models import WeeklyCount

    rows = WeeklyCount.objects.filter(
        municipality=municipality,
        area=area,
        category__in=categories,
        tertial_key=f"{base}-T3",
    ).values_list("count", flat=True)
    return float(round(sum(rows) * 0.8))


def _school_goal(
    municipality: Municipality, area: Area, kpi: KoladaKpi | None, today: date
) -> None:
    goal = goal_create(
        actor=None,
        municipality=municipality,
        data=GoalInput(title=SCHOOL_GOAL, description=DESCRIPTION, areas=[area]),
    )
    if kpi is None:
        return
    indicator_create(
        actor=None,
        goal=goal,
        data=IndicatorInput(
            name="Elever i år 9 som nått kunskapskraven i alla ämnen (syntetisk demo)",
            source="kolada",
            direction="increase",
            unit="%",
            baseline_period=str(today.year - 5),
            target_period=str(today.year + 2),
            target_value=80.0,
            kolada_kpi=kpi,
            order=1,
        ),
    )

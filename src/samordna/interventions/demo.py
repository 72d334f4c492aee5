"""The demo's interventions against the growing problem (core.demo.story).

Two situational interventions, owned by the two organisations in
story.INTERVENTION_OWNERS, started three months before `today`: the police's targeted
patrols at the spots where mopeds gather (increase the risk: formal surveillance), and
the housing company's locking of the moped storage and garages (increase the effort:
harden the target, control access). Each is followed up for production and process; the
patrols also for effect, comparing the three months before they started with the three
months since, in the target (story.GROWING_AREA), buffer (story.BUFFER_AREA) and control
(story.CONTROL_AREA) areas. The demo's problem keeps growing through both periods
(samordna.demo.profiles.GROWTH_DAYS), so the evaluation says what that shows: no effect
yet, and a target chosen at a peak. That is the result, and the demo keeps it.

Idempotent: what exists (found by title) is left as it is.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from django.db import transaction

from samordna.core.demo import story
from samordna.core.models import Area, Municipality, Organisation, User
from samordna.interventions.followup import FollowUpInput, categories_of, followup_create
from samordna.interventions.models import FollowUp, Intervention
from samordna.interventions.services import (
    InterventionInput,
    intervention_create,
    intervention_report,
)
from samordna.interventions.vocabulary import Evidence, Kind, PreventionLevel, Strategy
from samordna.problems.models import Cause, Problem
from samordna.problems.vocabulary import FocusArea

# The interventions started this many days before `today`; the effect periods are as
# long, before and after the start.
STARTED_DAYS_AGO = 91
RUNS_FOR_DAYS = 150


@dataclass(frozen=True)
class DemoIntervention:
    title: str
    owner: str
    person: str
    strategy: str
    techniques: tuple[str, ...]
    description: str
    goal: str
    cost_sek: int
    hours: int
    partners: tuple[str, ...]
    production: str
    process: str
    process_cost: int
    process_hours: int


INTERVENTIONS = (
    DemoIntervention(
        title="Riktade kvällspatruller vid Varberga torg och parkeringarna intill",
        owner=story.INTERVENTION_OWNERS[0],
        person="polis",
        strategy=Strategy.RISK,
        techniques=("formal_surveillance",),
        description=(
            "Synlig polis fredag och lördag kväll vid platserna där mopederna samlas och "
            "trimmas: torget, parkeringen vid idrottshallen och gång- och cykelvägen mot "
            "skogen."
        ),
        goal=(
            "Iakttagelserna av mopedåkning i Varberga ska minska med en tredjedel till "
            "nästa tertial, utan att öka i Oxhagen."
        ),
        cost_sek=180_000,
        hours=320,
        partners=("kommunledning-trygghet", "obo"),
        production="Patrullerna har gått nästan alla planerade kvällar; två ställdes in.",
        process=(
            "Patrullerna kom igång snabbt men fick flyttas när mopederna sökte sig till "
            "parkeringen bakom skolan. Fältassistenterna följde med två kvällar i månaden."
        ),
        process_cost=165_000,
        process_hours=298,
    ),
    DemoIntervention(
        title="Låsa mopedförråd och garage i ÖBO:s hus i Varberga",
        owner=story.INTERVENTION_OWNERS[1],
        person="partner",
        strategy=Strategy.EFFORT,
        techniques=("target_harden", "control_access"),
        description=(
            "Nya lås och passersystem till mopedförråden och garagen, där mopeder har "
            "förvarats och trimmats utan lov."
        ),
        goal="Alla elva förråd och garage har nya lås och passerloggar före årsskiftet.",
        cost_sek=240_000,
        hours=120,
        partners=("polisen-lpo-orebro",),
        production="Åtta av elva förråd har nya lås; tre väntar på leverans.",
        process=(
            "Passersystemet tog längre tid än väntat att beställa. De boende fick brev om "
            "de nya taggarna, och få har frågat efter fler."
        ),
        process_cost=198_000,
        process_hours=104,
    ),
)


def load_demo_interventions(municipality: Municipality, today: date) -> int:
    """Load the growing problem's interventions and follow-ups; returns how many rows
    were added (0 when the problem is absent or everything is there already)."""
    problem = Problem.objects.filter(municipality=municipality, title=story.GROWING_PROBLEM).first()
    if problem is None:
        return 0
    areas = {
        a.name: a
        for a in Area.objects.filter(
            municipality=municipality,
            name__in=(story.GROWING_AREA, story.BUFFER_AREA, story.CONTROL_AREA),
        )
    }
    if len(areas) < 3:
        return 0
    added = 0
    with transaction.atomic():
        for spec in INTERVENTIONS:
            intervention, created = _intervention(municipality, problem, areas, spec, today)
            added += created
            if intervention is None:
                continue
            added += _follow_ups(intervention, spec, today, effect=spec is INTERVENTIONS[0])
    return added


def _intervention(
    municipality: Municipality,
    problem: Problem,
    areas: dict[str, Area],
    spec: DemoIntervention,
    today: date,
) -> tuple[Intervention | None, int]:
    existing = Intervention.objects.filter(municipality=municipality, title=spec.title).first()
    if existing is not None:
        return existing, 0
    organisations = {o.slug: o for o in Organisation.objects.filter(municipality=municipality)}
    owner = organisations.get(spec.owner)
    if owner is None:
        return None, 0
    person = User.objects.filter(
        username=spec.person, memberships__organisation=owner, memberships__is_active=True
    ).first()
    causes = list(
        Cause.objects.filter(analysis__problem=problem, is_active=True).order_by("number")[:2]
    )
    intervention = intervention_create(
        actor=None,
        municipality=municipality,
        data=InterventionInput(
            title=spec.title,
            description=spec.description,
            owner_organisation=owner,
            owner_person=person,
            raised_by=organisations.get("kommunledning-trygghet"),
            deadline=today - timedelta(days=STARTED_DAYS_AGO) + timedelta(days=RUNS_FOR_DAYS),
            starts_on=today - timedelta(days=STARTED_DAYS_AGO),
            kind=Kind.SITUATIONAL,
            strategy=spec.strategy,
            techniques=spec.techniques,
            prevention_level=PreventionLevel.PRIMARY,
            evidence=Evidence.SOME,
            tags=(FocusArea.SITUATIONAL,),
            problem=problem,
            causes=causes,
            goal=spec.goal,
            partners=[organisations[s] for s in spec.partners if s in organisations],
            cost_sek=spec.cost_sek,
            hours=spec.hours,
            areas=[areas[story.GROWING_AREA]],
            buffer_areas=[areas[story.BUFFER_AREA]],
            control_areas=[areas[story.CONTROL_AREA]],
        ),
    )
    if person is not None:
        intervention_report(
            actor=person,
            intervention=intervention,
            status="in_progress",
            rag="amber" if spec is INTERVENTIONS[1] else "green",
            note=spec.production,
        )
    return intervention, 1


def _follow_ups(
    intervention: Intervention, spec: DemoIntervention, today: date, *, effect: bool
) -> int:
    if intervention.follow_ups.exists():
        return 0
    inputs = [
        FollowUpInput(
            kind=FollowUp.Kind.PRODUCTION, done=FollowUp.Done.PARTLY, note=spec.production
        ),
        FollowUpInput(
            kind=FollowUp.Kind.PROCESS,
            note=spec.process,
            cost_sek=spec.process_cost,
            hours=spec.process_hours,
        ),
    ]
    if effect:
        start = today - timedelta(days=STARTED_DAYS_AGO)
        length = timedelta(days=STARTED_DAYS_AGO)
        inputs.append(
            FollowUpInput(
                kind=FollowUp.Kind.EFFECT,
                source=FollowUp.Source.OBSERVATIONS,
                categories=list(
                    categories_of(intervention.municipality_id).filter(code=story.GROWING_CATEGORY)
                ),
                before_from=start - length,
                before_to=start - timedelta(days=1),
                after_from=start,
                after_to=start + length - timedelta(days=1),
            )
        )
    for data in inputs:
        followup_create(actor=None, intervention=intervention, data=data)
    return len(inputs)

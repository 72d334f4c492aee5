"""The demo's action plan, collaboration agreement and published citizen promise.

Loaded after the problems and interventions of the demo story (core.demo.story): the
plan's rows come from the growing problem's causes and interventions, and the promise's
commitments link those interventions. Idempotent: what exists (found by title and slug)
is left as the demo's users left it.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, datetime, time, timedelta
from typing import Any

from django.db import transaction

from samordna.analysis.periods import STOCKHOLM, shift_period, tertial
from samordna.core.demo import story
from samordna.core.models import Membership, Municipality, Organisation, User
from samordna.core.roles import Role
from samordna.interventions.models import Intervention
from samordna.plans import agreements, services
from samordna.plans.models import ActionPlan, Agreement, CitizenPromise, Commitment
from samordna.situation.models import SituationPicture
from samordna.situation.services import picture_confirm, picture_document, picture_prepare

ANALYSIS = (
    "Lägesbilden visar att mopedåkning och buskörning i Varberga har ökat mer än slumpen "
    "kan förklara, främst kvällstid under sommarhalvåret. Orsaksanalysen pekar på platser "
    "utan naturlig övervakning och på att förarna vet att de sällan stoppas. Åtgärderna "
    "riktar sig mot de numrerade orsakerna och följs upp på tertialmötet."
)
OTHER = (
    "Trygghetsmätningen visar att oron för trafik och buskörning är högst i Varberga. "
    "Bostadsbolaget rapporterar skador på gräsytor och lekplatser."
)
PROMISE_TITLE = "Lugnare gator i Varberga"
PROMISE_SUMMARY = (
    "Kommunen, polisen och bostadsbolaget lovar att arbeta tillsammans för att minska "
    "mopedåkningen och buskörningen i Varberga under året."
)


def load_demo_plans(municipality: Municipality, today: date) -> int:
    """The plan (decided by Kommunstyrelsen), the agreement and the promise. Returns how
    many of the three were created now (0 when all existed)."""
    coordinator = _coordinator(municipality)
    if coordinator is None:
        return 0
    created = 0
    with transaction.atomic():
        picture = _picture(municipality, today, coordinator)
        if picture is None:
            return 0
        problem = _growing_problem(municipality)
        interventions = _interventions(problem)
        if not ActionPlan.objects.filter(
            municipality=municipality, title=story.ACTION_PLAN_TITLE
        ).exists():
            _plan(municipality, picture, problem, interventions, today)
            created += 1
        agreement = Agreement.objects.filter(
            municipality=municipality, title=story.AGREEMENT_TITLE
        ).first()
        if agreement is None:
            agreement = _agreement(municipality, problem, today)
            created += 1
        if not CitizenPromise.objects.filter(
            municipality=municipality, slug=story.PROMISE_SLUG
        ).exists():
            _promise(agreement, interventions, today)
            created += 1
    return created


def _coordinator(municipality: Municipality) -> User | None:
    membership = (
        Membership.objects.in_force()
        .filter(
            municipality=municipality,
            role=Role.COORDINATOR,
        )
        .select_related("user")
        .order_by("pk")
        .first()
    )
    return membership.user if membership else None


def _picture(municipality: Municipality, today: date, actor: User) -> SituationPicture | None:
    """A confirmed year or tertial picture; else the last complete tertial's, confirmed."""
    existing: SituationPicture | None = services.plan_pictures(municipality).first()
    if existing is not None:
        return existing
    key = shift_period(tertial(today), -1)
    picture = picture_prepare(actor=None, municipality=municipality, key=key)
    if picture.status in services.CONFIRMED:
        return picture
    confirmed: SituationPicture = picture_confirm(actor=actor, picture=picture)
    return confirmed


def _growing_problem(municipality: Municipality) -> Any:
    from samordna.problems.models import Problem

    return Problem.objects.filter(municipality=municipality, title=story.GROWING_PROBLEM).first()


def _interventions(problem: Any) -> list[Intervention]:
    if problem is None:
        return []
    return list(
        Intervention.objects.filter(problem=problem)
        .select_related("owner_organisation", "problem")
        .prefetch_related("causes")
        .order_by("deadline", "id")
    )


def _causes(problem: Any) -> list[Any]:
    from samordna.problems.models import Cause

    if problem is None:
        return []
    return list(Cause.objects.filter(analysis__problem=problem, is_active=True).order_by("number"))


def _rows(problem: Any, interventions: list[Intervention], today: date) -> list[services.RowInput]:
    rows = [services.row_input_from_intervention(i) for i in interventions]
    addressed = {c.pk for i in interventions for c in i.causes.all()}
    for cause in _causes(problem):
        if cause.pk in addressed:
            continue
        rows.append(
            services.RowInput(
                cause=cause,
                cause_text=cause.text,
                measure="Utreds vidare i analysgruppen inför nästa tertial.",
                operational_goal="Förslag på åtgärd till tertialmötet.",
                when=f"Senast {today + timedelta(days=120):%Y-%m-%d}",
                who="Samordningsfunktionen",
                follow_up="amber",
            )
        )
    if not rows:
        rows.append(
            services.RowInput(
                cause_text=story.GROWING_PROBLEM,
                measure="Trygghetsvandring och riktad övervakning kvällstid i Varberga.",
                operational_goal="Färre rapporterade iakttagelser av buskörning än föregående år.",
                when=f"Senast {today + timedelta(days=120):%Y-%m-%d}",
                who="Polisen lokalpolisområde Örebro",
                follow_up="green",
            )
        )
    return rows


# What the coordinator writes in place of the draft's "[beskriv …]" before the decision.
CONSEQUENCES = (
    "Konsekvenser: boende i de utsatta områdena undviker gångvägar och centrum kvällstid, "
    "butiker och fastighetsägare bär kostnader för skadegörelse, och otryggheten är störst "
    "bland kvinnor och äldre."
)


def _filled(draft: str) -> str:
    return "\n".join(
        CONSEQUENCES if line.startswith("Konsekvenser:") else line for line in draft.splitlines()
    )


def _plan(
    municipality: Municipality,
    picture: SituationPicture,
    problem: Any,
    interventions: list[Intervention],
    today: date,
) -> ActionPlan:
    data = _plan_input(story.ACTION_PLAN_TITLE, picture, today, ANALYSIS, OTHER)
    decided_on = today - timedelta(days=14)
    rows = _rows(problem, interventions, today)
    plan = _decided(municipality, data, rows, decided_on, f"KS {today.year}/0412")
    _problem_moves_on(problem, decided_on)
    return plan


def _plan_input(
    title: str, picture: SituationPicture, today: date, analysis: str, other: str = ""
) -> services.PlanInput:
    return services.PlanInput(
        title=title,
        period_key=str(today.year),
        picture=picture,
        mapping=_filled(services.mapping_draft(picture_document(picture))),
        other_information=other,
        analysis=analysis,
    )


def _decided(
    municipality: Municipality,
    data: services.PlanInput,
    rows: list[services.RowInput],
    decided_on: date,
    reference: str,
) -> ActionPlan:
    """The plan with its rows, decided by Kommunstyrelsen on `decided_on`."""
    plan = services.plan_create(actor=None, municipality=municipality, data=data)
    for row in rows:
        services.row_create(actor=None, plan=plan, data=row)
    services.plan_decide(
        actor=None,
        plan=plan,
        body="Kommunstyrelsen",
        decided_on=decided_on,
        reference=reference,
    )
    return plan


def load_demo_plain_plan(
    municipality: Municipality,
    today: date,
    *,
    title: str,
    analysis: str,
    rows: Sequence[tuple[str, str, str, str]],
) -> int:
    """A decided action plan of plain rows (cause, measure, goal, who), on the last
    tertial's confirmed picture: a demo municipality without the EST story (issue 19's
    second municipality). Returns 1 when it was created now, else 0."""
    coordinator = _coordinator(municipality)
    if (
        coordinator is None
        or ActionPlan.objects.filter(municipality=municipality, title=title).exists()
    ):
        return 0
    with transaction.atomic():
        picture = _picture(municipality, today, coordinator)
        if picture is None:
            return 0
        when = f"Senast {today + timedelta(days=120):%Y-%m-%d}"
        plan_rows = [
            services.RowInput(
                cause_text=cause,
                measure=measure,
                operational_goal=goal,
                when=when,
                who=who,
                follow_up="green",
            )
            for cause, measure, goal, who in rows
        ]
        data = _plan_input(title, picture, today, analysis)
        _decided(municipality, data, plan_rows, today - timedelta(days=21), f"KS {today.year}/0087")
    return 1


def _problem_moves_on(problem: Any, decided_on: date) -> None:
    """The growing problem's workflow follows the plan: decided, then under way."""
    from samordna.problems.models import ProblemStatus
    from samordna.problems.services import problem_step

    if problem is None or problem.status != ProblemStatus.ANALYSED:
        return
    steps = (
        (ProblemStatus.PLAN_DECIDED, "Kommunstyrelsen beslutade åtgärdsplanen.", 0),
        (ProblemStatus.IN_PROGRESS, "Polisens och ÖBO:s insatser pågår.", 1),
    )
    for status, reason, days in steps:
        moment = datetime.combine(decided_on + timedelta(days=days), time(10), tzinfo=STOCKHOLM)
        problem_step(actor=None, problem=problem, status=status, reason=reason, at=moment)


def _agreement(municipality: Municipality, problem: Any, today: date) -> Agreement:
    police = Organisation.objects.filter(
        municipality=municipality, slug=story.INTERVENTION_OWNERS[0]
    ).first()
    data = agreements.AgreementInput(
        title=story.AGREEMENT_TITLE,
        police_area=police.name if police else "Lokalpolisområde Örebro",
        starts_on=date(today.year, 1, 1),
        ends_on=date(today.year + 1, 12, 31),
        focus_problems=[problem] if problem is not None else [],
        focus_text="Mopedåkning och buskörning i bostadsområdena, främst Varberga.",
        probable_causes=(
            "Platser utan naturlig övervakning; förarna räknar med att sällan stoppas; "
            "få meningsfulla fritidsaktiviteter kvällstid."
        ),
        goals="Färre rapporterade iakttagelser av buskörning i Varberga än föregående år.",
        documentation="Veckans lägesbild och tertialanalysen i Samordna.",
        follow_up="Varje tertial på styrgruppens möte; medborgarlöftet följs upp årligen.",
        signatories=[
            {"role": "Kommundirektör", "organisation": municipality.name},
            {"role": "Lokalpolisområdeschef", "organisation": "Polisen"},
        ],
        status=Agreement.Status.SIGNED,
        signed_on=date(today.year, 1, 15) if today >= date(today.year, 1, 15) else today,
    )
    return agreements.agreement_create(actor=None, municipality=municipality, data=data)


def _promise(agreement: Agreement, interventions: list[Intervention], today: date) -> None:
    promise = agreements.promise_create(
        actor=None,
        agreement=agreement,
        data=agreements.PromiseInput(
            year=today.year,
            title=PROMISE_TITLE,
            slug=story.PROMISE_SLUG,
            public_summary=PROMISE_SUMMARY,
            is_published=True,
        ),
    )
    by_owner: dict[int, list[Intervention]] = {}
    for intervention in interventions:
        by_owner.setdefault(intervention.owner_organisation_id, []).append(intervention)
    owners = Organisation.objects.filter(
        municipality_id=agreement.municipality_id, slug__in=story.INTERVENTION_OWNERS
    ).order_by("name")
    texts = {
        story.INTERVENTION_OWNERS[0]: "Polisen gör riktade insatser mot buskörning kvällstid.",
        story.INTERVENTION_OWNERS[
            1
        ]: "Bostadsbolaget stänger av genvägar och förbättrar belysningen.",
    }
    for owner in owners:
        linked = by_owner.get(owner.pk, [])
        status = Commitment.Status.IN_PROGRESS if linked else Commitment.Status.PLANNED
        agreements.commitment_create(
            actor=None,
            promise=promise,
            data=agreements.CommitmentInput(
                organisation=owner,
                text=texts.get(owner.slug, "Parten bidrar till arbetet i Varberga."),
                status=status,
                public_status=(
                    "Arbetet är igång och följs upp varje tertial."
                    if linked
                    else "Planeras till hösten."
                ),
                interventions=linked,
            ),
        )

"""Writes of the action plan the law requires (*åtgärdsplan*, lag 2023:196), and its snapshot.

A plan is built on a confirmed year or tertial situation picture. Its three parts are
the law's situation picture (mapping, other relevant information, analysis); its rows
are Brå's columns. Deciding freezes the plan: the plan as decided is kept in an
`ActionPlanRevision`. A decided plan changes only through a revision, which needs a
reason and ends in a new decision with a new version; every version stays comparable.

Each service checks the actor's right itself (`actor` None is the system: the demo),
validates everything first (ValidationError by field, nothing half-saved) and writes its
audit event in the same transaction.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any, cast

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils import timezone

from samordna.core import audit
from samordna.core.models import Municipality, User
from samordna.core.policies import municipality_ids
from samordna.interventions.models import Intervention, Rag
from samordna.interventions.text import text_problems

# mapping_draft, pending_reason and plan_snapshot live in plans.text; callers (the API
# among them) read them here too (explicit re-exports).
from samordna.plans.goal_tables import goal_tables_now
from samordna.plans.models import ActionPlan, ActionPlanRevision, ActionPlanRow
from samordna.plans.policies import PLAN_EDITORS
from samordna.plans.text import mapping_draft as mapping_draft
from samordna.plans.text import pending_reason as pending_reason
from samordna.plans.text import plan_snapshot as plan_snapshot
from samordna.plans.text import refuse_placeholders
from samordna.situation.models import SituationPicture

TITLE_MAX = 200
PART_MAX = 20000
LINE_MAX = 200
PLAN_KINDS = (SituationPicture.Kind.YEAR, SituationPicture.Kind.TERTIAL)
CONFIRMED = (SituationPicture.Status.CONFIRMED, SituationPicture.Status.DISTRIBUTED)


def require_editor(actor: User | None, municipality_id: int) -> None:
    if actor is not None and municipality_id not in municipality_ids(actor, PLAN_EDITORS):
        raise PermissionDenied("Bara samordnare och administratörer ändrar åtgärdsplanen.")


# --- the plan and its three parts --------------------------------------------------------


@dataclass(frozen=True)
class PlanInput:
    title: str
    period_key: str
    picture: SituationPicture
    mapping: str
    other_information: str = ""
    analysis: str = ""


def plan_pictures(municipality: Municipality) -> Any:
    """The pictures a plan may be built on: confirmed year and tertial pictures."""
    return SituationPicture.objects.filter(
        municipality=municipality, kind__in=PLAN_KINDS, status__in=CONFIRMED
    ).order_by("-period_key", "-version")


def check_picture(picture: SituationPicture | None, municipality: Municipality) -> str | None:
    """Why `picture` cannot carry an action plan, or None."""
    if picture is None or picture.municipality_id != municipality.pk:
        return "Välj en fastställd lägesbild för året eller ett tertial."
    if picture.kind not in PLAN_KINDS:
        return "Åtgärdsplanen bygger på en lägesbild för ett år eller ett tertial, inte en vecka."
    if picture.status not in CONFIRMED or picture.snapshot is None:
        return "Lägesbilden är inte fastställd. Fastställ den först."
    return None


def _check_plan(data: PlanInput, municipality: Municipality) -> None:
    problems = text_problems(
        {
            "mapping": data.mapping,
            "other_information": data.other_information,
            "analysis": data.analysis,
        },
        limit=PART_MAX,
    )
    problems |= text_problems({"title": data.title}, limit=TITLE_MAX)
    if not data.title.strip():
        problems["title"] = "Ge planen en rubrik."
    if not data.mapping.strip():
        problems.setdefault("mapping", "Beskriv brottslighetens omfattning och konsekvenser.")
    if not data.analysis.strip():
        problems.setdefault("analysis", "Skriv analysen: vad lägesbilden betyder för arbetet.")
    picture_problem = check_picture(data.picture, municipality)
    if picture_problem:
        problems["picture"] = picture_problem
    if not data.period_key.strip() or len(data.period_key.strip()) > 8:
        problems["period_key"] = "Ange planens period, till exempel 2026 eller 2026-T3."
    if problems:
        raise ValidationError(problems)


def plan_create(*, actor: User | None, municipality: Municipality, data: PlanInput) -> ActionPlan:
    """A draft plan on a confirmed year or tertial picture."""
    require_editor(actor, municipality.pk)
    _check_plan(data, municipality)
    with transaction.atomic():
        plan = ActionPlan.objects.create(
            municipality=municipality,
            title=data.title.strip(),
            period_key=data.period_key.strip(),
            picture=data.picture,
            mapping=data.mapping.strip(),
            other_information=data.other_information.strip(),
            analysis=data.analysis.strip(),
            created_by=actor if actor is not None and actor.pk else None,
        )
        audit.record(
            actor=actor,
            action="actionplan.create",
            target=plan,
            changes={"period": plan.period_key, "picture": data.picture.pk},
        )
    return plan


def _refuse_decided(plan: ActionPlan) -> None:
    if plan.status != ActionPlan.Status.DRAFT:
        raise ValidationError(
            "Planen är beslutad och kan inte ändras. Revidera den för att göra ändringar."
        )


def plan_update(*, actor: User | None, plan: ActionPlan, data: PlanInput) -> ActionPlan:
    """Change a draft's title, period, picture and three parts."""
    require_editor(actor, plan.municipality_id)
    _check_plan(data, plan.municipality)
    with transaction.atomic():
        plan = _locked(plan)
        _refuse_decided(plan)
        before = _fields(plan)
        plan.title, plan.period_key = data.title.strip(), data.period_key.strip()
        plan.picture = data.picture
        plan.mapping = data.mapping.strip()
        plan.other_information = data.other_information.strip()
        plan.analysis = data.analysis.strip()
        plan.updated_at = timezone.now()
        plan.save()
        changed = sorted(audit.diff(before, _fields(plan)))
        audit.record(
            actor=actor, action="actionplan.update", target=plan, changes={"fields": changed}
        )
    return plan


def _fields(plan: ActionPlan) -> dict[str, Any]:
    names = ("title", "period_key", "picture_id", "mapping", "other_information", "analysis")
    return {name: getattr(plan, name) for name in names}


def _locked(plan: ActionPlan) -> ActionPlan:
    return ActionPlan.objects.select_for_update().get(pk=plan.pk)


# --- rows in Brå's columns ----------------------------------------------------------------


@dataclass(frozen=True)
class RowInput:
    cause_text: str
    measure: str
    operational_goal: str
    when: str
    who: str
    follow_up: str = ""
    cause: Any = None  # problems.Cause
    intervention: Intervention | None = None
    order: int | None = None


def _check_row(plan: ActionPlan, data: RowInput) -> None:
    problems = text_problems(
        {
            "cause_text": data.cause_text,
            "measure": data.measure,
            "operational_goal": data.operational_goal,
        }
    )
    problems |= text_problems({"when": data.when, "who": data.who}, limit=LINE_MAX)
    required = {
        "cause_text": "Skriv orsaken åtgärden riktar sig mot.",
        "measure": "Skriv åtgärden.",
        "operational_goal": "Skriv ett operativt mål.",
        "when": "Skriv när åtgärden genomförs.",
        "who": "Skriv vem som ansvarar (kontakt).",
    }
    for name, message in required.items():
        if not getattr(data, name).strip():
            problems.setdefault(name, message)
    if data.follow_up and data.follow_up not in Rag.values:
        problems["follow_up"] = "Välj grönt, gult eller rött."
    if data.cause is not None and data.cause.municipality_id != plan.municipality_id:
        problems["cause"] = "Orsaken hör till en annan kommun."
    if data.intervention is not None and data.intervention.municipality_id != plan.municipality_id:
        problems["intervention"] = "Insatsen hör till en annan kommun."
    if problems:
        raise ValidationError(problems)


def _row_values(data: RowInput) -> dict[str, Any]:
    follow_up = data.follow_up or (data.intervention.rag if data.intervention else "")
    return {
        "cause": data.cause,
        "cause_text": data.cause_text.strip(),
        "intervention": data.intervention,
        "measure": data.measure.strip(),
        "operational_goal": data.operational_goal.strip(),
        "when": data.when.strip(),
        "who": data.who.strip(),
        "follow_up": follow_up,
    }


def row_create(*, actor: User | None, plan: ActionPlan, data: RowInput) -> ActionPlanRow:
    """Add a row at the end of a draft plan. Follow-up defaults to the intervention's rag."""
    require_editor(actor, plan.municipality_id)
    _check_row(plan, data)
    with transaction.atomic():
        plan = _locked(plan)
        _refuse_decided(plan)
        last = plan.rows.aggregate(n=Max("order"))["n"] or 0
        row = ActionPlanRow.objects.create(
            plan=plan,
            municipality_id=plan.municipality_id,
            order=data.order or last + 1,
            **_row_values(data),
        )
        _touch(plan)
        audit.record(
            actor=actor,
            action="actionplan.row_create",
            target=plan,
            changes={"row": row.pk, "intervention": row.intervention_id},
        )
    return row


def row_update(*, actor: User | None, row: ActionPlanRow, data: RowInput) -> ActionPlanRow:
    require_editor(actor, row.municipality_id)
    _check_row(row.plan, data)
    with transaction.atomic():
        plan = _locked(row.plan)
        _refuse_decided(plan)
        for name, value in _row_values(data).items():
            setattr(row, name, value)
        if data.order:
            row.order = data.order
        row.save()
        _touch(plan)
        audit.record(
            actor=actor, action="actionplan.row_update", target=plan, changes={"row": row.pk}
        )
    return row


def row_delete(*, actor: User | None, row: ActionPlanRow) -> None:
    require_editor(actor, row.municipality_id)
    with transaction.atomic():
        plan = _locked(row.plan)
        _refuse_decided(plan)
        pk = row.pk
        row.delete()
        _touch(plan)
        audit.record(actor=actor, action="actionplan.row_delete", target=plan, changes={"row": pk})


def plan_rows_set(
    *, actor: User | None, plan: ActionPlan, rows: list[tuple[int | None, RowInput]]
) -> list[ActionPlanRow]:
    """Make the draft's rows exactly `rows` (in that order): a row with an id of the plan is
    changed in place (it stays the same row across versions), one without is added, and
    rows not listed are removed. Every row is checked first; an error changes nothing."""
    require_editor(actor, plan.municipality_id)
    problems: dict[str, str] = {}
    existing = {row.pk: row for row in plan.rows.all()}
    for number, (pk, data) in enumerate(rows, start=1):
        if pk is not None and pk not in existing:
            problems[f"rows.{number}.id"] = "Raden finns inte i planen."
        try:
            _check_row(plan, data)
        except ValidationError as error:
            for name, messages in error.message_dict.items():
                problems[f"rows.{number}.{name}"] = " ".join(messages)
    if problems:
        raise ValidationError(problems)
    with transaction.atomic():
        plan = _locked(plan)
        _refuse_decided(plan)
        kept = {pk for pk, _data in rows if pk is not None}
        plan.rows.exclude(pk__in=kept).delete()
        saved = []
        for order, (pk, data) in enumerate(rows, start=1):
            values = _row_values(data) | {"order": order}
            if pk is not None:
                ActionPlanRow.objects.filter(pk=pk).update(**values)
                saved.append(ActionPlanRow.objects.get(pk=pk))
            else:
                saved.append(
                    ActionPlanRow.objects.create(
                        plan=plan, municipality_id=plan.municipality_id, **values
                    )
                )
        _touch(plan)
        audit.record(
            actor=actor,
            action="actionplan.rows_set",
            target=plan,
            changes={"rows": [row.pk for row in saved]},
        )
    return saved


def row_input_from_intervention(intervention: Intervention) -> RowInput:
    """Cause, measure, goal, when and who as the intervention states them."""
    causes = sorted(intervention.causes.all(), key=lambda c: c.number)
    # The row shows the first cause's number before its text (the row's cause), so only
    # the further causes carry theirs: "1. a; 2. b", never "1. 1. a; 2. b".
    cause_text = "; ".join(
        [c.text for c in causes[:1]] + [f"{c.number}. {c.text}" for c in causes[1:]]
    )
    if not cause_text and intervention.problem_id:
        cause_text = str(intervention.problem)
    start = intervention.starts_on
    when = (
        f"{start:%Y-%m-%d} – {intervention.deadline:%Y-%m-%d}"
        if start
        else f"Senast {intervention.deadline:%Y-%m-%d}"
    )
    measure = intervention.title
    if intervention.description:
        measure = f"{intervention.title}. {intervention.description}"
    return RowInput(
        cause=causes[0] if causes else None,
        cause_text=cause_text or "Orsak ej angiven",
        intervention=intervention,
        measure=measure[:4000],
        operational_goal=intervention.goal or f"Genomförd senast {intervention.deadline:%Y-%m-%d}",
        when=when,
        who=intervention.owner_organisation.name,
        follow_up=intervention.rag,
    )


def row_from_intervention(
    *, actor: User | None, plan: ActionPlan, intervention: Intervention
) -> ActionPlanRow:
    """One action: a row filled from an intervention of the plan's municipality."""
    return row_create(actor=actor, plan=plan, data=row_input_from_intervention(intervention))


def _touch(plan: ActionPlan) -> None:
    plan.updated_at = timezone.now()
    plan.save(update_fields=["updated_at"])


# --- decide, revise, the snapshot ----------------------------------------------------------


def plan_decide(
    *,
    actor: User | None,
    plan: ActionPlan,
    body: str,
    decided_on: date | None,
    reference: str = "",
    reason: str = "",
) -> ActionPlanRevision:
    """Decide the draft: it is frozen, and the plan as decided is kept as its version."""
    require_editor(actor, plan.municipality_id)
    problems = text_problems({"body": body, "reference": reference}, limit=LINE_MAX)
    problems |= text_problems({"reason": reason})
    if not body.strip():
        problems["body"] = "Ange vilket organ som beslutade, till exempel Kommunstyrelsen."
    if decided_on is None:
        problems["decided_on"] = "Ange beslutsdatum."
    elif decided_on > timezone.localdate():
        problems["decided_on"] = "Beslutsdatumet kan inte ligga i framtiden."
    if plan.version > 1 and not reason.strip():
        problems.setdefault("reason", "Skriv varför planen revideras.")
    if problems:
        raise ValidationError(problems)
    with transaction.atomic():
        plan = _locked(plan)
        _refuse_decided(plan)
        if not plan.rows.exists():
            raise ValidationError("Planen har inga åtgärder. Lägg till minst en rad.")
        refuse_placeholders(plan)
        if check_picture(plan.picture, plan.municipality):
            raise ValidationError({"picture": check_picture(plan.picture, plan.municipality)})
        decided = cast(date, decided_on)  # a missing date was refused above
        plan.status = ActionPlan.Status.DECIDED
        plan.decided_by_body = body.strip()
        plan.decided_on = decided
        plan.decision_reference = reference.strip()
        plan.updated_at = timezone.now()
        plan.save()
        revision = ActionPlanRevision.objects.create(
            plan=plan,
            municipality_id=plan.municipality_id,
            version=plan.version,
            reason=reason.strip(),
            decided_by_body=plan.decided_by_body,
            decided_on=decided,
            decision_reference=plan.decision_reference,
            snapshot=plan_snapshot(plan) | {"goal_tables": goal_tables_now(plan)},
            by=actor if actor is not None and actor.pk else None,
        )
        audit.record(
            actor=actor,
            action="actionplan.decide",
            target=plan,
            changes={"version": plan.version, "body": plan.decided_by_body},
        )
    return revision


def plan_revise(*, actor: User | None, plan: ActionPlan, reason: str) -> ActionPlan:
    """Open a decided plan for a revision: a new version, a draft until it is decided.

    What was decided stays in its `ActionPlanRevision`; the reason is asked again, and
    kept, when the new version is decided."""
    require_editor(actor, plan.municipality_id)
    problems = text_problems({"reason": reason})
    if not reason.strip():
        problems["reason"] = "Skriv varför planen revideras."
    if problems:
        raise ValidationError(problems)
    with transaction.atomic():
        plan = _locked(plan)
        if plan.status != ActionPlan.Status.DECIDED:
            raise ValidationError("Bara en beslutad plan kan revideras; utkastet ändras direkt.")
        plan.status = ActionPlan.Status.DRAFT
        plan.version += 1
        plan.decided_by_body, plan.decided_on, plan.decision_reference = "", None, ""
        plan.updated_at = timezone.now()
        plan.save()
        audit.record(
            actor=actor,
            action="actionplan.revise",
            target=plan,
            changes={"version": plan.version, "reason": reason.strip()},
        )
    return plan

"""Reads of action plans: scoped lists, the situation's three parts with what the goals
app adds, the versions of a plan and the comparison of two of them."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from django.db.models import QuerySet

from samordna.core.models import Municipality, User
from samordna.interventions.models import Rag
from samordna.plans.models import (
    ActionPlan,
    ActionPlanRevision,
    ActionPlanRow,
    Agreement,
    CitizenPromise,
)
from samordna.plans.text import plan_snapshot

# The columns in Brå's order: key in a snapshot row, heading.
COLUMNS = (
    ("cause", "Orsak"),
    ("measure", "Åtgärd"),
    ("operational_goal", "Operativt mål"),
    ("when", "När"),
    ("who", "Vem (kontakt)"),
    ("follow_up", "Uppföljning"),
)
ROW_FIELDS = ("cause_text", "measure", "operational_goal", "when", "who", "follow_up")
PART_FIELDS = ("title", "period_key", "mapping", "other_information", "analysis")
RAG_LABELS = dict(Rag.choices)


def plans_for(user: User, municipality: Municipality) -> QuerySet[ActionPlan]:
    plans: QuerySet[ActionPlan] = (
        ActionPlan.objects.restrict(user)
        .filter(municipality=municipality)
        .select_related("picture")
        .order_by("-period_key", "-id")
    )
    return plans


def agreements_for(user: User, municipality: Municipality) -> QuerySet[Agreement]:
    agreements: QuerySet[Agreement] = (
        Agreement.objects.restrict(user)
        .filter(municipality=municipality)
        .order_by("-starts_on", "-id")
    )
    return agreements


def promises_for(user: User, agreement: Agreement) -> QuerySet[CitizenPromise]:
    promises: QuerySet[CitizenPromise] = (
        CitizenPromise.objects.restrict(user).filter(agreement=agreement).order_by("-year", "title")
    )
    return promises


def plan_rows(plan: ActionPlan) -> list[ActionPlanRow]:
    rows = plan.rows.select_related("cause", "intervention").order_by("order", "id")
    return list(rows)


def follow_up_of(row: ActionPlanRow) -> str:
    """The row's own colour, else its intervention's current one."""
    if row.follow_up:
        return row.follow_up
    return row.intervention.rag if row.intervention else ""


# --- versions and comparison ---------------------------------------------------------------


def revisions(plan: ActionPlan) -> list[ActionPlanRevision]:
    return list(plan.revisions.select_related("by").order_by("version"))


def version_choices(plan: ActionPlan) -> list[tuple[str, str]]:
    """The decided versions, and the draft of a revision under way ("current")."""
    choices = [
        (str(r.version), f"Version {r.version} ({r.decided_on:%Y-%m-%d})") for r in revisions(plan)
    ]
    if plan.status == ActionPlan.Status.DRAFT and choices:
        choices.append(("current", f"Version {plan.version} (utkast)"))
    return choices


def version_snapshot(plan: ActionPlan, key: str) -> dict[str, Any] | None:
    if key == "current":
        return plan_snapshot(plan) if plan.status == ActionPlan.Status.DRAFT else None
    if not key.isdigit():
        return None
    revision = plan.revisions.filter(version=int(key)).first()
    return revision.snapshot if revision else None


@dataclass
class RowChange:
    order: int
    label: str
    fields: list[tuple[str, str, str]] = field(default_factory=list)  # (column, before, after)


@dataclass
class Comparison:
    parts: list[tuple[str, str, str]]  # (field, before, after)
    added: list[dict[str, Any]]
    removed: list[dict[str, Any]]
    changed: list[RowChange]

    @property
    def is_empty(self) -> bool:
        return not (self.parts or self.added or self.removed or self.changed)


PART_LABELS = {
    "title": "Rubrik",
    "period_key": "Period",
    "mapping": "1. Kartläggning av brottsligheten",
    "other_information": "2. Annan relevant information",
    "analysis": "3. Analys",
}
ROW_LABELS = {
    "cause_text": "Orsak",
    "measure": "Åtgärd",
    "operational_goal": "Operativt mål",
    "when": "När",
    "who": "Vem (kontakt)",
    "follow_up": "Uppföljning",
}


def compare(before: dict[str, Any], after: dict[str, Any]) -> Comparison:
    """What changed from `before` to `after`: parts, and rows added, removed or changed
    (a row is the same row across versions when it keeps its id)."""
    parts = [
        (PART_LABELS[name], str(before.get(name) or ""), str(after.get(name) or ""))
        for name in PART_FIELDS
        if (before.get(name) or "") != (after.get(name) or "")
    ]
    old = {r["id"]: r for r in before.get("rows", [])}
    new = {r["id"]: r for r in after.get("rows", [])}
    added = [new[k] for k in new if k not in old]
    removed = [old[k] for k in old if k not in new]
    changed = []
    for key in new:
        if key not in old:
            continue
        diffs = [
            (ROW_LABELS[name], _shown(name, old[key].get(name)), _shown(name, new[key].get(name)))
            for name in ROW_FIELDS
            if (old[key].get(name) or "") != (new[key].get(name) or "")
        ]
        if diffs:
            changed.append(RowChange(new[key]["order"], new[key]["measure"][:80], diffs))
    return Comparison(parts, added, removed, changed)


def _shown(name: str, value: Any) -> str:
    if name == "follow_up":
        return str(RAG_LABELS.get(value or "", "–"))
    return str(value or "")

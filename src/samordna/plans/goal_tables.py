"""Part 2 of the plan, what the goals app adds: the goals' indicators and the survey
results for the plan's period, as tables. Rendered, never stored, except in the
snapshot a decision keeps (`goal_tables_now`), which a decided plan then shows."""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from typing import Any

from samordna.core.models import Municipality
from samordna.plans.models import ActionPlan


@dataclass
class GoalTable:
    title: str
    headers: list[str]
    rows: list[list[str]]


def goal_tables(municipality: Municipality, period_key: str) -> list[GoalTable]:
    """The goals' indicators and the survey results for the plan's period (goals.report)."""
    from samordna.goals.report import indicator_rows, survey_rows

    tables = []
    for title, rows in (
        ("Indikatorer", indicator_rows(municipality, period_key)),
        ("Trygghetsmätningar", survey_rows(municipality, period_key)),
    ):
        table = _table(title, list(rows))
        if table is not None:
            tables.append(table)
    return tables


def shown_goal_tables(plan: ActionPlan) -> tuple[list[GoalTable], bool]:
    """The goal tables to show with the plan, and whether they are frozen.

    A decided plan shows them as its decision kept them, like a confirmed picture: a
    survey or observations arriving later appear only in a new revision. A draft (and a
    plan decided before decisions kept them) shows them as they stand today."""
    if plan.status == ActionPlan.Status.DECIDED:
        revision = plan.revisions.filter(version=plan.version).only("snapshot").first()
        kept = (revision.snapshot or {}).get("goal_tables") if revision else None
        if kept is not None:
            return [GoalTable(t["title"], t["headers"], t["rows"]) for t in kept], True
    return goal_tables(plan.municipality, plan.period_key), False


# Swedish headings for the fields the goals app is known to return; others as named.
HEADINGS = {
    "goal": "Mål",
    "indicator": "Indikator",
    "source": "Källa",
    "unit": "Enhet",
    "baseline_period": "Basperiod",
    "baseline_value": "Basvärde",
    "target_period": "Målperiod",
    "target_value": "Målvärde",
    "latest_period": "Senaste period",
    "latest_value": "Senaste värde",
    "on_track": "I fas",
    "status": "Status",
    "survey": "Undersökning",
    "item": "Fråga",
    "year": "År",
    "area": "Område",
    "group": "Grupp",
    "value": "Värde",
    "ci_low": "KI nedre",
    "ci_high": "KI övre",
    "respondents": "Svarande",
    "suppressed": "Dold",
}


def _table(title: str, items: list[Any]) -> GoalTable | None:
    dicts = [
        dataclasses.asdict(i)
        for i in items
        if dataclasses.is_dataclass(i) and not isinstance(i, type)
    ]
    if not dicts:
        return None
    headers = list(dicts[0])
    rows = [[_cell(d.get(h)) for h in headers] for d in dicts]
    labels = [HEADINGS.get(h, h.replace("_", " ").capitalize()) for h in headers]
    return GoalTable(title, labels, rows)


def _cell(value: Any) -> str:
    if value is None:
        return "–"
    if isinstance(value, bool):
        return "Ja" if value else "Nej"
    if isinstance(value, float):
        return f"{value:.1f}".replace(".", ",")
    if isinstance(value, list | tuple):
        return ", ".join(_cell(v) for v in value)
    if isinstance(value, dict):
        return ", ".join(f"{k}: {_cell(v)}" for k, v in value.items())
    return str(value)


def goal_tables_now(plan: ActionPlan) -> list[dict[str, Any]]:
    """The indicators and survey rows as they stand at the decision, kept in the version:
    a survey or observations arriving later must not change what was decided."""
    return [dataclasses.asdict(t) for t in goal_tables(plan.municipality, plan.period_key)]

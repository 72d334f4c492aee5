"""The action plan's text and documents: the mapping's draft from the picture's figures,
the snapshot a decision keeps (the goal tables it adds are in goal_tables), the check that no
draft placeholder is left at the decision, and the reason of a revision under way.
Split from the services, which re-export what callers read there."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django.core.exceptions import ValidationError

from samordna.interventions.text import placeholder_problems
from samordna.plans.models import ActionPlan

SNAPSHOT_FORMAT = "samordna.actionplan/1"
ROW_TEXTS = ("cause_text", "measure", "operational_goal", "when", "who")


# --- the mapping's draft text, from the picture's figures ---------------------------------


def _change(count: int, previous: int | None) -> str:
    if previous is None:
        return ""
    if previous == 0:
        return " (inga föregående period)" if count else ""
    percent = round(100 * (count - previous) / previous)
    if percent == 0:
        return " (oförändrat mot föregående period)"
    word = "fler" if percent > 0 else "färre"
    return f" ({abs(percent)} % {word} än föregående period, {previous})"


def mapping_draft(document: Mapping[str, Any]) -> str:
    """A first text for part 1 from the confirmed picture's figures: the total, the areas,
    the categories and the change. The coordinator edits it before the decision."""
    period = document.get("period") or {}
    totals = document.get("totals") or {}
    label = period.get("label") or period.get("key") or ""
    count = int(totals.get("count") or 0)
    lines = [
        f"Under {label} rapporterades {count} iakttagelser i kommunen"
        f"{_change(count, totals.get('previous'))}.",
    ]
    if totals.get("last_year") is not None:
        lines.append(f"Samma period förra året: {totals['last_year']}.")
    police = (document.get("police") or {}).get("count")
    if police:
        lines.append(f"Polisen rapporterade {police} händelser i kommunen under perioden.")
    lines += _ranked("Flest iakttagelser per område", document.get("areas") or [])
    lines += _ranked("Flest iakttagelser per kategori", document.get("categories") or [])
    flagged = [a.get("name", "") for a in document.get("areas") or [] if a.get("flagged")]
    if flagged:
        lines.append("Ökat mer än vanligt i: " + ", ".join(flagged) + ".")
    lines.append(
        "Konsekvenser: [beskriv vad brottsligheten betyder för de boende, för "
        "verksamheterna och för tryggheten i områdena]."
    )
    return "\n".join(lines)


def _ranked(heading: str, items: list[dict[str, Any]], n: int = 5) -> list[str]:
    counted = sorted(
        (i for i in items if int(i.get("count") or 0) > 0),
        key=lambda i: (-int(i.get("count") or 0), str(i.get("name", ""))),
    )[:n]
    if not counted:
        return []
    return [f"{heading}:"] + [
        f"- {i.get('name', i.get('code', ''))}: {int(i.get('count') or 0)}"
        f"{_change(int(i.get('count') or 0), i.get('previous'))}"
        for i in counted
    ]


# --- at the decision: the snapshot, the placeholders, the goal tables ------------------------


def plan_snapshot(plan: ActionPlan) -> dict[str, Any]:
    """The plan and its rows as they stand: what a decision freezes."""
    rows = plan.rows.select_related("cause", "intervention").order_by("order", "id")
    picture = plan.picture
    return {
        "format": SNAPSHOT_FORMAT,
        "title": plan.title,
        "period_key": plan.period_key,
        "version": plan.version,
        "picture": {
            "id": picture.pk,
            "kind": picture.kind,
            "period_key": picture.period_key,
            "version": picture.version,
            "content_hash": picture.content_hash,
        },
        "mapping": plan.mapping,
        "other_information": plan.other_information,
        "analysis": plan.analysis,
        "decided_by_body": plan.decided_by_body,
        "decided_on": plan.decided_on.isoformat() if plan.decided_on else None,
        "decision_reference": plan.decision_reference,
        "rows": [
            {
                "id": row.pk,
                "order": row.order,
                "cause_id": row.cause_id,
                "cause_number": row.cause.number if row.cause else None,
                "cause_text": row.cause_text,
                "intervention_id": row.intervention_id,
                "measure": row.measure,
                "operational_goal": row.operational_goal,
                "when": row.when,
                "who": row.who,
                "follow_up": row.follow_up,
            }
            for row in rows
        ],
    }


def refuse_placeholders(plan: ActionPlan) -> None:
    """A draft's "[beskriv …]" left in a part or a row cannot be adopted as written."""
    texts = {name: getattr(plan, name) for name in ("mapping", "other_information", "analysis")}
    problems = placeholder_problems(texts)
    for row in plan.rows.order_by("order", "id"):
        row_texts = {name: getattr(row, name) for name in ROW_TEXTS}
        for message in placeholder_problems(row_texts).values():
            problems.setdefault("__all__", f"Rad {row.order}: {message}")
    if problems:
        raise ValidationError(problems)


def pending_reason(plan: ActionPlan) -> str:
    """The reason given when the current revision was started (for the decision form)."""
    from samordna.core.models import AuditEvent

    event = (
        AuditEvent.objects.filter(
            action="actionplan.revise",
            target_type="interventions.actionplan",
            target_id=str(plan.pk),
        )
        .order_by("-id")
        .first()
    )
    if event is None or (event.changes or {}).get("version") != plan.version:
        return ""
    return str((event.changes or {}).get("reason") or "")

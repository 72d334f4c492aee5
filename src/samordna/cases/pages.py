"""What the case pages show, built from what the gate allowed and nothing else.

Each section is fetched only when the gate's answer covers its kind: content that
consent does not cover never reaches a template, so no template can leak it.
"""

from __future__ import annotations

from typing import Any

from django.utils import timezone

from samordna.cases import access
from samordna.cases.gate import Allowed
from samordna.cases.models import LEGAL_BASES, Case, Consent, Need
from samordna.cases.responsibility import last_bouncer
from samordna.core.models import Organisation

KIND_LABELS = dict(Consent.Kind.choices)


def ground_label(ground: str) -> str:
    """An access ground in words: "consent", "basis:<code>", "coordinator"."""
    if ground == "consent":
        return "Samtycke"
    if ground == "coordinator":
        return "Samordnare (roll)"
    if ground.startswith("basis:"):
        return str(LEGAL_BASES.get(ground[6:], ground[6:]))
    return ground or "–"


def kinds_label(kinds: Any) -> str:
    return ", ".join(str(KIND_LABELS.get(k, k)) for k in kinds)


def detail(allowed: Allowed) -> dict[str, Any]:
    case = allowed.case
    sees = {kind: allowed.sees(kind) for kind in ("case", "identity", "assessment", "minutes")}
    context: dict[str, Any] = {
        "case": case,
        "sees": sees,
        "coordinating": allowed.coordinating,
        "ground": ground_label(allowed.ground),
        "team": case.team.select_related("organisation", "user"),
        "needs": needs(allowed),
        "meetings": case.meeting_items.select_related("meeting").order_by("-meeting__held_on"),
        "disclosures": [
            {
                "at": d.disclosed_at,
                "from": d.from_organisation,
                "to": d.to_organisation,
                "basis": LEGAL_BASES.get(d.basis, d.basis),
                "what": d.what if sees["case"] else "",
            }
            for d in case.disclosures.select_related("from_organisation", "to_organisation")
        ],
    }
    if sees["assessment"]:
        context["factors"] = case.factors.all()
    if sees["case"]:
        context["goals"] = case.goals.all()
        context["actions"] = case.actions.select_related("owner")
    if allowed.coordinating:
        context |= consent_overview(case)
    return context


def needs(allowed: Allowed) -> list[dict[str, Any]]:
    """Every need's routing (administrative), its text and reasons only within consent."""
    rows = []
    content = allowed.sees("case")
    queryset = allowed.case.needs.select_related("owner").prefetch_related(
        "co_owners", "events__organisation"
    )
    for need in queryset:
        mine = allowed.organisation_id is not None
        rows.append(
            {
                "need": need,
                "description": need.description if content else "",
                "co_owners": list(need.co_owners.all()),
                "events": [
                    {"event": e, "reason": e.reason if content else ""} for e in need.events.all()
                ],
                "may_answer": content
                and mine
                and need.status == Need.Status.PROPOSED
                and need.owner_id == allowed.organisation_id,
                "may_propose": need.status == Need.Status.OPEN
                and (
                    allowed.coordinating
                    or (mine and content and last_bouncer(need) == allowed.organisation_id)
                ),
            }
        )
    return rows


def consent_overview(case: Case) -> dict[str, Any]:
    """The coordinator's view of guardians, consents and what the case is shared with."""
    day = timezone.localdate()
    covered = access.covered_organisations(case, day)
    guardians = []
    for guardian in case.guardians.all():
        consents = list(guardian.consents.prefetch_related("organisations"))
        guardians.append(
            {
                "guardian": guardian,
                "consents": [
                    {
                        "consent": c,
                        "kinds": kinds_label(c.kinds),
                        "valid": c.is_valid_on(day),
                    }
                    for c in consents
                ],
                "valid": guardian.consent_required and any(c.is_valid_on(day) for c in consents),
            }
        )
    required = [g for g in case.guardians.all() if g.consent_required]
    organisations = {o.pk: o for o in Organisation.objects.filter(pk__in=covered)}
    return {
        "guardians": guardians,
        "no_required_guardian": not required,
        "shared_with": [
            {"organisation": organisations[pk], "kinds": kinds_label(sorted(kinds))}
            for pk, kinds in covered.items()
        ],
        "other_bases": [
            {"row": b, "basis": LEGAL_BASES.get(b.basis, b.basis)}
            for b in case.other_bases.select_related("organisation")
        ],
    }

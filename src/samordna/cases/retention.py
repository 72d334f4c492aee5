"""Erasure after closing (`samordna erase_due_cases`) and the data-subject export.

Erasure overwrites identifying data and free text and then deletes the rows that
exist only to hold them (guardians, consents' texts, disclosures' texts). What stays
is anonymous: programme, area, age band, dates, needs by domain and their
responsibility history without reasons. The access log stays (append-only, 5 years):
it holds pseudonyms, users and encrypted reasons, never a name.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from django.db import transaction
from django.utils import timezone

from samordna.cases.auditing import tsi_audit
from samordna.cases.gate import EXTRACT, Allowed
from samordna.cases.models import (
    Case,
    Consent,
    Disclosure,
    Factor,
    Goal,
    Guardian,
    MeetingCase,
    Need,
    NeedEvent,
    OtherBasis,
    SupportAction,
)
from samordna.core.models import User


def due_cases(today: date) -> Any:
    return Case.objects.filter(
        status=Case.Status.CLOSED, erase_after__lte=today, legal_hold=False
    ).order_by("pk")


def case_erase(*, actor: User | None, case: Case) -> Case:
    """Remove everything identifying about one closed case; keep the statistics."""
    if case.legal_hold:
        raise ValueError("A case under legal hold is never erased.")
    with transaction.atomic():
        guardians = Guardian.objects.filter(case=case)
        consents = Consent.objects.filter(case=case)
        # Overwrite first, then delete: the old values are gone from the live rows
        # before the rows themselves go (SQLite reuses freed pages; see docs/cases.md).
        guardians.update(name="", contact="")
        consents.update(purpose="", child_view="")
        for consent in consents:
            consent.organisations.clear()
        consents.delete()
        guardians.delete()
        OtherBasis.objects.filter(case=case).update(note="")
        OtherBasis.objects.filter(case=case).delete()
        Disclosure.objects.filter(case=case).update(what="")
        Disclosure.objects.filter(case=case).delete()
        Need.objects.filter(case=case).update(description="")
        NeedEvent.objects.filter(need__case=case).update(reason="")
        Factor.objects.filter(case=case).update(note="")
        Goal.objects.filter(case=case).update(text="")
        SupportAction.objects.filter(case=case).update(description="")
        MeetingCase.objects.filter(case=case).update(minutes="")
        case.name = ""
        case.personal_number = ""
        case.school_unit = ""
        case.birth_year = None
        case.legal_hold_reason = ""
        case.status = Case.Status.ERASED
        case.erased_at = timezone.now()
        case.save()
        case.team.all().delete()
        tsi_audit(actor=actor, action="case.erase", target=case)
    return case


def erasure_preview(case: Case) -> list[tuple[str, int]]:
    """What erasure will remove or blank, counted, for the confirmation page."""
    return [
        ("Barnets namn, personnummer, skola och födelseår", 1),
        ("Vårdnadshavare", case.guardians.count()),
        ("Samtycken", case.consents.count()),
        ("Andra rättsliga grunder", case.other_bases.count()),
        ("Utlämnanden", case.disclosures.count()),
        ("Behovens beskrivningar och skäl", case.needs.count()),
        ("Risk- och skyddsfaktorernas anteckningar", case.factors.count()),
        ("Mål", case.goals.count()),
        ("Stödinsatsernas beskrivningar", case.actions.count()),
        ("Minnesanteckningar", case.meeting_items.count()),
        ("Teamets medlemmar", case.team.count()),
    ]


def erase_due(*, today: date) -> list[str]:
    """Erase every case due by `today` and not under legal hold; the pseudonyms erased."""
    erased = []
    for case in due_cases(today):
        case_erase(actor=None, case=case)
        erased.append(case.pseudonym)
    return erased


def subject_export(allowed: Allowed) -> dict[str, Any]:
    """Everything held about one child (GDPR art. 15), for the coordinator: the gate
    has logged the read with its reason and allowed the kind `extract`."""
    if not allowed.sees(EXTRACT):
        raise PermissionError("A register extract needs the gate's `extract`.")
    case = allowed.case
    return {**_about_the_case(case), **_sharing(case), **_work(case)}


def _about_the_case(case: Case) -> dict[str, Any]:
    return {
        "pseudonym": case.pseudonym,
        "programme": case.programme.name,
        "name": case.name,
        "personal_number": case.personal_number,
        "birth_year": case.birth_year,
        "age_band": case.age_band,
        "school_unit": case.school_unit,
        "area": case.area.name if case.area else None,
        "status": case.status,
        "opened_at": case.opened_at.isoformat(),
        "closed_at": case.closed_at.isoformat() if case.closed_at else None,
        "erase_after": case.erase_after.isoformat() if case.erase_after else None,
        "close_reason": case.close_reason,
        "team": [
            {"organisation": t.organisation.name} for t in case.team.select_related("organisation")
        ],
        "accesses": [
            {"at": a.at.isoformat(), "what": a.what, "granted": a.granted, "user": a.user_id}
            for a in case.accesses.all()
        ],
    }


def _sharing(case: Case) -> dict[str, Any]:
    return {
        "guardians": [
            {
                "name": g.name,
                "contact": g.contact,
                "has_custody": g.has_custody,
                "consent_required": g.consent_required,
            }
            for g in case.guardians.all()
        ],
        "consents": [_consent(c) for c in case.consents.prefetch_related("organisations")],
        "disclosures": [
            {
                "from": d.from_organisation.name,
                "to": d.to_organisation.name,
                "what": d.what,
                "basis": d.basis,
                "at": d.disclosed_at.isoformat(),
            }
            for d in case.disclosures.select_related("from_organisation", "to_organisation")
        ],
    }


def _work(case: Case) -> dict[str, Any]:
    return {
        "needs": [
            {
                "domain": n.domain,
                "description": n.description,
                "owner": n.owner.name if n.owner else None,
                "status": n.status,
            }
            for n in case.needs.select_related("owner")
        ],
        "factors": [
            {"kind": f.kind, "domain": f.domain, "rating": f.rating, "note": f.note}
            for f in case.factors.all()
        ],
        "goals": [
            {"text": g.text, "due": str(g.due or ""), "status": g.status} for g in case.goals.all()
        ],
        "support_actions": [
            {
                "kind": a.kind,
                "owner": a.owner.name,
                "from": str(a.starts_on),
                "to": str(a.ends_on or ""),
                "description": a.description,
            }
            for a in case.actions.select_related("owner")
        ],
        "minutes": [
            {"meeting": str(m.meeting.held_on), "minutes": m.minutes}
            for m in case.meeting_items.select_related("meeting")
        ],
    }


def _consent(consent: Consent) -> dict[str, Any]:
    return {
        "guardian": consent.guardian_id,
        "organisations": sorted(o.name for o in consent.organisations.all()),
        "kinds": consent.kinds,
        "purpose": consent.purpose,
        "valid_from": consent.valid_from.isoformat(),
        "valid_to": consent.valid_to.isoformat() if consent.valid_to else None,
        "revoked_at": consent.revoked_at.isoformat() if consent.revoked_at else None,
        "child_view": consent.child_view,
    }

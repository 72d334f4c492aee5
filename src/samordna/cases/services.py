"""Writes in the cases app: each validates, saves and audits in one transaction.

Audit events name the case by pseudonym and list which fields changed, never their
values: the audit log must not become a copy of the encrypted data.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, timedelta

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from samordna.cases.auditing import tsi_audit
from samordna.cases.models import (
    CLOSE_REASONS,
    LEGAL_BASES,
    Case,
    CaseTeamMember,
    Consent,
    Disclosure,
    Guardian,
    OtherBasis,
    Programme,
    ProgrammeMember,
)
from samordna.cases.validation import (
    birth_year_error,
    consent_dates_errors,
    personal_number_error,
)
from samordna.core.models import Area, Membership, Municipality, Organisation, User
from samordna.core.roles import Role

_PART_ROLES: dict[str, set[str]] = {
    ProgrammeMember.Part.PARTICIPANT: {Role.TSI_PARTICIPANT, Role.TSI_COORDINATOR},
    ProgrammeMember.Part.COORDINATOR: {Role.TSI_COORDINATOR},
    ProgrammeMember.Part.LEADERSHIP: {Role.LEADERSHIP},
}


def programme_create(
    *,
    actor: User | None,
    municipality: Municipality,
    kind: str,
    name: str,
    prefix: str,
    area: Area | None = None,
    age_min: int = 10,
    age_max: int = 12,
    legal_bases: Iterable[str] = ("consent",),
) -> Programme:
    bases = sorted(set(legal_bases))
    unknown = [b for b in bases if b not in LEGAL_BASES]
    if unknown:
        raise ValidationError({"legal_bases": f"Okända rättsliga grunder: {', '.join(unknown)}."})
    if age_min > age_max:
        raise ValidationError({"age_max": "Högsta åldern kan inte vara lägre än den lägsta."})
    with transaction.atomic():
        programme = Programme(
            municipality=municipality,
            kind=kind,
            name=name,
            prefix=prefix.upper(),
            area=area,
            age_min=age_min,
            age_max=age_max,
            legal_bases=bases,
        )
        programme.full_clean()
        programme.save()
        tsi_audit(actor=actor, action="programme.create", target=programme)
    return programme


def programme_member_add(
    *, actor: User | None, programme: Programme, user: User, organisation: Organisation, part: str
) -> ProgrammeMember:
    """Add a person for an organisation; they must hold the matching TSI role there."""
    if not Membership.objects.filter(
        user=user, organisation=organisation, role__in=_PART_ROLES[part], is_active=True
    ).exists():
        raise ValidationError({"user": "Personen har ingen TSI-roll i den organisationen."})
    if organisation.municipality_id != programme.municipality_id:
        raise ValidationError({"organisation": "Organisationen hör till en annan kommun."})
    with transaction.atomic():
        member, created = ProgrammeMember.objects.get_or_create(
            programme=programme,
            user=user,
            organisation=organisation,
            part=part,
            defaults={"municipality": programme.municipality},
        )
        if created:
            tsi_audit(
                actor=actor,
                action="programme.member_add",
                target=programme,
                organisation=organisation,
                changes={"user": user.pk, "part": part},
            )
    return member


def age_band(programme: Programme, birth_year: int | None) -> str:
    if birth_year is None:
        return ""
    age = timezone.localdate().year - birth_year
    if age < programme.age_min:
        return f"<{programme.age_min}"
    if age > programme.age_max:
        return f">{programme.age_max}"
    return f"{programme.age_min}–{programme.age_max}"


def _next_pseudonym(programme: Programme, year: int) -> str:
    stem = f"{programme.prefix}-{year}-"
    taken = Case.objects.filter(pseudonym__startswith=stem).values_list("pseudonym", flat=True)
    number = max((int(p[len(stem) :]) for p in taken), default=0) + 1
    return f"{stem}{number:03d}"


def case_open(
    *,
    actor: User | None,
    programme: Programme,
    name: str,
    personal_number: str = "",
    birth_year: int | None = None,
    school_unit: str = "",
    area: Area | None = None,
) -> Case:
    """Open a case; it gets the programme's next pseudonym for the year (BB-2026-014)."""
    errors = {
        "name": "" if name.strip() else "Ange barnets namn.",
        "personal_number": personal_number_error(personal_number),
        "birth_year": birth_year_error(
            birth_year,
            age_min=programme.age_min,
            age_max=programme.age_max,
            today=timezone.localdate(),
        ),
        "area": "Området hör till en annan kommun."
        if area is not None and area.municipality_id != programme.municipality_id
        else "",
    }
    if any(errors.values()):
        raise ValidationError({k: v for k, v in errors.items() if v})
    with transaction.atomic():
        # Lock the programme row so that two openings never share a number.
        Programme.objects.select_for_update().filter(pk=programme.pk).first()
        case = Case.objects.create(
            programme=programme,
            municipality=programme.municipality,
            pseudonym=_next_pseudonym(programme, timezone.localdate().year),
            birth_year=birth_year,
            age_band=age_band(programme, birth_year),
            school_unit=school_unit,
            area=area or programme.area,
            name=name.strip(),
            personal_number=personal_number.strip(),
        )
        tsi_audit(
            actor=actor,
            action="case.open",
            target=case,
            changes={"fields": ["name", "personal_number", "birth_year", "school_unit"]},
        )
    return case


def case_team_add(
    *, actor: User | None, case: Case, user: User, organisation: Organisation
) -> CaseTeamMember:
    """Put a programme participant on a case's team for one of their organisations."""
    if (
        not ProgrammeMember.objects.filter(
            programme_id=case.programme_id, user=user, organisation=organisation
        )
        .exclude(part=ProgrammeMember.Part.LEADERSHIP)
        .exists()
    ):
        raise ValidationError({"user": "Personen deltar inte i programmet för den organisationen."})
    with transaction.atomic():
        member, created = CaseTeamMember.objects.get_or_create(
            case=case, user=user, organisation=organisation
        )
        if created:
            tsi_audit(
                actor=actor,
                action="case.team_add",
                target=case,
                organisation=organisation,
                changes={"user": user.pk},
            )
    return member


def case_team_remove(*, actor: User | None, member: CaseTeamMember) -> None:
    """Take someone off a case's team: their access ends with their next request."""
    with transaction.atomic():
        case, organisation, user_id = member.case, member.organisation, member.user_id
        member.delete()
        tsi_audit(
            actor=actor,
            action="case.team_remove",
            target=case,
            organisation=organisation,
            changes={"user": user_id},
        )


def guardian_add(
    *,
    actor: User | None,
    case: Case,
    name: str,
    contact: str = "",
    has_custody: bool = True,
    consent_required: bool | None = None,
) -> Guardian:
    """A guardian with custody must consent unless the coordinator records otherwise."""
    with transaction.atomic():
        guardian = Guardian.objects.create(
            case=case,
            name=name,
            contact=contact,
            has_custody=has_custody,
            consent_required=has_custody if consent_required is None else consent_required,
        )
        tsi_audit(
            actor=actor,
            action="case.guardian_add",
            target=case,
            changes={
                "guardian": guardian.pk,
                "has_custody": has_custody,
                "consent_required": guardian.consent_required,
            },
        )
    return guardian


def consent_record(
    *,
    actor: User,
    case: Case,
    guardian: Guardian,
    organisations: Iterable[Organisation],
    kinds: Iterable[str],
    purpose: str,
    valid_from: date,
    valid_to: date | None = None,
    child_view: str = "",
) -> Consent:
    organisations = list(organisations)
    kinds = sorted(set(kinds))
    errors: dict[str, str] = {}
    if guardian.case_id != case.pk:
        errors["guardian"] = "Vårdnadshavaren hör till ett annat ärende."
    if not organisations:
        errors["organisations"] = "Ange minst en organisation som samtycket gäller."
    elif any(o.municipality_id != case.municipality_id for o in organisations):
        errors["organisations"] = "En organisation hör till en annan kommun."
    if not kinds or any(k not in Consent.Kind.values for k in kinds):
        errors["kinds"] = "Ange vilka uppgifter samtycket gäller."
    if not purpose.strip():
        errors["purpose"] = "Ange syftet med samtycket."
    if not guardian.consent_required and "guardian" not in errors:
        errors["guardian"] = "Vårdnadshavaren ska inte samtycka (saknar vårdnad)."
    errors |= consent_dates_errors(valid_from, valid_to, today=timezone.localdate())
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        consent = Consent.objects.create(
            case=case,
            guardian=guardian,
            kinds=kinds,
            purpose=purpose.strip(),
            valid_from=valid_from,
            valid_to=valid_to,
            child_view=child_view.strip(),
            recorded_by=actor,
        )
        consent.organisations.set(organisations)
        tsi_audit(
            actor=actor,
            action="case.consent_record",
            target=case,
            changes={
                "consent": consent.pk,
                "guardian": guardian.pk,
                "organisations": sorted(o.pk for o in organisations),
                "kinds": kinds,
                "valid_from": valid_from.isoformat(),
                "valid_to": valid_to.isoformat() if valid_to else None,
            },
        )
    return consent


def consent_revoke(*, actor: User, consent: Consent) -> Consent:
    """Revoked now: access that rested on it ends with the next request."""
    if consent.revoked_at is not None:
        return consent
    with transaction.atomic():
        consent.revoked_at = timezone.now()
        consent.save(update_fields=["revoked_at"])
        tsi_audit(
            actor=actor,
            action="case.consent_revoke",
            target=consent.case,
            changes={"consent": consent.pk},
        )
    return consent


def other_basis_record(
    *,
    actor: User,
    case: Case,
    organisation: Organisation,
    basis: str,
    note: str,
    valid_from: date,
    valid_to: date | None = None,
) -> OtherBasis:
    if basis == "consent" or basis not in case.programme.legal_bases:
        raise ValidationError({"basis": "Grunden är inte vald för programmet."})
    if organisation.municipality_id != case.municipality_id:
        raise ValidationError({"organisation": "Organisationen hör till en annan kommun."})
    if not note.strip():
        raise ValidationError({"note": "Motivera varför grunden gäller."})
    if valid_to is not None and valid_to < valid_from:
        raise ValidationError({"valid_to": "Slutdatumet kan inte ligga före startdatumet."})
    with transaction.atomic():
        row = OtherBasis.objects.create(
            case=case,
            organisation=organisation,
            basis=basis,
            note=note,
            valid_from=valid_from,
            valid_to=valid_to,
            recorded_by=actor,
        )
        tsi_audit(
            actor=actor,
            action="case.other_basis_record",
            target=case,
            organisation=organisation,
            changes={"basis": basis, "valid_from": valid_from.isoformat()},
        )
    return row


def disclosure_record(
    *,
    actor: User,
    case: Case,
    from_organisation: Organisation,
    to_organisation: Organisation,
    what: str,
    basis: str,
) -> Disclosure:
    errors = {}
    if basis not in case.programme.legal_bases:
        errors["basis"] = "Grunden är inte vald för programmet."
    if not what.strip():
        errors["what"] = "Ange vilka uppgifter som lämnades ut."
    if from_organisation.pk == to_organisation.pk:
        errors["to_organisation"] = "Mottagaren måste vara en annan organisation."
    if {from_organisation.municipality_id, to_organisation.municipality_id} != {
        case.municipality_id
    }:
        errors["to_organisation"] = "Organisationerna måste höra till ärendets kommun."
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        disclosure = Disclosure.objects.create(
            case=case,
            from_organisation=from_organisation,
            to_organisation=to_organisation,
            what=what.strip(),
            basis=basis,
            disclosed_by=actor,
        )
        tsi_audit(
            actor=actor,
            action="case.disclosure_record",
            target=case,
            organisation=from_organisation,
            changes={"to": to_organisation.pk, "basis": basis},
        )
    return disclosure


def retention_days(programme: Programme) -> int:
    if programme.retention_days is not None:
        return programme.retention_days
    return int(settings.SAMORDNA_CASES_RETENTION_DAYS)


def case_close(*, actor: User | None, case: Case, reason: str = "goals_met") -> Case:
    """Closing sets the erasure date: closed_at + the programme's retention."""
    if case.status != Case.Status.OPEN:
        raise ValidationError({"status": "Ärendet är redan avslutat."})
    if reason not in dict(CLOSE_REASONS):
        raise ValidationError({"reason": "Välj varför ärendet avslutas."})
    with transaction.atomic():
        case.status = Case.Status.CLOSED
        case.close_reason = reason
        case.closed_at = timezone.now()
        case.erase_after = timezone.localdate(case.closed_at) + timedelta(
            days=retention_days(case.programme)
        )
        case.save(update_fields=["status", "close_reason", "closed_at", "erase_after"])
        tsi_audit(
            actor=actor,
            action="case.close",
            target=case,
            changes={"erase_after": case.erase_after.isoformat(), "reason": reason},
        )
    return case


def case_set_legal_hold(*, actor: User | None, case: Case, hold: bool, reason: str = "") -> Case:
    """A legal hold stops erasure until it is lifted (e.g. a request from a court)."""
    if case.status == Case.Status.ERASED:
        raise ValidationError({"hold": "Ärendet är redan gallrat."})
    if hold and not reason.strip():
        raise ValidationError({"reason": "Ange skälet till bevarandet."})
    with transaction.atomic():
        case.legal_hold = hold
        case.legal_hold_reason = reason.strip() if hold else ""
        case.save(update_fields=["legal_hold", "legal_hold_reason"])
        tsi_audit(actor=actor, action="case.legal_hold", target=case, changes={"legal_hold": hold})
    return case

"""Who may read which case, decided afresh on every request (nothing is cached).

A user reads a case when (1) they hold an active TSI role (participant or coordinator)
in an organisation of the case's municipality, (2) they are on the case team for that
organisation, and (3) that organisation is covered today by a valid consent of every
guardian whose consent is required — or by another recorded legal basis.
The programme's coordinator reads the case to run it (consent, team, access log);
identity is always a separate, reasoned action.

To everyone else the case does not exist: `gate.read` raises Http404, and lists
never show it. Every read, and every refused attempt, writes one `CaseAccess` row
(`log_access`, called by the gate alone).
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import date
from typing import Any

from django.utils import timezone

from samordna.cases.models import (
    Case,
    CaseAccess,
    CaseTeamMember,
    Consent,
    Guardian,
    OtherBasis,
    ProgrammeMember,
)
from samordna.core import audit
from samordna.core.models import Membership
from samordna.core.roles import Role

READERS = frozenset({Role.TSI_PARTICIPANT, Role.TSI_COORDINATOR})


@dataclass(frozen=True)
class Grant:
    """Why a user may read a case: through which organisation, on which ground."""

    organisation_id: int | None
    ground: str  # "consent", "basis:<code>", or "coordinator"
    kinds: frozenset[str]  # the kinds of information consent covers ("*": all)


def _tsi_organisations(user: Any) -> set[int]:
    return set(
        Membership.objects.in_force()
        .filter(user_id=user.pk, role__in=READERS)
        .values_list("organisation_id", flat=True)
    )


def coordinated_programme_ids(user: Any) -> set[int]:
    return _coordinated_programmes(user)


def _coordinated_programmes(user: Any) -> set[int]:
    memberships = Membership.objects.in_force().filter(user_id=user.pk, role=Role.TSI_COORDINATOR)
    return set(
        ProgrammeMember.objects.filter(
            user_id=user.pk,
            part=ProgrammeMember.Part.COORDINATOR,
            organisation_id__in=memberships.values("organisation_id"),
        ).values_list("programme_id", flat=True)
    )


def coordinated_case_ids(user: Any) -> set[int]:
    programmes = _coordinated_programmes(user)
    if not programmes:
        return set()
    return set(
        Case.objects.filter(programme_id__in=programmes)
        .exclude(status=Case.Status.ERASED)
        .values_list("pk", flat=True)
    )


def consent_coverage(case_ids: set[int], day: date) -> dict[int, dict[int, frozenset[str]]]:
    """{case: {organisation: kinds}} for organisations that every required guardian
    has consented to share with today. A case without a required guardian is covered
    by nothing: consent is never presumed."""
    required: dict[int, set[int]] = defaultdict(set)
    for case_id, guardian_id in Guardian.objects.filter(
        case_id__in=case_ids, consent_required=True
    ).values_list("case_id", "id"):
        required[case_id].add(guardian_id)
    per_guardian: dict[int, dict[int, set[str]]] = defaultdict(lambda: defaultdict(set))
    consents = Consent.objects.filter(
        case_id__in=case_ids, revoked_at__isnull=True, valid_from__lte=day
    ).prefetch_related("organisations")
    for consent in consents:
        if consent.is_valid_on(day):
            for organisation in consent.organisations.all():
                per_guardian[consent.guardian_id][organisation.pk].update(consent.kinds)
    coverage: dict[int, dict[int, frozenset[str]]] = {}
    for case_id, guardians in required.items():
        organisations: set[int] | None = None
        for guardian_id in guardians:
            covered = set(per_guardian[guardian_id])
            organisations = covered if organisations is None else organisations & covered
        kinds = {
            org: frozenset.intersection(*(frozenset(per_guardian[g][org]) for g in guardians))
            for org in organisations or set()
        }
        coverage[case_id] = kinds
    return coverage


def _other_bases(case_ids: set[int], day: date) -> dict[int, dict[int, str]]:
    found: dict[int, dict[int, str]] = defaultdict(dict)
    rows = OtherBasis.objects.filter(case_id__in=case_ids, revoked_at__isnull=True)
    for row in rows.filter(valid_from__lte=day):
        if row.valid_to is None or day <= row.valid_to:
            found[row.case_id][row.organisation_id] = row.basis
    return found


def covered_organisations(case: Case, day: date) -> dict[int, frozenset[str]]:
    """{organisation: kinds} that may receive the case's information today, on consent
    of every required guardian or on another legal basis (all kinds)."""
    covered = dict(consent_coverage({case.pk}, day).get(case.pk, {}))
    for organisation_id in _other_bases({case.pk}, day).get(case.pk, {}):
        covered[organisation_id] = frozenset(Consent.Kind.values)
    return {org: kinds for org, kinds in covered.items() if kinds}


def grants(user: Any, case_ids: set[int] | None = None) -> dict[int, Grant]:
    """Every case `user` may read today (or those of `case_ids`), with the ground."""
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return {}
    organisations = _tsi_organisations(user)
    if not organisations:
        return {}
    day = timezone.localdate()
    team = CaseTeamMember.objects.filter(
        user_id=user.pk, organisation_id__in=organisations, case__status__in=["open", "closed"]
    )
    if case_ids is not None:
        team = team.filter(case_id__in=case_ids)
    rows = list(team.values_list("case_id", "organisation_id"))
    ids = {case_id for case_id, _ in rows}
    coverage = consent_coverage(ids, day)
    bases = _other_bases(ids, day)
    result: dict[int, Grant] = {}
    for case_id, organisation_id in rows:
        kinds = coverage.get(case_id, {}).get(organisation_id)
        if kinds:
            result[case_id] = Grant(organisation_id, "consent", kinds)
        elif organisation_id in bases.get(case_id, {}):
            basis = bases[case_id][organisation_id]
            result.setdefault(case_id, Grant(organisation_id, f"basis:{basis}", frozenset("*")))
    for case_id in coordinated_case_ids(user):
        if case_ids is None or case_id in case_ids:
            result.setdefault(case_id, Grant(None, "coordinator", frozenset()))
    return result


def readable_case_ids(user: Any) -> set[int]:
    return set(grants(user))


def organisation_for(user: Any, organisation_id: int | None, case: Case | None) -> int | None:
    """The organisation a read is logged under: the team's, else the user's own there."""
    if organisation_id is not None:
        return organisation_id
    membership = Membership.objects.filter(user_id=user.pk, is_active=True)
    if case is not None:
        membership = membership.filter(municipality_id=case.municipality_id)
    return membership.values_list("organisation_id", flat=True).first()


def _probe_municipality(user: Any) -> int | None:
    """Where an attempt on a case that does not exist is shown: the user's municipality."""
    return (
        Membership.objects.filter(user_id=user.pk, is_active=True)
        .order_by("pk")
        .values_list("municipality_id", flat=True)
        .first()
    )


def log_access(
    *,
    user: Any,
    case: Case | None,
    what: str,
    why: str = "",
    granted: bool,
    ground: str = "",
    organisation_id: int | None = None,
    attempted_id: str = "",
) -> CaseAccess:
    return CaseAccess.objects.create(
        user_id=user.pk,
        organisation_id=organisation_id,
        case=case,
        # A probe of an id that does not exist is shown to the coordinators of the
        # prober's municipality (the outside-scope page), never lost.
        municipality_id=case.municipality_id if case is not None else _probe_municipality(user),
        attempted_id=audit.clean_text(attempted_id, 40),
        what=what,
        why=audit.clean_text(why, 200),
        granted=granted,
        ground=ground,
        channel=audit.clean_text(audit._channel.get(), 10),
        request_id=audit.clean_text(audit.current_request_id(), 64),
    )

"""The one gate for every read of case data: (user, case, kind of information) -> answer.

Every page, form, API endpoint and export that names a case calls `read` exactly once
per request. `read` answers from the team and the consent scopes in force today, writes
exactly one `CaseAccess` row (granted or refused, also for an id that does not exist)
and raises Http404 when the answer is no. What it returns (`Allowed`) says which kinds
of information the caller may put in the page: templates and serializers get nothing
else. The rule, in Swedish, is in docs/cases.md ("Grinden").

Kinds of information:
- `admin`: pseudonym, age band, area, status, team, meetings, and the routing of needs
  (domain, owner, status, who handed a need back and when). The programme's coordinator
  reads it by role; a team member whose organisation is covered by anything reads it too.
  Consents with their status and the guardians' names are the coordinator's alone.
- `case` (needs, plan, support actions, disclosures), `identity`, `assessment`,
  `minutes`: content, only within consent (or another legal basis), for everyone,
  the coordinator included.
- `manage`: the coordinator's own pages (consents, guardians, team, access log, closing,
  legal hold, erasure, disclosures, other legal bases), by role.
- `extract`: the data subject's register extract (GDPR art. 15), the coordinator's:
  the data subject's right covers everything held, whatever the consent says.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.db import transaction
from django.http import Http404

from samordna.cases import access
from samordna.cases.models import Case, Consent
from samordna.core.policies import municipality_ids

ADMIN = "admin"
MANAGE = "manage"
EXTRACT = "extract"
CONTENT = frozenset(Consent.Kind.values)


@dataclass(frozen=True)
class Allowed:
    """What the gate allowed for one request on one case."""

    case: Case
    # The user the gate let in: the actor of any write that follows.
    user: Any
    kinds: frozenset[str]
    coordinating: bool
    # The team organisation the content rests on (None: the coordinator's role only).
    organisation_id: int | None
    ground: str

    def sees(self, kind: str) -> bool:
        return kind in self.kinds


def inside_module(user: Any, roles: Any = access.READERS) -> bool:
    """A TSI role in some municipality and a second factor in this session."""
    is_verified = getattr(user, "is_verified", None)
    return bool(
        getattr(user, "is_authenticated", False)
        and is_verified is not None
        and is_verified()
        and municipality_ids(user, roles)
    )


def tsi_user(user: Any, roles: Any = access.READERS) -> Any:
    """For pages that name no case: outside the module they do not exist (404)."""
    if not inside_module(user, roles):
        raise Http404
    return user


def read(
    user: Any,
    case_id: Any,
    *,
    what: str,
    need: str = ADMIN,
    write: bool = False,
    why: str = "",
) -> Allowed:
    """The case and what `user` may see of it now, with one CaseAccess row — or 404.

    `need` is the kind of information the request cannot do without. `write=True`
    marks a form that adds content without showing any: the coordinator may do that
    in the programme's cases (running the case is their role), a team member only
    within consent.
    """
    key = str(case_id)
    case = _case(key)
    answer = _answer(user, case) if case is not None and inside_module(user) else None
    allowed = answer is not None and (
        need in answer.kinds or (write and answer.coordinating and need in CONTENT)
    )
    with transaction.atomic():
        access.log_access(
            user=user,
            case=case,
            what=what,
            why=why,
            granted=allowed,
            ground=_ground(answer, need) if allowed and answer is not None else "",
            organisation_id=access.organisation_for(
                user, answer.organisation_id if answer is not None else None, case
            ),
            attempted_id=key,
        )
    if not allowed or answer is None:
        raise Http404
    return answer


def _case(key: str) -> Case | None:
    if not key.isdigit() or len(key) > 18:
        return None
    return Case.objects.select_related("programme").filter(pk=int(key)).first()


def _answer(user: Any, case: Case) -> Allowed | None:
    grant = access.grants(user, {case.pk}).get(case.pk)
    coordinating = case.pk in access.coordinated_case_ids(user)
    kinds: set[str] = set()
    organisation_id = None
    ground = "coordinator" if coordinating else ""
    if grant is not None and grant.ground != "coordinator":
        kinds = set(CONTENT) if "*" in grant.kinds else set(grant.kinds) & CONTENT
        kinds.add(ADMIN)
        organisation_id = grant.organisation_id
        ground = grant.ground
    if coordinating:
        kinds |= {ADMIN, MANAGE, EXTRACT}
    if not kinds:
        return None
    return Allowed(case, user, frozenset(kinds), coordinating, organisation_id, ground)


def _ground(answer: Allowed, need: str) -> str:
    """Content rests on the team's consent or basis; the rest on the coordinator's role."""
    if need in CONTENT and answer.organisation_id is not None and need in answer.kinds:
        return answer.ground
    return "coordinator" if answer.coordinating else answer.ground

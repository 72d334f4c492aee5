"""TSI endpoints in the permission matrix (tests/permissions.py).

`ENDPOINTS` need nothing but the world (tests/test_permission_matrix.py runs them).
`CASE_ENDPOINTS` need the programme and case of tests/cases/factories.py, built before
the "nothing changed" snapshot by tests/cases/test_permissions.py. To every actor
without a right to a case it does not exist: 404, never 403.
"""

from __future__ import annotations

from django.utils import timezone

from tests.cases.factories import CHILD_NAME, NEED_TEXTS, PERSONAL_NUMBER
from tests.permissions import Actor, Endpoint


def _not_found(actor: Actor) -> int:
    return 404


def _tsi_readers(actor: Actor) -> bool:
    return actor.role in {"tsi_participant", "tsi_coordinator"}


def _leadership_page(actor: Actor) -> bool:
    return actor.role in {"leadership", "tsi_coordinator"}


def _any_member(actor: Actor) -> bool:
    return actor.role is not None


ENDPOINTS = [
    Endpoint(
        name="web-tsi-case-list",
        path=lambda w: "/tsi/",
        allowed=_tsi_readers,
        denied_status=_not_found,
    ),
    Endpoint(
        name="web-tsi-leadership",
        path=lambda w: "/tsi/ledningsgrupp/",
        allowed=_leadership_page,
        denied_status=_not_found,
    ),
    Endpoint(
        name="web-tsi-meetings",
        path=lambda w: "/tsi/moten/",
        allowed=lambda actor: actor.role in {"tsi_participant", "tsi_coordinator", "leadership"},
        denied_status=_not_found,
    ),
    Endpoint(
        name="web-tsi-boundaries",
        path=lambda w: "/tsi/var-glappen-finns/",
        allowed=lambda actor: actor.role in {"tsi_participant", "tsi_coordinator", "leadership"},
        denied_status=_not_found,
    ),
    Endpoint(
        name="api-case-list",
        path=lambda w: "/api/v1/cases/",
        allowed=_any_member,  # an empty list for everyone without a case
        api=True,
    ),
]


def _case(world) -> int:
    from samordna.cases.models import Case

    return Case.objects.get(programme__prefix="AG").pk


def _secrets(world) -> list[str]:
    from samordna.cases.models import Case

    pseudonym = Case.objects.get(programme__prefix="AG").pseudonym
    return [pseudonym, CHILD_NAME, PERSONAL_NUMBER, *NEED_TEXTS]


def _participant_a1_or_coordinator(actor: Actor) -> bool:
    return actor.relation == "own_org" and actor.role in {"tsi_participant", "tsi_coordinator"}


def _participant_a1(actor: Actor) -> bool:
    """Identity is content: only within consent, the coordinator (not on the team) too."""
    return actor.relation == "own_org" and actor.role == "tsi_participant"


def _coordinator_a1(actor: Actor) -> bool:
    return actor.relation == "own_org" and actor.role == "tsi_coordinator"


def _consent_pk(world) -> int:
    from samordna.cases.models import Consent

    return Consent.objects.filter(case_id=_case(world)).order_by("pk").first().pk


CASE_ENDPOINTS = [
    Endpoint(
        name="web-tsi-case-detail",
        path=lambda w: f"/tsi/{_case(w)}/",
        allowed=_participant_a1_or_coordinator,
        denied_status=_not_found,
        secrets=_secrets,
    ),
    Endpoint(
        name="api-case-detail",
        path=lambda w: f"/api/v1/cases/{_case(w)}/",
        allowed=_participant_a1_or_coordinator,
        denied_status=_not_found,
        api=True,
        secrets=_secrets,
    ),
    Endpoint(
        name="web-tsi-identity-form",
        path=lambda w: f"/tsi/{_case(w)}/identitet/",
        allowed=_participant_a1,
        denied_status=_not_found,
        secrets=_secrets,
    ),
    Endpoint(
        name="web-tsi-identity-show",
        path=lambda w: f"/tsi/{_case(w)}/identitet/",
        method="post",
        data=lambda w: {"why": "Ärendemöte v. 47"},
        allowed=_participant_a1,
        denied_status=_not_found,
        secrets=_secrets,
    ),
    Endpoint(
        name="web-tsi-consent-form",
        path=lambda w: f"/tsi/{_case(w)}/samtycke/nytt/",
        allowed=_coordinator_a1,
        denied_status=_not_found,
        secrets=_secrets,
    ),
    Endpoint(
        name="web-tsi-consent-revoke",
        path=lambda w: f"/tsi/{_case(w)}/samtycke/{_consent_pk(w)}/aterkalla/",
        method="post",
        data=lambda w: {"confirm": "on"},
        allowed=_coordinator_a1,
        ok=(302,),
        denied_status=_not_found,
        secrets=_secrets,
    ),
    Endpoint(
        name="web-tsi-access-log",
        path=lambda w: f"/tsi/{_case(w)}/atkomst/",
        allowed=_coordinator_a1,
        denied_status=_not_found,
        secrets=_secrets,
    ),
    Endpoint(
        name="web-tsi-outside-scope",
        path=lambda w: "/tsi/atkomst-utanfor-samtycke/",
        allowed=_coordinator_a1,
        denied_status=_not_found,
        secrets=_secrets,
    ),
    Endpoint(
        name="web-tsi-export",
        path=lambda w: f"/tsi/{_case(w)}/registerutdrag/",
        method="post",
        data=lambda w: {"why": "Begäran om registerutdrag"},
        allowed=_coordinator_a1,
        denied_status=_not_found,
        secrets=_secrets,
    ),
]


def _programme(world) -> int:
    from samordna.cases.models import Programme

    return Programme.objects.get(prefix="AG").pk


CASE_ENDPOINTS += [
    Endpoint(
        name="web-tsi-case-open",
        path=lambda w: f"/tsi/program/{_programme(w)}/nytt/",
        method="post",
        data=lambda w: {"name": "Fiktiv Ny", "birth_year": timezone.localdate().year - 11},
        allowed=_coordinator_a1,
        ok=(302,),
        denied_status=_not_found,
        secrets=_secrets,
    ),
    Endpoint(
        name="web-tsi-guardian-add",
        path=lambda w: f"/tsi/{_case(w)}/vardnadshavare/ny/",
        method="post",
        data=lambda w: {"name": "Fiktiv Förälder", "has_custody": "on"},
        allowed=_coordinator_a1,
        ok=(302,),
        denied_status=_not_found,
        secrets=_secrets,
    ),
    Endpoint(
        name="web-tsi-need-new",
        path=lambda w: f"/tsi/{_case(w)}/behov/nytt/",
        method="post",
        data=lambda w: {"domain": "school", "description": "Läxhjälp"},
        allowed=_participant_a1_or_coordinator,
        ok=(302,),
        denied_status=_not_found,
        secrets=_secrets,
    ),
    Endpoint(
        name="web-tsi-goal-add",
        path=lambda w: f"/tsi/{_case(w)}/ny/mal/",
        method="post",
        data=lambda w: {"text": "Närvaro över 90 %"},
        allowed=_participant_a1_or_coordinator,
        ok=(302,),
        denied_status=_not_found,
        secrets=_secrets,
    ),
]


def _need(world, domain: str) -> int:
    from samordna.cases.models import Need

    return Need.objects.get(case_id=_case(world), domain=domain).pk


def _escalation(world) -> int:
    from samordna.cases.models import Escalation

    return Escalation.objects.get(need__case_id=_case(world)).pk


def _team_member(world) -> int:
    from samordna.cases.models import CaseTeamMember

    return CaseTeamMember.objects.filter(case_id=_case(world)).order_by("pk").first().pk


def _leaders_of_a(actor: Actor) -> bool:
    return actor.is_member_of_a and actor.role in {"leadership", "tsi_coordinator"}


# The needs of tests/cases/factories.build_needs exist for these (test_permissions.py).
CASE_ENDPOINTS += [
    Endpoint(
        name="web-tsi-need-answer",
        path=lambda w: f"/tsi/{_case(w)}/behov/{_need(w, 'school')}/svar/",
        method="post",
        data=lambda w: {"answer": "accept"},
        allowed=_participant_a1,
        ok=(302,),
        denied_status=_not_found,
        secrets=_secrets,
    ),
    Endpoint(
        name="web-tsi-need-propose",
        path=lambda w: f"/tsi/{_case(w)}/behov/{_need(w, 'leisure')}/foresla/",
        method="post",
        data=lambda w: {"owner": w.a1.pk},
        allowed=_participant_a1_or_coordinator,  # the bouncing organisation, the coordinator
        ok=(302,),
        denied_status=_not_found,
        secrets=_secrets,
    ),
    Endpoint(
        name="web-tsi-leadership-decide",
        path=lambda w: f"/tsi/ledningsgrupp/fragor/{_escalation(w)}/",
        method="post",
        data=lambda w: {"outcome": "owner", "owner": w.a1.pk},
        allowed=_leaders_of_a,
        ok=(302,),
        denied_status=_not_found,
        secrets=_secrets,
    ),
    Endpoint(
        name="web-tsi-team-remove",
        path=lambda w: f"/tsi/{_case(w)}/team/{_team_member(w)}/ta-bort/",
        method="post",
        data=lambda w: {"confirm": "on"},
        allowed=_coordinator_a1,
        ok=(302,),
        denied_status=_not_found,
        secrets=_secrets,
    ),
    Endpoint(
        name="web-tsi-other-basis",
        path=lambda w: f"/tsi/{_case(w)}/annan-grund/ny/",
        method="post",
        data=lambda w: {
            "organisation": w.a2.pk,
            "basis": "osl_10_15a",
            "note": "Sekretessbrytande bestämmelse",
            "valid_from": timezone.localdate().isoformat(),
        },
        allowed=_coordinator_a1,
        ok=(302,),
        denied_status=_not_found,
        secrets=_secrets,
    ),
    Endpoint(
        name="web-tsi-disclosure",
        path=lambda w: f"/tsi/{_case(w)}/utlamnande/nytt/",
        method="post",
        data=lambda w: {
            "from_organisation": w.a1.pk,
            "to_organisation": w.a2.pk,
            "what": "Närvarouppgifter",
            "basis": "consent",
        },
        allowed=_coordinator_a1,
        ok=(302,),
        denied_status=_not_found,
        secrets=_secrets,
    ),
    Endpoint(
        name="web-tsi-close",
        path=lambda w: f"/tsi/{_case(w)}/avsluta/",
        method="post",
        data=lambda w: {"reason": "goals_met"},
        allowed=_coordinator_a1,
        ok=(302,),
        denied_status=_not_found,
        secrets=_secrets,
    ),
    Endpoint(
        name="web-tsi-legal-hold",
        path=lambda w: f"/tsi/{_case(w)}/bevarande/",
        method="post",
        data=lambda w: {"hold": "on", "reason": "Begäran från tingsrätten"},
        allowed=_coordinator_a1,
        ok=(302,),
        denied_status=_not_found,
        secrets=_secrets,
    ),
    Endpoint(
        name="web-tsi-erase-preview",
        path=lambda w: f"/tsi/{_case(w)}/gallra/",
        allowed=_coordinator_a1,
        denied_status=_not_found,
        secrets=_secrets,
    ),
]

"""Problem and phase endpoints in the permission matrix (tests/permissions.py).

`ENDPOINTS` need only the world; the cause-analysis and overview pages' own world-only
endpoints (analysis_endpoints.py) are added to them here, as the matrix reads one
endpoints.py per test package (the tertial analysis's are in tests/tertial/endpoints.py).
`PROBLEM_ENDPOINTS` need a problem of A owned by A1, an observation of A1, and A's
default phases, made by tests/problems/test_permissions.py before the snapshot.
"""

from __future__ import annotations

from samordna.problems.models import Phase, Problem
from samordna.reports.models import Observation
from tests.permissions import Actor, Endpoint, roles_of_a
from tests.problems.analysis_endpoints import ENDPOINTS as ANALYSIS_ENDPOINTS
from tests.problems.factories import SECRET_PROBLEM

EST = {"reporter", "coordinator", "analyst", "partner", "management", "admin"}
GROUP = {"coordinator", "analyst", "admin"}
PHASE_EDITORS = {"coordinator", "admin"}
# The owner organisation's members who may write it: a reporter only files, and
# management reads and decides but never writes problems (issue 17).
OWNER_SIDE = EST - {"reporter", "management"}
AREA_SECRET = "Hemligområdet Alfa"


def _est_anywhere(actor: Actor) -> bool:
    # Every EST member gets the page; outside A it shows their own municipality's.
    return actor.role in EST


def _est_of_a(actor: Actor) -> bool:
    return actor.is_member_of_a and actor.role in EST


def _missing_outside_a(actor: Actor) -> int:
    # An EST member elsewhere: the object does not exist for them. Others: 403.
    return 404 if actor.role in EST and not actor.is_member_of_a else 403


def may_change(actor: Actor) -> bool:
    """The analysis group of A, and A1's (the owner's) people who answer for it."""
    if not actor.is_member_of_a:
        return False
    return actor.role in GROUP or (actor.relation == "own_org" and actor.role in OWNER_SIDE)


def _problem(world) -> Problem:
    return Problem.objects.get(municipality=world.a, title=SECRET_PROBLEM)


def _phase(world) -> Phase:
    return Phase.objects.filter(municipality=world.a).order_by("order").first()


def _observation(world) -> Observation:
    return Observation.objects.filter(municipality=world.a, organisation=world.a1).first()


def _secrets(world) -> list[str]:
    return [SECRET_PROBLEM]


def _group_form_back(actor: Actor) -> int:
    # The analysis group of B gets the form back (A1 is no organisation of theirs).
    return 200 if actor.role in GROUP else 403


def _area_phase_denied(actor: Actor) -> int:
    return 404 if actor.role in EST and not actor.is_member_of_a else 403


def _phase_edit_denied(actor: Actor) -> int:
    return 404 if actor.role in PHASE_EDITORS else 403


ENDPOINTS = [
    Endpoint(name="problems-list-empty", path=lambda w: "/problem/", allowed=_est_anywhere),
    Endpoint(
        name="problems-create-page",
        path=lambda w: "/problem/ny/",
        allowed=lambda actor: actor.role in GROUP,
    ),
    Endpoint(
        name="problems-create",
        path=lambda w: "/problem/ny/",
        method="post",
        data=lambda w: {"title": "Nytt i matrisen", "priority": "2", "owner_organisation": w.a1.pk},
        allowed=roles_of_a(*GROUP),
        ok=(302,),
        denied_status=_group_form_back,
    ),
    Endpoint(name="problems-phases", path=lambda w: "/problem/faser/", allowed=_est_anywhere),
    Endpoint(
        name="problems-phase-add",
        path=lambda w: "/problem/faser/",
        method="post",
        data=lambda w: {"new-name": "Matrisfas", "new-description": ""},
        # Coordinators and admins add to their own municipality's model, wherever it is.
        allowed=lambda actor: actor.role in PHASE_EDITORS,
        ok=(302,),
    ),
    Endpoint(
        name="api-problem-list-empty",
        path=lambda w: "/api/v1/problems/",
        allowed=lambda actor: actor.role is not None,
        api=True,
    ),
    Endpoint(
        name="api-problem-create",
        path=lambda w: "/api/v1/problems/",
        method="post",
        data=lambda w: {
            "municipality": "alfa",
            "title": "Nytt i matrisen",
            "owner_organisation": "alfa-bostader",
            "areas": [w.area_a.pk],
            "tags": ["situational"],
        },
        allowed=roles_of_a(*GROUP),
        api=True,
        ok=(201,),
    ),
]

# The other problem pages' world-only endpoints: the matrix reads only this module.
ENDPOINTS += ANALYSIS_ENDPOINTS

PROBLEM_ENDPOINTS = [
    Endpoint(
        name="problems-list",
        path=lambda w: "/problem/?tag=situational",
        allowed=_est_anywhere,
        secrets=_secrets,
    ),
    Endpoint(
        name="problem-detail",
        path=lambda w: f"/problem/{_problem(w).pk}/",
        allowed=_est_of_a,
        secrets=_secrets,
        denied_status=_missing_outside_a,
    ),
    Endpoint(
        name="problem-edit-page",
        path=lambda w: f"/problem/{_problem(w).pk}/andra/",
        allowed=may_change,
        secrets=_secrets,
        denied_status=_missing_outside_a,
    ),
    Endpoint(
        name="problem-edit",
        path=lambda w: f"/problem/{_problem(w).pk}/andra/",
        method="post",
        data=lambda w: {"title": "Ändrad", "priority": "1", "owner_organisation": w.a1.pk},
        allowed=may_change,
        ok=(302,),
        secrets=_secrets,
        denied_status=_missing_outside_a,
    ),
    Endpoint(
        name="problem-step",
        path=lambda w: f"/problem/{_problem(w).pk}/steg/",
        method="post",
        data=lambda w: {"status": "watched", "reason": "Bevakas på veckomötet"},
        allowed=may_change,
        ok=(302,),
        secrets=_secrets,
        denied_status=_missing_outside_a,
    ),
    Endpoint(
        name="problem-observations-page",
        path=lambda w: f"/problem/{_problem(w).pk}/iakttagelser/",
        allowed=may_change,
        secrets=_secrets,
        denied_status=_missing_outside_a,
    ),
    Endpoint(
        name="problem-observations-link",
        path=lambda w: f"/problem/{_problem(w).pk}/iakttagelser/",
        method="post",
        data=lambda w: {"observation": [_observation(w).pk], "action": "link"},
        allowed=may_change,
        ok=(302,),
        secrets=_secrets,
        denied_status=_missing_outside_a,
    ),
    Endpoint(
        name="problem-police-page",
        path=lambda w: f"/problem/{_problem(w).pk}/polishandelser/",
        allowed=may_change,
        secrets=_secrets,
        denied_status=_missing_outside_a,
    ),
    Endpoint(
        name="problems-area-phase",
        path=lambda w: f"/problem/faser/omrade/{w.area_a.pk}/",
        allowed=_est_of_a,
        secrets=lambda w: [AREA_SECRET],
        denied_status=_area_phase_denied,
    ),
    Endpoint(
        name="problems-area-phase-set",
        path=lambda w: f"/problem/faser/omrade/{w.area_a.pk}/",
        method="post",
        data=lambda w: {"phase": _phase(w).pk, "since": "2026-01-05", "note": ""},
        allowed=roles_of_a(*GROUP),
        ok=(302,),
        secrets=lambda w: [AREA_SECRET],
        denied_status=_area_phase_denied,
    ),
    Endpoint(
        name="problems-phase-edit-page",
        path=lambda w: f"/problem/faser/{_phase(w).pk}/",
        allowed=roles_of_a(*PHASE_EDITORS),
        denied_status=_phase_edit_denied,
    ),
    Endpoint(
        name="problems-phase-move",
        path=lambda w: f"/problem/faser/{_phase(w).pk}/flytta/",
        method="post",
        data=lambda w: {"to": "down"},
        allowed=roles_of_a(*PHASE_EDITORS),
        ok=(302,),
        denied_status=_phase_edit_denied,
    ),
    Endpoint(
        name="api-problem-list",
        path=lambda w: "/api/v1/problems/",
        allowed=lambda actor: actor.role is not None,
        api=True,
        secrets=_secrets,
    ),
    Endpoint(
        name="api-problem-detail",
        path=lambda w: f"/api/v1/problems/{_problem(w).pk}/",
        allowed=_est_of_a,
        api=True,
        secrets=_secrets,
        denied_status=lambda actor: 404,
    ),
    Endpoint(
        name="api-problem-update",
        path=lambda w: f"/api/v1/problems/{_problem(w).pk}/",
        method="patch",
        data=lambda w: {"priority": 1, "tags": ["situational", "welfare"]},
        allowed=may_change,
        api=True,
        secrets=_secrets,
        denied_status=lambda actor: 404,
    ),
    Endpoint(
        name="api-problem-step",
        path=lambda w: f"/api/v1/problems/{_problem(w).pk}/step/",
        method="post",
        data=lambda w: {"status": "watched", "reason": "Bevakas på veckomötet"},
        allowed=may_change,
        api=True,
        secrets=_secrets,
        denied_status=lambda actor: 404,
    ),
    Endpoint(
        name="api-problem-link",
        path=lambda w: f"/api/v1/problems/{_problem(w).pk}/link-observations/",
        method="post",
        data=lambda w: {"observations": [_observation(w).pk]},
        allowed=may_change,
        api=True,
        secrets=_secrets,
        denied_status=lambda actor: 404,
    ),
    Endpoint(
        name="api-problem-unlink",
        path=lambda w: f"/api/v1/problems/{_problem(w).pk}/unlink-observations/",
        method="post",
        data=lambda w: {"observations": [_observation(w).pk]},
        allowed=may_change,
        api=True,
        secrets=_secrets,
        denied_status=lambda actor: 404,
    ),
]

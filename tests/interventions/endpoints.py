"""Intervention endpoints in the permission matrix (tests/permissions.py).

`ENDPOINTS` need only the world. `INTERVENTION_ENDPOINTS` need an intervention of A
owned by A1, filed by tests/interventions/test_permissions.py before the snapshot;
`FOLLOWUP_ENDPOINTS` also its effect follow-up (same file).
"""

from __future__ import annotations

from datetime import timedelta

from django.utils import timezone

from samordna.interventions.models import FollowUp, Intervention
from tests.interventions.factories import SECRET_TITLE
from tests.permissions import Actor, Endpoint, roles_of_a

EST = {"reporter", "coordinator", "analyst", "partner", "management", "admin"}
DECIDERS = {"coordinator", "admin"}


def _est_anywhere(actor: Actor) -> bool:
    # Every EST member gets the page; outside A it lists their own municipality's.
    return actor.role in EST


def _deciders_anywhere(actor: Actor) -> bool:
    return actor.role in DECIDERS


def _est_of_a(actor: Actor) -> bool:
    return actor.is_member_of_a and actor.role in EST


def _missing_outside_a(actor: Actor) -> int:
    # An EST member elsewhere: the intervention does not exist for them. Others: 403.
    return 404 if actor.role in EST and not actor.is_member_of_a else 403


def _may_report(actor: Actor) -> bool:
    # Coordinators and admins of A; the owner organisation A1's partners and the like.
    if not actor.is_member_of_a:
        return False
    owner_side = actor.relation == "own_org" and actor.role in EST - {"reporter"}
    return actor.role in DECIDERS or owner_side


def _intervention(world) -> Intervention:
    return Intervention.objects.get(municipality=world.a, title=SECRET_TITLE)


def _secrets(world) -> list[str]:
    return [SECRET_TITLE]


def _new(world) -> dict:
    return {
        "title": "Ny insats i matrisen",
        "owner_organisation": world.a1.pk,
        "deadline": (timezone.localdate() + timedelta(days=3)).isoformat(),
    }


def _api_new(world) -> dict:
    return {"municipality": "alfa", **_new(world), "owner_organisation": world.a1.slug}


def _edit(world) -> dict:
    intervention = _intervention(world)
    return {
        "title": "Ändrad i matrisen",
        "owner_organisation": world.a1.pk,
        "deadline": intervention.deadline.isoformat(),
        "areas": [world.area_a.pk],
    }


def _refused_in_a(actor: Actor) -> int:
    # EST members of A who may not: 403; everybody else: it does not exist for them.
    return 403 if actor.is_member_of_a and actor.role in EST else 404


def _effect(world) -> FollowUp:
    return FollowUp.objects.get(intervention=_intervention(world), kind="effect")


def _create_refused(actor: Actor) -> int:
    # A decider of B gets the form back (A1 is no organisation of theirs); the rest 403.
    return 200 if actor.role in DECIDERS else 403


ENDPOINTS = [
    Endpoint(name="interventions-list-empty", path=lambda w: "/insatser/", allowed=_est_anywhere),
    Endpoint(
        name="interventions-create-page", path=lambda w: "/insatser/ny/", allowed=_deciders_anywhere
    ),
    Endpoint(
        name="interventions-create",
        path=lambda w: "/insatser/ny/",
        method="post",
        data=_new,
        allowed=roles_of_a(*DECIDERS),
        ok=(302,),
        denied_status=_create_refused,
    ),
    Endpoint(
        name="api-intervention-create",
        path=lambda w: "/api/v1/interventions/",
        method="post",
        data=_api_new,
        allowed=roles_of_a(*DECIDERS),
        api=True,
        ok=(201,),
    ),
    Endpoint(
        name="api-intervention-list-empty",
        path=lambda w: "/api/v1/interventions/",
        allowed=lambda actor: actor.role is not None,
        api=True,
    ),
]

INTERVENTION_ENDPOINTS = [
    Endpoint(
        name="interventions-list",
        path=lambda w: "/insatser/?overdue=on",
        allowed=_est_anywhere,
        secrets=_secrets,
    ),
    Endpoint(
        name="intervention-detail",
        path=lambda w: f"/insatser/{_intervention(w).pk}/",
        allowed=_est_of_a,
        secrets=_secrets,
        denied_status=_missing_outside_a,
    ),
    Endpoint(
        name="intervention-report",
        path=lambda w: f"/insatser/{_intervention(w).pk}/rapportera/",
        method="post",
        data=lambda w: {"status": "in_progress", "rag": "amber", "note": "Beställt."},
        allowed=_may_report,
        ok=(302,),
        secrets=_secrets,
        denied_status=_missing_outside_a,
    ),
    Endpoint(
        name="api-intervention-list",
        path=lambda w: "/api/v1/interventions/",
        allowed=lambda actor: actor.role is not None,
        api=True,
        secrets=_secrets,
    ),
    Endpoint(
        name="api-intervention-detail",
        path=lambda w: f"/api/v1/interventions/{_intervention(w).pk}/",
        allowed=_est_of_a,
        api=True,
        secrets=_secrets,
        denied_status=lambda actor: 404,
    ),
    Endpoint(
        name="interventions-list-unowned",
        path=lambda w: "/insatser/?unowned=on&kind=&tag=",
        allowed=_est_anywhere,
        secrets=_secrets,
    ),
    Endpoint(
        name="intervention-edit-page",
        path=lambda w: f"/insatser/{_intervention(w).pk}/andra/",
        allowed=_may_report,
        secrets=_secrets,
        denied_status=_missing_outside_a,
    ),
    Endpoint(
        name="intervention-edit",
        path=lambda w: f"/insatser/{_intervention(w).pk}/andra/",
        method="post",
        data=_edit,
        allowed=_may_report,
        ok=(302,),
        secrets=_secrets,
        denied_status=_missing_outside_a,
    ),
    Endpoint(
        name="intervention-followup-page",
        path=lambda w: f"/insatser/{_intervention(w).pk}/uppfoljning/ny/",
        allowed=_may_report,
        secrets=_secrets,
        denied_status=_missing_outside_a,
    ),
    Endpoint(
        name="intervention-followup-create",
        path=lambda w: f"/insatser/{_intervention(w).pk}/uppfoljning/ny/",
        method="post",
        data=lambda w: {"kind": "production", "done": "yes", "note": "Gjort."},
        allowed=_may_report,
        ok=(302,),
        secrets=_secrets,
        denied_status=_missing_outside_a,
    ),
    Endpoint(
        name="api-intervention-update",
        path=lambda w: f"/api/v1/interventions/{_intervention(w).pk}/",
        method="patch",
        data=lambda w: {"title": "Ändrad via API", "cost_sek": 100},
        allowed=_may_report,
        api=True,
        secrets=_secrets,
        denied_status=lambda actor: 404,
    ),
    Endpoint(
        name="api-intervention-followups",
        path=lambda w: f"/api/v1/interventions/{_intervention(w).pk}/follow-ups/",
        allowed=_est_of_a,
        api=True,
        secrets=_secrets,
        denied_status=lambda actor: 404,
    ),
    Endpoint(
        name="api-intervention-followup-create",
        path=lambda w: f"/api/v1/interventions/{_intervention(w).pk}/follow-ups/",
        method="post",
        data=lambda w: {"kind": "process", "note": "Gick bra.", "hours": 3},
        allowed=_may_report,
        api=True,
        ok=(201,),
        secrets=_secrets,
        denied_status=_refused_in_a,
    ),
]

# Need the intervention's effect follow-up too (tests/interventions/test_permissions.py).
FOLLOWUP_ENDPOINTS = [
    Endpoint(
        name="intervention-effect",
        path=lambda w: f"/insatser/{_intervention(w).pk}/uppfoljning/{_effect(w).pk}/",
        allowed=_est_of_a,
        secrets=_secrets,
        denied_status=_missing_outside_a,
    ),
]

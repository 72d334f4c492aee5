"""Intervention endpoints in the permission matrix (tests/permissions.py).

`ENDPOINTS` need only the world. `INTERVENTION_ENDPOINTS` need an intervention of A
owned by A1, filed by tests/interventions/test_permissions.py before the snapshot.
"""

from __future__ import annotations

from datetime import timedelta

from django.utils import timezone

from samordna.interventions.models import Intervention
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
]

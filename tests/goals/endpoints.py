"""Goal endpoints in the permission matrix (tests/permissions.py).

`ENDPOINTS` need only the world. `GOAL_ENDPOINTS` need a goal of A with an indicator,
made by tests/goals/test_permissions.py before the snapshot (`make_goal_with_indicator`).
"""

from __future__ import annotations

from samordna.goals.models import Goal, Indicator
from tests.goals.factories import SECRET_GOAL, SECRET_INDICATOR
from tests.permissions import Actor, Endpoint, roles_of_a

EST = {"reporter", "coordinator", "analyst", "partner", "management", "admin"}
EDITORS = {"coordinator", "analyst", "admin"}


def _est_anywhere(actor: Actor) -> bool:
    return actor.role in EST


def _editors_anywhere(actor: Actor) -> bool:
    return actor.role in EDITORS


def _est_of_a(actor: Actor) -> bool:
    return actor.is_member_of_a and actor.role in EST


def _missing_outside_a(actor: Actor) -> int:
    # An EST member elsewhere: the goal does not exist for them. Others: 403.
    return 404 if actor.role in EST and not actor.is_member_of_a else 403


def _editor_missing_outside_a(actor: Actor) -> int:
    # An editor elsewhere: the goal does not exist for them. Everybody else: 403.
    return 404 if actor.role in EDITORS and not actor.is_member_of_a else 403


def _form_back_outside_a(actor: Actor) -> int:
    # An editor of B gets the form back (A1 is no organisation of theirs); others 403.
    return 400 if actor.role in EDITORS else 403


def _api_create_refused(actor: Actor) -> int:
    # An editor of B names a goal that is not theirs: 400; the rest may not write: 403.
    return 400 if actor.role in EDITORS else 403


def _goal(world) -> Goal:
    return Goal.objects.get(municipality=world.a, title=SECRET_GOAL)


def _indicator(world) -> Indicator:
    return Indicator.objects.get(municipality=world.a, name=SECRET_INDICATOR)


def _secrets(world) -> list[str]:
    return [SECRET_GOAL, SECRET_INDICATOR]


def _new_goal(world) -> dict:
    return {"title": "Nytt mål i matrisen", "owner_organisation": world.a1.pk, "is_active": "on"}


def _new_indicator(world) -> dict:
    return {
        "name": "Ny indikator i matrisen",
        "source": "police",
        "police_types": ["Skadegörelse"],
        "granularity": "year",
        "direction": "decrease",
        "baseline_period": "2024",
        "target_period": "2027",
        "target_value": "3",
    }


ENDPOINTS = [
    Endpoint(name="goals-list-empty", path=lambda w: "/mal/", allowed=_est_anywhere),
    Endpoint(name="goals-create-page", path=lambda w: "/mal/nytt/", allowed=_editors_anywhere),
    Endpoint(
        name="goals-create",
        path=lambda w: "/mal/nytt/",
        method="post",
        data=_new_goal,
        allowed=roles_of_a(*EDITORS),
        ok=(302,),
        denied_status=_form_back_outside_a,
    ),
    Endpoint(
        name="api-goal-create",
        path=lambda w: "/api/v1/goals/",
        method="post",
        data=lambda w: {"municipality": "alfa", "title": "Nytt mål", "areas": []},
        allowed=roles_of_a(*EDITORS),
        api=True,
        ok=(201,),
    ),
    Endpoint(
        name="api-goal-list-empty",
        path=lambda w: "/api/v1/goals/",
        allowed=lambda actor: actor.role is not None,
        api=True,
    ),
    Endpoint(
        name="api-goal-indicator-list-empty",
        path=lambda w: "/api/v1/goal-indicators/",
        allowed=lambda actor: actor.role is not None,
        api=True,
    ),
]

GOAL_ENDPOINTS = [
    Endpoint(name="goals-list", path=lambda w: "/mal/", allowed=_est_anywhere, secrets=_secrets),
    Endpoint(
        name="goal-detail",
        path=lambda w: f"/mal/{_goal(w).pk}/",
        allowed=_est_of_a,
        secrets=_secrets,
        denied_status=_missing_outside_a,
    ),
    Endpoint(
        name="goal-edit-page",
        path=lambda w: f"/mal/{_goal(w).pk}/andra/",
        allowed=roles_of_a(*EDITORS),
        secrets=_secrets,
        denied_status=_editor_missing_outside_a,
    ),
    Endpoint(
        name="goal-edit",
        path=lambda w: f"/mal/{_goal(w).pk}/andra/",
        method="post",
        data=lambda w: {"title": "Ändrat i matrisen", "is_active": "on"},
        allowed=roles_of_a(*EDITORS),
        ok=(302,),
        secrets=_secrets,
        denied_status=_editor_missing_outside_a,
    ),
    Endpoint(
        name="goal-indicator-create-page",
        path=lambda w: f"/mal/{_goal(w).pk}/indikatorer/ny/",
        allowed=roles_of_a(*EDITORS),
        secrets=_secrets,
        denied_status=_editor_missing_outside_a,
    ),
    Endpoint(
        name="goal-indicator-create",
        path=lambda w: f"/mal/{_goal(w).pk}/indikatorer/ny/",
        method="post",
        data=_new_indicator,
        allowed=roles_of_a(*EDITORS),
        ok=(302,),
        secrets=_secrets,
        denied_status=_editor_missing_outside_a,
    ),
    Endpoint(
        name="goal-indicator-edit-page",
        path=lambda w: f"/mal/indikatorer/{_indicator(w).pk}/andra/",
        allowed=roles_of_a(*EDITORS),
        secrets=_secrets,
        denied_status=_editor_missing_outside_a,
    ),
    Endpoint(
        name="goal-indicator-edit",
        path=lambda w: f"/mal/indikatorer/{_indicator(w).pk}/andra/",
        method="post",
        data=lambda w: {**_new_indicator(w), "name": "Ändrad indikator"},
        allowed=roles_of_a(*EDITORS),
        ok=(302,),
        secrets=_secrets,
        denied_status=_editor_missing_outside_a,
    ),
    Endpoint(
        name="goal-indicator-delete",
        path=lambda w: f"/mal/indikatorer/{_indicator(w).pk}/ta-bort/",
        method="post",
        data=lambda w: {},
        allowed=roles_of_a(*EDITORS),
        ok=(302,),
        secrets=_secrets,
        denied_status=_editor_missing_outside_a,
    ),
    Endpoint(
        name="api-goal-list",
        path=lambda w: "/api/v1/goals/",
        allowed=lambda actor: actor.role is not None,
        api=True,
        secrets=_secrets,
    ),
    Endpoint(
        name="api-goal-detail",
        path=lambda w: f"/api/v1/goals/{_goal(w).pk}/",
        allowed=_est_of_a,
        api=True,
        secrets=_secrets,
        denied_status=lambda actor: 404,
    ),
    Endpoint(
        name="api-goal-update",
        path=lambda w: f"/api/v1/goals/{_goal(w).pk}/",
        method="patch",
        data=lambda w: {"description": "Ändrat via API"},
        allowed=roles_of_a(*EDITORS),
        api=True,
        secrets=_secrets,
        denied_status=lambda actor: 404,
    ),
    Endpoint(
        name="api-goal-indicator-list",
        path=lambda w: "/api/v1/goal-indicators/",
        allowed=lambda actor: actor.role is not None,
        api=True,
        secrets=lambda w: [SECRET_INDICATOR],
    ),
    Endpoint(
        name="api-goal-indicator-detail",
        path=lambda w: f"/api/v1/goal-indicators/{_indicator(w).pk}/",
        allowed=_est_of_a,
        api=True,
        secrets=lambda w: [SECRET_INDICATOR],
        denied_status=lambda actor: 404,
    ),
    Endpoint(
        name="api-goal-indicator-create",
        path=lambda w: "/api/v1/goal-indicators/",
        method="post",
        data=lambda w: {
            "goal": _goal(w).pk,
            "name": "Ny via API",
            "source": "police",
            "police_types": ["Skadegörelse"],
            "baseline_period": "2024",
            "target_period": "2027",
            "target_value": 3,
        },
        allowed=roles_of_a(*EDITORS),
        api=True,
        ok=(201,),
        secrets=_secrets,
        denied_status=_api_create_refused,
    ),
    Endpoint(
        name="api-goal-indicator-update",
        path=lambda w: f"/api/v1/goal-indicators/{_indicator(w).pk}/",
        method="patch",
        data=lambda w: {"target_value": 2},
        allowed=roles_of_a(*EDITORS),
        api=True,
        secrets=lambda w: [SECRET_INDICATOR],
        denied_status=lambda actor: 404,
    ),
]

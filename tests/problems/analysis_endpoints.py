"""Cause-analysis and overview endpoints in the permission matrix (tests/permissions.py).

`ENDPOINTS` need only the world (tests/problems/endpoints.py adds them to the matrix).
`WITH_ANALYSIS` need a problem of A owned by A1 with an unshared analysis and one
cause, made by `make_analysis` before the snapshot (tests/problems/test_analysis_permissions.py).
"""

from __future__ import annotations

from typing import Any

from samordna.problems.analysis import services as analysis_services
from samordna.problems.models import CauseAnalysis, Problem
from tests.permissions import Actor, Endpoint

SECRET_TITLE = "Hemlig problembild i gångtunneln"
SECRET_CAUSE = "Hemlig orsak: mörk gångtunnel"
EST = {"reporter", "coordinator", "analyst", "partner", "management", "admin"}
GROUP = {"coordinator", "analyst", "admin"}
OVERVIEW_READERS = {"management", "coordinator", "analyst", "admin", "partner"}
OWNER_ROLES = EST - {"reporter"}
# Management reads every analysis of its municipality and never writes one (issue 17).
WRITER_ROLES = OWNER_ROLES - {"management"}


def make_analysis(world: Any, *, shared: bool = False, owner: Any = None) -> CauseAnalysis:
    """A problem of A (owned by A1 unless told) with an analysis and cause 1."""
    problem = Problem.objects.create(
        municipality=world.a,
        title=SECRET_TITLE,
        description="Mopedkörning genom gångtunneln kvällstid.",
        owner_organisation=owner or world.a1,
    )
    analysis = analysis_services.analysis_update(
        actor=None,
        problem=problem,
        changes={
            "summary": "Kvällstid.",
            "fishbone": {"victim": ["Gående"], "offender": [], "place": ["Mörker"]},
        },
    )
    analysis_services.cause_add(actor=None, problem=problem, text=SECRET_CAUSE, level="area")
    if shared:
        analysis_services.analysis_share(actor=None, analysis=analysis, shared=True)
    return analysis


def _problem_pk(world: Any) -> int:
    return int(Problem.objects.get(municipality=world.a, title=SECRET_TITLE).pk)


def may_view(actor: Actor) -> bool:
    """An unshared analysis: the analysis group and management of A, the owner A1."""
    if not actor.is_member_of_a:
        return False
    owner = actor.relation == "own_org" and actor.role in OWNER_ROLES
    return actor.role in GROUP | {"management"} or owner


def may_edit(actor: Actor) -> bool:
    if not actor.is_member_of_a:
        return False
    return actor.role in GROUP or (actor.relation == "own_org" and actor.role in WRITER_ROLES)


def may_share(actor: Actor) -> bool:
    return actor.is_member_of_a and actor.role in GROUP


def _refused(actor: Actor) -> int:
    # Who may read the analysis is told "no"; for everyone else it does not exist.
    return 403 if may_view(actor) else 404


def _secrets(world: Any) -> list[str]:
    return [SECRET_TITLE, SECRET_CAUSE]


def _base(world: Any) -> str:
    return f"/problem/{_problem_pk(world)}/orsaksanalys/"


def _api(world: Any) -> str:
    return f"/api/v1/problems/{_problem_pk(world)}/cause-analysis/"


ENDPOINTS = [
    Endpoint(
        name="problems-overview",
        path=lambda w: "/problem/oversikt/",
        allowed=lambda actor: actor.role in OVERVIEW_READERS,
    ),
    Endpoint(
        name="analysis-workspace-missing",
        path=lambda w: "/problem/999999/orsaksanalys/",
        allowed=lambda actor: False,
        denied_status=lambda actor: 404,
    ),
    Endpoint(
        name="api-cause-analysis-missing",
        path=lambda w: "/api/v1/problems/999999/cause-analysis/",
        allowed=lambda actor: False,
        api=True,
        denied_status=lambda actor: 404,
    ),
]

WITH_ANALYSIS = [
    Endpoint(
        name="analysis-workspace",
        path=_base,
        allowed=may_view,
        secrets=_secrets,
        denied_status=lambda actor: 404,
    ),
    Endpoint(
        name="analysis-edit-page",
        path=lambda w: f"{_base(w)}andra/fiskben/",
        allowed=may_edit,
        secrets=_secrets,
        denied_status=_refused,
    ),
    Endpoint(
        name="analysis-edit",
        path=lambda w: f"{_base(w)}andra/sammanfattning/",
        method="post",
        data=lambda w: {"summary": "Ny sammanfattning.", "sources": "Egna iakttagelser."},
        allowed=may_edit,
        ok=(302,),
        secrets=_secrets,
        denied_status=_refused,
    ),
    Endpoint(
        name="analysis-cause-add",
        path=lambda w: f"{_base(w)}orsaker/",
        method="post",
        data=lambda w: {"text": "Ingen belysning", "level": "area"},
        allowed=may_edit,
        ok=(302,),
        secrets=_secrets,
        denied_status=_refused,
    ),
    Endpoint(
        name="analysis-cause-deactivate",
        path=lambda w: f"{_base(w)}orsaker/1/",
        method="post",
        data=lambda w: {"active": "0"},
        allowed=may_edit,
        ok=(302,),
        secrets=_secrets,
        denied_status=_refused,
    ),
    Endpoint(
        name="analysis-share",
        path=lambda w: f"{_base(w)}dela/",
        method="post",
        data=lambda w: {"shared": "1"},
        allowed=may_share,
        ok=(302,),
        secrets=_secrets,
        denied_status=_refused,
    ),
    Endpoint(
        name="analysis-pdf",
        path=lambda w: f"{_base(w)}pdf/",
        allowed=may_view,
        denied_status=lambda actor: 404,
    ),
    Endpoint(
        name="api-cause-analysis",
        path=_api,
        allowed=may_view,
        api=True,
        secrets=_secrets,
        denied_status=lambda actor: 404,
    ),
    Endpoint(
        name="api-cause-analysis-update",
        path=_api,
        method="patch",
        data=lambda w: {"summary": "Ny sammanfattning."},
        allowed=may_edit,
        api=True,
        secrets=_secrets,
        denied_status=_refused,
    ),
    Endpoint(
        name="api-cause-analysis-share",
        path=_api,
        method="patch",
        data=lambda w: {"is_shared": True},
        allowed=may_share,
        api=True,
        secrets=_secrets,
        denied_status=_refused,
    ),
    Endpoint(
        name="api-cause-analysis-causes",
        path=lambda w: f"{_api(w)}causes/",
        allowed=may_view,
        api=True,
        secrets=_secrets,
        denied_status=lambda actor: 404,
    ),
    Endpoint(
        name="api-cause-analysis-cause-create",
        path=lambda w: f"{_api(w)}causes/",
        method="post",
        data=lambda w: {"text": "Ingen belysning", "level": "area"},
        allowed=may_edit,
        api=True,
        ok=(201,),
        secrets=_secrets,
        denied_status=_refused,
    ),
    Endpoint(
        name="api-cause-analysis-cause-deactivate",
        path=lambda w: f"{_api(w)}causes/1/deactivate/",
        method="post",
        data=lambda w: {},
        allowed=may_edit,
        api=True,
        secrets=_secrets,
        denied_status=_refused,
    ),
]

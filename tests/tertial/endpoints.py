"""Tertial analysis endpoints in the permission matrix (tests/permissions.py).

`TERTIAL_ENDPOINTS` (= `ENDPOINTS`, read by tests/test_permission_matrix.py) need only the
world. `TERTIAL_ANALYSIS_ENDPOINTS` need A's analysis of KEY with a selected problem,
made by tests/tertial/test_tertial_permissions.py before the snapshot.
"""

from __future__ import annotations

from samordna.tertial.models import TertialAnalysis, TertialSelection
from tests.permissions import Actor, Endpoint, roles_of_a

KEY = "2025-T3"
EST = {"reporter", "coordinator", "analyst", "partner", "management", "admin"}
GROUP = {"coordinator", "analyst", "admin"}
RUNNERS = {"coordinator", "admin"}
SECRET_JUSTIFICATION = "Hemlig motivering om Alfatorget"
SECRET_CONCLUSION = "Hemlig slutsats om Alfatorget"


def _est_anywhere(actor: Actor) -> bool:
    # Every EST member gets the page; outside A it shows their own municipality's.
    return actor.role in EST


def _group_anywhere(actor: Actor) -> bool:
    return actor.role in GROUP


def _est_of_a(actor: Actor) -> bool:
    return actor.is_member_of_a and actor.role in EST


def _start_refused(actor: Actor) -> int:
    # Who may start one is checked before the fields (api/tertial.py): whoever is in no
    # municipality's group is refused (403) whatever the body; another municipality's
    # group finds no municipality "alfa" among its own (400).
    return 400 if actor.role in GROUP and not actor.is_member_of_a else 403


def _group_write_refused(actor: Actor) -> int:
    # The group of another municipality finds no analysis there; everyone else is 403.
    return 404 if actor.role in GROUP and not actor.is_member_of_a else 403


def _meeting_refused(actor: Actor) -> int:
    return 404 if actor.role in RUNNERS and not actor.is_member_of_a else 403


def _api_write_refused(actor: Actor) -> int:
    return 403 if actor.is_member_of_a and actor.role in EST else 404


def _analysis(world) -> TertialAnalysis:
    return TertialAnalysis.objects.get(municipality=world.a, period_key=KEY)


def _selection(world) -> TertialSelection:
    return TertialSelection.objects.get(analysis=_analysis(world))


def _secrets(world) -> list[str]:
    return [SECRET_JUSTIFICATION, SECRET_CONCLUSION]


def _problem_id(world) -> int:
    from samordna.problems.models import Problem

    return Problem.objects.get(municipality=world.a, title="Ett annat problem i Alfa").pk


URL = f"/problem/tertial/{KEY}/"

TERTIAL_ENDPOINTS = [
    Endpoint(name="tertial-list", path=lambda w: "/problem/tertial/", allowed=_est_anywhere),
    Endpoint(name="tertial-detail-empty", path=lambda w: URL, allowed=_est_anywhere),
    Endpoint(
        name="tertial-start",
        path=lambda w: f"{URL}starta/",
        method="post",
        allowed=_group_anywhere,
        ok=(302,),
    ),
    Endpoint(
        name="tertial-xlsx-empty", path=lambda w: f"{URL}tertialanalys.xlsx", allowed=_est_anywhere
    ),
    Endpoint(
        name="api-tertial-list",
        path=lambda w: "/api/v1/tertial-analyses/",
        allowed=lambda actor: actor.role is not None,
        api=True,
    ),
    Endpoint(
        name="api-tertial-start",
        path=lambda w: "/api/v1/tertial-analyses/",
        method="post",
        data=lambda w: {"municipality": "alfa", "period_key": KEY},
        allowed=roles_of_a(*GROUP),
        api=True,
        ok=(201,),
        denied_status=_start_refused,
    ),
]

# The matrix reads each test package's ENDPOINTS (tests/test_permission_matrix.py).
ENDPOINTS = TERTIAL_ENDPOINTS

TERTIAL_ANALYSIS_ENDPOINTS = [
    Endpoint(
        name="tertial-detail",
        path=lambda w: URL,
        allowed=_est_anywhere,
        secrets=_secrets,
    ),
    Endpoint(
        name="tertial-list-with-analysis",
        path=lambda w: "/problem/tertial/",
        allowed=_est_anywhere,
    ),
    Endpoint(
        name="tertial-pdf",
        path=lambda w: f"{URL}tertialanalys.pdf",
        allowed=_est_anywhere,
    ),
    Endpoint(
        name="tertial-xlsx",
        path=lambda w: f"{URL}tertialanalys.xlsx",
        allowed=_est_anywhere,
        secrets=_secrets,
    ),
    Endpoint(
        name="tertial-text",
        path=lambda w: f"{URL}text/",
        method="post",
        data=lambda w: {
            "text-conclusions": "Ny slutsats",
            "text-sources_used": "Egna",
            "text-sources_left_out": "Inga",
        },
        allowed=roles_of_a(*GROUP),
        ok=(302,),
        secrets=_secrets,
        denied_status=_group_write_refused,
    ),
    Endpoint(
        name="tertial-select",
        path=lambda w: f"{URL}urval/",
        method="post",
        data=lambda w: {"urval-problem": _problem_id(w), "urval-justification": "Växer."},
        allowed=roles_of_a(*GROUP),
        ok=(302,),
        secrets=_secrets,
        denied_status=_group_write_refused,
    ),
    Endpoint(
        name="tertial-unselect",
        path=lambda w: f"{URL}urval/{_selection(w).pk}/ta-bort/",
        method="post",
        allowed=roles_of_a(*GROUP),
        ok=(302,),
        secrets=_secrets,
        denied_status=_group_write_refused,
    ),
    Endpoint(
        name="tertial-done",
        path=lambda w: f"{URL}klar/",
        method="post",
        allowed=roles_of_a(*GROUP),
        ok=(302,),
        secrets=_secrets,
        denied_status=_group_write_refused,
    ),
    Endpoint(
        name="tertial-meeting",
        path=lambda w: f"{URL}mote/",
        method="post",
        allowed=roles_of_a(*RUNNERS),
        ok=(302,),
        secrets=_secrets,
        denied_status=_meeting_refused,
    ),
    Endpoint(
        name="api-tertial-detail",
        path=lambda w: f"/api/v1/tertial-analyses/{_analysis(w).pk}/",
        allowed=_est_of_a,
        api=True,
        secrets=_secrets,
        denied_status=lambda actor: 404,
    ),
    Endpoint(
        name="api-tertial-texts",
        path=lambda w: f"/api/v1/tertial-analyses/{_analysis(w).pk}/",
        method="patch",
        data=lambda w: {"conclusions": "Ny slutsats"},
        allowed=roles_of_a(*GROUP),
        api=True,
        secrets=_secrets,
        denied_status=_api_write_refused,
    ),
    Endpoint(
        name="api-tertial-done",
        path=lambda w: f"/api/v1/tertial-analyses/{_analysis(w).pk}/done/",
        method="post",
        allowed=roles_of_a(*GROUP),
        api=True,
        secrets=_secrets,
        denied_status=_api_write_refused,
    ),
    Endpoint(
        name="api-tertial-compiled",
        path=lambda w: f"/api/v1/tertial-analyses/{_analysis(w).pk}/compiled/",
        allowed=_est_of_a,
        api=True,
        denied_status=lambda actor: 404,
    ),
    Endpoint(
        name="api-tertial-select",
        path=lambda w: f"/api/v1/tertial-analyses/{_analysis(w).pk}/selections/",
        method="post",
        data=lambda w: {"problem": _problem_id(w), "justification": "Växer."},
        allowed=roles_of_a(*GROUP),
        api=True,
        ok=(201,),
        secrets=_secrets,
        denied_status=_api_write_refused,
    ),
]

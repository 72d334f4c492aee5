"""Action plan, agreement and citizen promise endpoints in the permission matrix, and the
objects they need (tests/permissions.py).

`ENDPOINTS` need only the world (tests/test_permission_matrix.py reads them as it reads
every package's). `PLAN_ENDPOINTS` need the objects `make_plan_world` files before the snapshot
(tests/plans/test_plans_permissions.py runs them).
"""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from django.utils import timezone

from samordna.analysis.periods import shift_period, tertial
from samordna.plans import agreements, services
from samordna.plans.models import ActionPlan, Agreement, CitizenPromise, Commitment
from samordna.situation.models import SituationPicture
from tests.interventions.factories import make_intervention
from tests.permissions import Actor, Endpoint

EST = {"reporter", "coordinator", "analyst", "partner", "management", "admin"}
EDITORS = {"coordinator", "admin"}
PLAN_TITLE = "Hemlig åtgärdsplan Alfastad"
MEASURE = "Hemlig åtgärd vid Alfatorget"
AGREEMENT_TITLE = "Hemlig överenskommelse Alfastad"
PROMISE_TITLE = "Hemligt löfte Alfastad"
COMMITMENT_TEXT = "Hemligt åtagande om belysning"
INTERVENTION_TITLE = "Hemlig insats för åtgärdsplanen"


def last_tertial() -> str:
    return shift_period(tertial(timezone.localdate()), -1)


def confirmed_picture(
    municipality: Any,
    *,
    kind: str = "tertial",
    key: str | None = None,
    status: str = SituationPicture.Status.CONFIRMED,
) -> SituationPicture:
    """A frozen picture shaped like docs/situation-format.md (the figures the plan reads)."""
    key = key or (last_tertial() if kind == "tertial" else "2026-W10")
    confirmed = status in services.CONFIRMED
    snapshot = {
        "format": "samordna.situation/1",
        "municipality": {"slug": municipality.slug, "name": municipality.name},
        "period": {"kind": kind, "key": key, "label": f"perioden {key}"},
        "picture": {"version": 1, "generated_at": timezone.now().isoformat()},
        "totals": {"count": 120, "previous": 100, "last_year": 90},
        "areas": [
            {"code": "norr", "name": "Norrområdet", "count": 70, "previous": 50, "flagged": True},
            {"code": "syd", "name": "Södermalm", "count": 30, "previous": 40},
        ],
        "categories": [
            {"code": "skadegorelse", "name": "Skadegörelse", "count": 80, "previous": 60},
            {"code": "nedskrapning", "name": "Nedskräpning", "count": 40, "previous": 40},
        ],
        "police": {"count": 12},
    }
    return SituationPicture.objects.create(
        municipality=municipality,
        kind=kind,
        period_key=key,
        status=status,
        snapshot=snapshot if confirmed else None,
        confirmed_at=timezone.now() if confirmed else None,
    )


def make_plan(world: Any, *, decided: bool = False, rows: int = 1) -> ActionPlan:
    picture = services.plan_pictures(world.a).first() or confirmed_picture(world.a)
    data = services.PlanInput(
        title=PLAN_TITLE,
        period_key="2026",
        picture=picture,
        mapping="Kartläggningen.",
        other_information="Annat.",
        analysis="Analysen.",
    )
    plan = services.plan_create(actor=None, municipality=world.a, data=data)
    for n in range(rows):
        services.row_create(
            actor=None,
            plan=plan,
            data=services.RowInput(
                cause_text=f"Orsak {n + 1}",
                measure=MEASURE if n == 0 else f"Åtgärd {n + 1}",
                operational_goal=f"Mål {n + 1}",
                when="Hösten 2026",
                who="Alfa bostäder",
                follow_up="green",
            ),
        )
    if decided:
        services.plan_decide(
            actor=None,
            plan=plan,
            body="Kommunstyrelsen",
            decided_on=timezone.localdate() - timedelta(days=1),
            reference="KS 2026/1",
        )
        plan.refresh_from_db()
    return plan


def make_agreement(world: Any, *, published: bool = True) -> CitizenPromise:
    agreement = agreements.agreement_create(
        actor=None,
        municipality=world.a,
        data=agreements.AgreementInput(
            title=AGREEMENT_TITLE,
            police_area="Lokalpolisområde Alfa",
            starts_on=timezone.localdate().replace(month=1, day=1),
            ends_on=timezone.localdate().replace(month=12, day=31),
            focus_text="Skadegörelse vid torget.",
            signatories=[{"role": "Kommundirektör", "organisation": "Alfastads kommun"}],
        ),
    )
    promise = agreements.promise_create(
        actor=None,
        agreement=agreement,
        data=agreements.PromiseInput(
            year=timezone.localdate().year,
            title=PROMISE_TITLE,
            slug="tryggare-torg",
            public_summary="Vi lovar ett tryggare torg.",
            is_published=published,
        ),
    )
    agreements.commitment_create(
        actor=None,
        promise=promise,
        data=agreements.CommitmentInput(
            organisation=world.a1,
            text=COMMITMENT_TEXT,
            status=Commitment.Status.IN_PROGRESS,
            public_status="Två av fyra lampor är uppsatta.",
        ),
    )
    return promise


def make_plan_world(world: Any) -> None:
    make_plan(world, rows=1)
    make_agreement(world)
    make_intervention(world, title=INTERVENTION_TITLE)


def _plan(world: Any) -> ActionPlan:
    return ActionPlan.objects.get(municipality=world.a, title=PLAN_TITLE)


def _agreement(world: Any) -> Agreement:
    return Agreement.objects.get(municipality=world.a, title=AGREEMENT_TITLE)


def _promise(world: Any) -> CitizenPromise:
    return CitizenPromise.objects.get(municipality=world.a, title=PROMISE_TITLE)


def _row(world: Any) -> Any:
    return _plan(world).rows.get()


def _intervention(world: Any) -> Any:
    from samordna.interventions.models import Intervention

    return Intervention.objects.get(municipality=world.a, title=INTERVENTION_TITLE)


def _secrets(world: Any) -> list[str]:
    return [PLAN_TITLE, MEASURE, AGREEMENT_TITLE, PROMISE_TITLE, COMMITMENT_TEXT]


def _est_anywhere(actor: Actor) -> bool:
    return actor.role in EST


def _editors_anywhere(actor: Actor) -> bool:
    return actor.role in EDITORS


def _est_of_a(actor: Actor) -> bool:
    return actor.is_member_of_a and actor.role in EST


def _editors_of_a(actor: Actor) -> bool:
    return actor.is_member_of_a and actor.role in EDITORS


def _missing_outside_a(actor: Actor) -> int:
    # An EST member elsewhere: the object does not exist for them. Others: 403.
    return 404 if actor.role in EST and not actor.is_member_of_a else 403


def _api_denied(actor: Actor) -> int:
    # Outside A nothing exists; in A, readers who may not write are refused.
    return 404 if not actor.is_member_of_a or actor.role not in EST else 403


ENDPOINTS = [
    Endpoint(name="plans-index-empty", path=lambda w: "/plan/", allowed=_est_anywhere),
    Endpoint(name="plans-create-page", path=lambda w: "/plan/ny/", allowed=_editors_anywhere),
    Endpoint(
        name="plans-agreement-create-page",
        path=lambda w: "/plan/overenskommelse/ny/",
        allowed=_editors_anywhere,
    ),
    Endpoint(
        name="api-action-plan-list-empty",
        path=lambda w: "/api/v1/action-plans/",
        allowed=lambda actor: actor.role is not None,
        api=True,
    ),
]

PLAN_ENDPOINTS = [
    Endpoint(name="plans-index", path=lambda w: "/plan/", allowed=_est_anywhere, secrets=_secrets),
    Endpoint(
        name="plans-detail",
        path=lambda w: f"/plan/{_plan(w).pk}/",
        allowed=_est_of_a,
        secrets=_secrets,
        denied_status=_missing_outside_a,
    ),
    Endpoint(
        name="plans-compare",
        path=lambda w: f"/plan/{_plan(w).pk}/jamfor/",
        allowed=_est_of_a,
        secrets=_secrets,
        denied_status=_missing_outside_a,
    ),
    Endpoint(
        name="plans-export-xlsx",
        path=lambda w: f"/plan/{_plan(w).pk}/export/xlsx/",
        allowed=_est_of_a,
        secrets=_secrets,
        denied_status=_missing_outside_a,
    ),
    Endpoint(
        name="plans-edit-page",
        path=lambda w: f"/plan/{_plan(w).pk}/andra/",
        allowed=_editors_of_a,
        secrets=_secrets,
        denied_status=_missing_outside_a,
    ),
    Endpoint(
        name="plans-rows-page",
        path=lambda w: f"/plan/{_plan(w).pk}/rader/",
        allowed=_editors_of_a,
        secrets=_secrets,
        denied_status=_missing_outside_a,
    ),
    Endpoint(
        name="plans-row-add",
        path=lambda w: f"/plan/{_plan(w).pk}/rader/",
        method="post",
        data=lambda w: {
            "cause_text": "Ny orsak",
            "measure": "Ny åtgärd",
            "operational_goal": "Nytt mål",
            "when": "Våren",
            "who": "Alfa polis",
        },
        allowed=_editors_of_a,
        ok=(302,),
        secrets=_secrets,
        denied_status=_missing_outside_a,
    ),
    Endpoint(
        name="plans-row-edit-page",
        path=lambda w: f"/plan/{_plan(w).pk}/rader/{_row(w).pk}/",
        allowed=_editors_of_a,
        secrets=_secrets,
        denied_status=_missing_outside_a,
    ),
    Endpoint(
        name="plans-row-delete",
        path=lambda w: f"/plan/{_plan(w).pk}/rader/{_row(w).pk}/ta-bort/",
        method="post",
        data=lambda w: {},
        allowed=_editors_of_a,
        ok=(302,),
        secrets=_secrets,
        denied_status=_missing_outside_a,
    ),
    Endpoint(
        name="plans-row-from-intervention",
        path=lambda w: f"/plan/{_plan(w).pk}/rader/fran-insats/",
        method="post",
        data=lambda w: {"intervention": _intervention(w).pk},
        allowed=_editors_of_a,
        ok=(302,),
        secrets=_secrets,
        denied_status=_missing_outside_a,
    ),
    Endpoint(
        name="plans-decide",
        path=lambda w: f"/plan/{_plan(w).pk}/besluta/",
        method="post",
        data=lambda w: {
            "body": "Kommunstyrelsen",
            "decided_on": timezone.localdate().isoformat(),
            "reference": "KS 1",
        },
        allowed=_editors_of_a,
        ok=(302,),
        secrets=_secrets,
        denied_status=_missing_outside_a,
    ),
    Endpoint(
        name="plans-revise-page",
        path=lambda w: f"/plan/{_plan(w).pk}/revidera/",
        allowed=_editors_of_a,
        secrets=_secrets,
        denied_status=_missing_outside_a,
    ),
    Endpoint(
        name="plans-agreement-detail",
        path=lambda w: f"/plan/overenskommelse/{_agreement(w).pk}/",
        allowed=_est_of_a,
        secrets=_secrets,
        denied_status=_missing_outside_a,
    ),
    Endpoint(
        name="plans-agreement-edit-page",
        path=lambda w: f"/plan/overenskommelse/{_agreement(w).pk}/andra/",
        allowed=_editors_of_a,
        secrets=_secrets,
        denied_status=_missing_outside_a,
    ),
    Endpoint(
        name="plans-promise-detail",
        path=lambda w: f"/plan/lofte/{_promise(w).pk}/",
        allowed=_est_of_a,
        secrets=_secrets,
        denied_status=_missing_outside_a,
    ),
    Endpoint(
        name="plans-promise-edit",
        path=lambda w: f"/plan/lofte/{_promise(w).pk}/andra/",
        method="post",
        data=lambda w: {"year": timezone.localdate().year, "title": "Nytt namn", "slug": "nytt"},
        allowed=_editors_of_a,
        ok=(302,),
        secrets=_secrets,
        denied_status=_missing_outside_a,
    ),
    Endpoint(
        name="plans-promise-create-page",
        path=lambda w: f"/plan/overenskommelse/{_agreement(w).pk}/lofte/ny/",
        allowed=_editors_of_a,
        secrets=_secrets,
        denied_status=_missing_outside_a,
    ),
    Endpoint(
        name="plans-commitment-edit-page",
        path=lambda w: f"/plan/ataganden/{Commitment.objects.get(promise=_promise(w)).pk}/andra/",
        allowed=_editors_of_a,
        secrets=_secrets,
        denied_status=_missing_outside_a,
    ),
    Endpoint(
        name="plans-commitment-create",
        path=lambda w: f"/plan/lofte/{_promise(w).pk}/ataganden/ny/",
        method="post",
        data=lambda w: {
            "organisation": w.a2.pk,
            "text": "Polisen patrullerar.",
            "status": "planned",
        },
        allowed=_editors_of_a,
        ok=(302,),
        secrets=_secrets,
        denied_status=_missing_outside_a,
    ),
    Endpoint(
        name="api-action-plan-list",
        path=lambda w: "/api/v1/action-plans/",
        allowed=lambda actor: actor.role is not None,
        api=True,
        secrets=_secrets,
    ),
    Endpoint(
        name="api-action-plan-detail",
        path=lambda w: f"/api/v1/action-plans/{_plan(w).pk}/",
        allowed=_est_of_a,
        api=True,
        secrets=_secrets,
        denied_status=lambda actor: 404,
    ),
    Endpoint(
        name="api-action-plan-patch",
        path=lambda w: f"/api/v1/action-plans/{_plan(w).pk}/",
        method="patch",
        data=lambda w: {"analysis": "Ny analys."},
        allowed=_editors_of_a,
        api=True,
        secrets=_secrets,
        denied_status=lambda actor: 404,
    ),
    Endpoint(
        name="api-action-plan-decide",
        path=lambda w: f"/api/v1/action-plans/{_plan(w).pk}/decide/",
        method="post",
        data=lambda w: {"body": "Kommunstyrelsen", "decided_on": timezone.localdate().isoformat()},
        allowed=_editors_of_a,
        api=True,
        secrets=_secrets,
        denied_status=lambda actor: 404,
    ),
    Endpoint(
        name="api-agreement-detail",
        path=lambda w: f"/api/v1/agreements/{_agreement(w).pk}/",
        allowed=_est_of_a,
        api=True,
        secrets=_secrets,
        denied_status=lambda actor: 404,
    ),
    Endpoint(
        name="api-citizen-promise-list",
        path=lambda w: "/api/v1/citizen-promises/",
        allowed=lambda actor: actor.role is not None,
        api=True,
        secrets=_secrets,
    ),
]

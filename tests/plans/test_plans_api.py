"""The API of action plans (read, create, change, decide, revise) and of agreements and
promises (read)."""

from __future__ import annotations

from django.utils import timezone

from samordna.plans.models import ActionPlan
from tests.plans.endpoints import (
    PLAN_TITLE,
    confirmed_picture,
    make_agreement,
    make_plan,
)


def _api(client, user):
    client.force_login(user)
    return client


def test_create_with_rows_then_patch_decide_and_revise(client, world):
    picture = confirmed_picture(world.a)
    api = _api(client, world.user("coordinator"))
    row = {
        "cause_text": "Orsak",
        "measure": "Åtgärd",
        "operational_goal": "Mål",
        "when": "Hösten",
        "who": "Alfa polis",
    }
    response = api.post(
        "/api/v1/action-plans/",
        {
            "title": "API-plan",
            "period_key": "2026",
            "picture": picture.pk,
            "analysis": "A.",
            "rows": [row],
        },
        content_type="application/json",
    )
    assert response.status_code == 201, response.json()
    body = response.json()
    assert "rapporterades 120 iakttagelser" in body["mapping"]
    assert [r["measure"] for r in body["rows"]] == ["Åtgärd"]
    pk, row_id = body["id"], body["rows"][0]["id"]

    response = api.patch(
        f"/api/v1/action-plans/{pk}/",
        {"rows": [{**row, "id": row_id, "measure": "Ändrad"}, {**row, "measure": "Ny"}]},
        content_type="application/json",
    )
    assert response.status_code == 200
    assert [r["measure"] for r in response.json()["rows"]] == ["Ändrad", "Ny"]
    assert response.json()["rows"][0]["id"] == row_id

    today = timezone.localdate().isoformat()
    decide = {"body": "Kommunstyrelsen", "decided_on": today, "reference": "KS 9"}
    # The draft's "Konsekvenser: [beskriv …]" is still there: refused until written.
    response = api.post(
        f"/api/v1/action-plans/{pk}/decide/", decide, content_type="application/json"
    )
    assert response.status_code == 400
    assert "platshållare" in str(response.json())
    assert ActionPlan.objects.get(pk=pk).status == "draft"
    mapping = body["mapping"].split("Konsekvenser:")[0] + "Konsekvenser: otrygghet kvällstid."
    api.patch(f"/api/v1/action-plans/{pk}/", {"mapping": mapping}, content_type="application/json")
    response = api.post(
        f"/api/v1/action-plans/{pk}/decide/", decide, content_type="application/json"
    )
    assert response.json()["status"] == "decided"
    assert response.json()["revisions"][0]["version"] == 1

    refused = api.patch(
        f"/api/v1/action-plans/{pk}/", {"analysis": "B."}, content_type="application/json"
    )
    assert refused.status_code == 400
    assert ActionPlan.objects.get(pk=pk).analysis == "A."

    no_reason = api.post(
        f"/api/v1/action-plans/{pk}/revise/", {"reason": ""}, content_type="application/json"
    )
    assert no_reason.status_code == 400
    revised = api.post(
        f"/api/v1/action-plans/{pk}/revise/", {"reason": "Ny bild"}, content_type="application/json"
    )
    assert (revised.json()["status"], revised.json()["version"]) == ("draft", 2)


def test_a_weekly_picture_is_refused_by_the_api(client, world):
    weekly = confirmed_picture(world.a, kind="week")
    api = _api(client, world.user("admin"))
    response = api.post(
        "/api/v1/action-plans/",
        {"title": "P", "period_key": "2026", "picture": weekly.pk, "mapping": "M", "analysis": "A"},
        content_type="application/json",
    )
    assert response.status_code == 400
    assert "inte en vecka" in response.json()["picture"][0]
    assert not ActionPlan.objects.exists()


def test_readers_read_and_may_not_write(client, world):
    plan = make_plan(world, rows=1)
    api = _api(client, world.user("analyst"))
    listed = api.get("/api/v1/action-plans/").json()
    items = listed["results"] if isinstance(listed, dict) else listed
    assert [p["title"] for p in items] == [PLAN_TITLE]
    assert api.post("/api/v1/action-plans/", {}, content_type="application/json").status_code == 403
    response = api.post(
        f"/api/v1/action-plans/{plan.pk}/decide/",
        {"body": "KS", "decided_on": timezone.localdate().isoformat()},
        content_type="application/json",
    )
    assert response.status_code == 404
    plan.refresh_from_db()
    assert plan.status == "draft"


def test_agreements_and_promises_are_read(client, world):
    promise = make_agreement(world)
    api = _api(client, world.user("partner"))
    agreement = api.get(f"/api/v1/agreements/{promise.agreement_id}/").json()
    assert agreement["signatories"] == [
        {"role": "Kommundirektör", "organisation": "Alfastads kommun"}
    ]
    assert agreement["promises"] == [promise.pk]
    data = api.get(f"/api/v1/citizen-promises/{promise.pk}/").json()
    assert data["commitments"][0]["public_status"] == "Två av fyra lampor är uppsatta."
    assert data["commitments"][0]["organisation"] == world.a1.slug

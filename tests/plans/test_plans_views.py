"""The plan's pages: a coordinator builds, decides, revises and compares; others read."""

from __future__ import annotations

from django.utils import timezone

from samordna.plans.models import ActionPlan, ActionPlanRevision
from tests.interventions.factories import make_intervention
from tests.plans.endpoints import confirmed_picture, make_plan


def test_a_coordinator_creates_a_plan_with_a_drafted_mapping(client, world):
    picture = confirmed_picture(world.a)
    client.force_login(world.user("coordinator"))
    response = client.post(
        "/plan/ny/",
        {"title": "Plan 2026", "period_key": "2026", "picture": picture.pk, "analysis": "A."},
    )
    plan = ActionPlan.objects.get(title="Plan 2026")
    assert response.status_code == 302
    assert response["Location"] == f"/plan/{plan.pk}/"
    assert "rapporterades 120 iakttagelser" in plan.mapping


def test_the_create_form_refuses_a_weekly_picture_in_swedish(client, world):
    weekly = confirmed_picture(world.a, kind="week")
    client.force_login(world.user("coordinator"))
    response = client.post(
        "/plan/ny/",
        {"title": "Plan", "period_key": "2026", "picture": weekly.pk, "analysis": "A."},
    )
    assert response.status_code == 200
    assert "lägesbild för ett år eller ett tertial" in response.content.decode()
    assert not ActionPlan.objects.exists()


def test_the_detail_shows_the_three_parts_and_the_columns(client, world):
    plan = make_plan(world, rows=1)
    client.force_login(world.user("partner"))
    page = client.get(f"/plan/{plan.pk}/").content.decode()
    for text in (
        "1. Kartläggning av brottsligheten",
        "2. Annan relevant information",
        "3. Analys",
        "Operativt mål",
        "Vem (kontakt)",
        "Uppföljning",
        "Kartläggningen.",
    ):
        assert text in page
    assert f"/plan/{plan.pk}/besluta/" not in page  # a partner reads, never decides
    assert client.get(f"/plan/{plan.pk}/besluta/").status_code == 403


def test_add_from_intervention_decide_revise_compare(client, world):
    plan = make_plan(world, rows=1)
    intervention = make_intervention(world, title="Ny belysning", days=20)
    client.force_login(world.user("coordinator"))
    rows_page = client.get(f"/plan/{plan.pk}/rader/").content.decode()
    assert "Ny belysning" in rows_page
    client.post(f"/plan/{plan.pk}/rader/fran-insats/", {"intervention": intervention.pk})
    assert plan.rows.filter(intervention=intervention).exists()

    today = timezone.localdate().isoformat()
    response = client.post(
        f"/plan/{plan.pk}/besluta/", {"body": "Kommunstyrelsen", "decided_on": today}
    )
    assert response.status_code == 302
    plan.refresh_from_db()
    assert plan.status == ActionPlan.Status.DECIDED
    # Decided: the edit page sends back, a row cannot be added.
    assert client.get(f"/plan/{plan.pk}/andra/").status_code == 302
    refused = client.post(
        f"/plan/{plan.pk}/rader/",
        {"cause_text": "o", "measure": "m", "operational_goal": "g", "when": "w", "who": "x"},
    )
    assert "Revidera" in refused.content.decode()
    assert plan.rows.count() == 2

    assert "Skäl" in client.post(f"/plan/{plan.pk}/revidera/", {"reason": ""}).content.decode()
    client.post(f"/plan/{plan.pk}/revidera/", {"reason": "Nya siffror"})
    plan.refresh_from_db()
    assert plan.version == 2
    decide_page = client.get(f"/plan/{plan.pk}/besluta/").content.decode()
    assert "Nya siffror" in decide_page  # the reason given when the revision started
    row = plan.rows.order_by("order").first()
    client.post(f"/plan/{plan.pk}/rader/{row.pk}/ta-bort/")
    client.post(
        f"/plan/{plan.pk}/besluta/",
        {"body": "Kommunstyrelsen", "decided_on": today, "reason": "Nya siffror"},
    )
    assert ActionPlanRevision.objects.filter(plan=plan).count() == 2
    compare = client.get(f"/plan/{plan.pk}/jamfor/?a=1&b=2").content.decode()
    assert "1 borttagen" in compare
    assert "Hemlig åtgärd vid Alfatorget" in compare


def test_exports_download(client, world):
    plan = make_plan(world, rows=1)
    client.force_login(world.user("management"))
    response = client.get(f"/plan/{plan.pk}/export/xlsx/")
    assert response.status_code == 200
    assert "attachment" in response["Content-Disposition"]
    assert client.get(f"/plan/{plan.pk}/export/doc/").status_code == 404


def test_the_index_lists_plans_and_agreements(client, world):
    make_plan(world)
    client.force_login(world.user("analyst"))
    page = client.get("/plan/").content.decode()
    assert "Hemlig åtgärdsplan Alfastad" in page
    assert "Ny åtgärdsplan" not in page
    assert "Ingen samverkansöverenskommelse ännu." in page


def _queries(client, path, capture) -> int:
    with capture() as context:
        assert client.get(path).status_code == 200
    return len(context.captured_queries)


def test_pages_and_api_lists_do_not_grow_queries_with_rows(client, world):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from tests.plans.endpoints import make_agreement

    def capture():
        return CaptureQueriesContext(connection)

    plan = make_plan(world, rows=1)
    make_agreement(world)
    client.force_login(world.user("coordinator"))
    paths = [f"/plan/{plan.pk}/", "/plan/", "/api/v1/action-plans/", "/api/v1/citizen-promises/"]
    before = [_queries(client, path, capture) for path in paths]
    for n in range(5):
        intervention = make_intervention(world, title=f"Insats {n}", days=10)
        from samordna.plans import services

        services.row_from_intervention(actor=None, plan=plan, intervention=intervention)
    make_plan(world, rows=3)
    after = [_queries(client, path, capture) for path in paths]
    assert after == before

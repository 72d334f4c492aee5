"""Issue 5, done when: the EST loop through /api/v1/ with tokens, and the PDFs.

Municipality A of the test world (tests.conftest) with a tertial history in which
klotter in area A rose beyond chance in 2025-T3 (tests.tertial.factories).
The analyst raises the problem and watches it, starts the tertial analysis, finds the
rise in its compiled figures, selects the problem with a justification and marks the
analysis done; writes the cause analysis with two numbered causes; the coordinator
decides two interventions owned by two organisations (A1, A2) against those causes with
target, buffer and control areas; A1's partner reports its status and posts an effect
follow-up whose stored counts and verdict are checked; the coordinator prepares and
confirms the tertial's situation picture, creates an action plan on it, adds its rows
from the interventions (pointing at the causes) and decides it. The API has no PDFs, so
the web pages' PDFs are fetched with a signed-in client.
"""

from __future__ import annotations

from datetime import date, datetime, time, timedelta

from django.test import Client
from django.utils import timezone

from samordna.api.services import api_token_create
from samordna.core.models import AuditEvent
from samordna.interventions.models import FollowUp, Intervention, InterventionUpdate
from samordna.plans.models import ActionPlan
from samordna.problems.models import Cause, Problem
from samordna.reports.models import Observation
from samordna.situation.models import SituationPicture
from samordna.tertial.models import TertialAnalysis
from tests.est_loop import assert_pdf
from tests.interventions.factories import make_area
from tests.reports.factories import category
from tests.tertial.factories import KEY, tertial_history

TITLE = "Klotter och skadegörelse i område A"
CAUSE_1 = "Väggarna vid gångtunneln saneras sällan, så klottret blir kvar"
CAUSE_2 = "Ingen vuxen rör sig i tunneln efter att skolan slutat"
# Two equally long periods around the rise (2025-W40 holds the twelve in area A).
BEFORE = (date(2025, 9, 1), date(2025, 10, 31))
AFTER = (date(2025, 11, 1), date(2025, 12, 31))


def _api(user) -> Client:
    token = api_token_create(actor=None, user=user)
    return Client(HTTP_AUTHORIZATION=f"Token {token.key}")


def _post(client: Client, path: str, body: dict | None = None, expect: int = 201) -> dict:
    response = client.post(path, body or {}, content_type="application/json")
    assert response.status_code == expect, (path, response.content[:2000])
    return response.json()


def _patch(client: Client, path: str, body: dict) -> dict:
    response = client.patch(path, body, content_type="application/json")
    assert response.status_code == 200, (path, response.content[:2000])
    return response.json()


def _seed(world, area, day: date, n: int) -> None:
    """n klotter observations in `area` on `day` (clones of one filed the usual way)."""
    template = Observation.objects.filter(municipality=world.a).first()
    rows = []
    for _ in range(n):
        clone = Observation.objects.get(pk=template.pk)
        clone.pk = None
        clone.area = area
        clone.category = category()
        clone.occurred_from = timezone.make_aware(datetime.combine(day, time(12)))
        rows.append(clone)
    Observation.objects.bulk_create(rows)


def test_the_est_loop_through_the_api(world, client):
    tertial_history(world)
    buffer = make_area(world, "Buffertområdet", 15.30)
    control = make_area(world, "Kontrollområdet", 15.40)
    analyst = _api(world.user("analyst"))
    coordinator = _api(world.user("coordinator"))
    partner = _api(world.user("partner"))  # A1's partner

    # The problem, raised and watched.
    problem = _post(
        analyst,
        "/api/v1/problems/",
        {
            "title": TITLE,
            "areas": [world.area_a.pk],
            "categories": ["skadegorelse-klotter"],
            "owner_organisation": world.a1.slug,
        },
    )
    pid = problem["id"]
    assert problem["status"] == "identified"
    watched = _post(
        analyst,
        f"/api/v1/problems/{pid}/step/",
        {"status": "watched", "reason": "Återkommer i rapporterna."},
        expect=200,
    )
    assert watched["status"] == "watched"

    # The tertial analysis finds the rise and selects the problem.
    analysis = _post(
        analyst, "/api/v1/tertial-analyses/", {"municipality": world.a.slug, "period_key": KEY}
    )
    tid = analysis["id"]
    assert analysis["status"] == "draft"
    compiled = analyst.get(f"/api/v1/tertial-analyses/{tid}/compiled/").json()
    rises = [
        row
        for row in compiled["wrong_direction"]
        if (row["level"], row["area_name"], row["category"])
        == ("cell", world.area_a.name, "skadegorelse-klotter")
    ]
    assert rises, compiled["wrong_direction"]
    assert rises[0]["count"] > rises[0]["previous"]
    selection = _post(
        analyst,
        f"/api/v1/tertial-analyses/{tid}/selections/",
        {"problem": pid, "justification": "Tolv mot en: ökningen är större än slumpen."},
    )
    assert selection["problem"] == pid
    _patch(
        analyst,
        f"/api/v1/tertial-analyses/{tid}/",
        {
            "conclusions": "Klottret i område A ska orsaksanalyseras.",
            "sources_used": "Egna iakttagelser, polisens händelser.",
            "sources_left_out": "Skolans frånvarostatistik kom inte i tid.",
        },
    )
    done = _post(analyst, f"/api/v1/tertial-analyses/{tid}/done/", expect=200)
    assert done["status"] == "done"
    assert Problem.objects.get(pk=pid).status == "prioritised"

    # The cause analysis: the triangle and two numbered causes.
    base = f"/api/v1/problems/{pid}/cause-analysis/"
    triangle = {
        "offender": {"text": "Unga som klottrar på kvällen", "controller": "Föräldrar"},
        "target": {"text": "Tunnelns väggar", "controller": "Fältassistenter"},
        "place": {"text": "Gångtunneln", "controller": "Fastighetsägaren"},
    }
    written = _patch(analyst, base, {"triangle": triangle, "summary": "Klotter i tunneln."})
    assert written["triangle"]["place"]["text"] == "Gångtunneln"
    first = _post(analyst, base + "causes/", {"text": CAUSE_1, "level": "area"})
    second = _post(analyst, base + "causes/", {"text": CAUSE_2, "level": "school"})
    assert (first["number"], second["number"]) == (1, 2)
    causes = {c.number: c.pk for c in Cause.objects.filter(analysis__problem_id=pid)}
    # The API gives each cause's id, which interventions and plan rows point at.
    assert (first["id"], second["id"]) == (causes[1], causes[2])

    # Two interventions owned by two organisations, against the causes.
    deadline = (timezone.localdate() + timedelta(days=60)).isoformat()
    areas = {
        "areas": [f"omrade-{world.area_a.pk}"],
        "buffer_areas": [f"omrade-{buffer.pk}"],
        "control_areas": [f"omrade-{control.pk}"],
    }
    made = []
    for owner, title, strategy, cause in (
        (world.a1, "Sanera klottret i gångtunneln inom ett dygn", "reward", causes[1]),
        (world.a2, "Kvällsvandring genom gångtunneln", "risk", causes[2]),
    ):
        body = {
            "title": title,
            "owner_organisation": owner.slug,
            "deadline": deadline,
            "kind": "situational",
            "strategy": strategy,
            "prevention_level": "primary",
            "problem": pid,
            "causes": [cause],
            "goal": "Hälften så många klotteriakttagelser i område A nästa tertial.",
            "cost_sek": 20000,
            "hours": 30,
            **areas,
        }
        made.append(_post(coordinator, "/api/v1/interventions/", body))
    own, police = made
    assert [i["owner_organisation"] for i in made] == [world.a1.slug, world.a2.slug]
    assert (own["causes"], police["causes"]) == ([causes[1]], [causes[2]])
    stored = Intervention.objects.get(pk=own["id"])
    assert list(stored.buffer_areas.all()) == [buffer]
    assert list(stored.control_areas.all()) == [control]

    # A1's partner reports its own intervention's status, with the traffic light.
    reported = _post(
        partner,
        f"/api/v1/interventions/{own['id']}/report/",
        {"status": "in_progress", "rag": "amber", "note": "Saneringen är beställd."},
        expect=200,
    )
    assert (reported["status"], reported["rag"]) == ("in_progress", "amber")
    update = InterventionUpdate.objects.get(intervention_id=own["id"])
    assert (update.by, update.note) == (world.user("partner"), "Saneringen är beställd.")

    # A1's partner follows its own intervention up: effect, with before and after.
    _seed(world, buffer, date(2025, 10, 10), 2)
    _seed(world, buffer, date(2025, 11, 10), 4)
    _seed(world, control, date(2025, 10, 10), 5)
    _seed(world, control, date(2025, 11, 10), 5)
    _seed(world, world.area_a, date(2025, 11, 12), 3)
    effect = _post(
        partner,
        f"/api/v1/interventions/{own['id']}/follow-ups/",
        {
            "kind": "effect",
            "source": "observations",
            "categories": ["skadegorelse-klotter"],
            "before_from": BEFORE[0].isoformat(),
            "before_to": BEFORE[1].isoformat(),
            "after_from": AFTER[0].isoformat(),
            "after_to": AFTER[1].isoformat(),
        },
    )
    expected = {"a0": 12, "a1": 3, "b0": 2, "b1": 4, "c0": 5, "c1": 5}
    assert effect["counts"] == expected
    follow_up = FollowUp.objects.get(pk=effect["id"])
    assert follow_up.counts == expected
    assert follow_up.verdict
    assert effect["verdict"] == follow_up.verdict
    # SM = A1/C1 - A0/C0 = 3/5 - 12/5 (the target did better than the control).
    assert abs(effect["result"]["wdq"]["sm"] - (3 / 5 - 12 / 5)) < 1e-9
    # The police's partner may not follow A1's intervention up.
    refused = _api(world.user("partner", "other_org")).post(
        f"/api/v1/interventions/{own['id']}/follow-ups/",
        {"kind": "production", "done": "yes"},
        content_type="application/json",
    )
    assert refused.status_code in (403, 404)
    assert FollowUp.objects.filter(intervention_id=own["id"]).count() == 1

    # The tertial's situation picture: prepared, proposed and confirmed (no meeting
    # needed for a tertial's picture, as on the period's page).
    picture = _post(coordinator, "/api/v1/situation-pictures/prepare/", {"period_key": KEY}, 200)
    assert (picture["kind"], picture["status"]) == ("tertial", "draft")
    proposed = _post(coordinator, f"/api/v1/situation-pictures/{picture['id']}/propose/", None, 200)
    assert proposed["status"] == "proposed"
    confirmed = _post(
        coordinator,
        f"/api/v1/situation-pictures/{picture['id']}/confirm/",
        {"summary": "Klottret i område A ökade."},
        expect=200,
    )
    assert confirmed["status"] == "confirmed"
    frozen = SituationPicture.objects.get(pk=picture["id"])
    assert (
        confirmed["content_hash"]
        == frozen.content_hash
        == frozen.snapshot["picture"]["content_hash"]
    )
    document = coordinator.get(f"/api/v1/situation-pictures/{picture['id']}/").json()["document"]
    assert document["period"]["key"] == KEY

    # The action plan on the confirmed tertial picture, its rows from the interventions
    # (each pointing at the cause its intervention addresses), decided.
    plan = _post(
        coordinator,
        "/api/v1/action-plans/",
        {
            "title": "Åtgärdsplan mot klottret",
            "period_key": KEY,
            "picture": picture["id"],
            "analysis": "Klottret i område A har ökat mer än slumpen förklarar.",
        },
    )
    for intervention in (own, police):
        row = _post(
            coordinator,
            f"/api/v1/action-plans/{plan['id']}/rows-from-intervention/",
            {"intervention": intervention["id"]},
        )
        assert row["intervention"] == intervention["id"]
    plan = coordinator.get(f"/api/v1/action-plans/{plan['id']}/").json()
    assert [(r["cause_number"], r["intervention"], r["cause_text"]) for r in plan["rows"]] == [
        (1, own["id"], CAUSE_1),
        (2, police["id"], CAUSE_2),
    ]
    assert [r["who"] for r in plan["rows"]] == [world.a1.name, world.a2.name]
    # The draft's placeholder ("Konsekvenser: [beskriv …]") is written before deciding.
    mapping = plan["mapping"].split("Konsekvenser:")[0] + "Konsekvenser: otrygghet kvällstid."
    written = coordinator.patch(
        f"/api/v1/action-plans/{plan['id']}/", {"mapping": mapping}, content_type="application/json"
    )
    assert written.status_code == 200, written.content
    today = timezone.localdate().isoformat()
    decided = _post(
        coordinator,
        f"/api/v1/action-plans/{plan['id']}/decide/",
        {"body": "Kommunstyrelsen", "decided_on": today, "reference": "KS 2025/77"},
        expect=200,
    )
    assert decided["status"] == "decided"
    stored_plan = ActionPlan.objects.get(pk=plan["id"])
    assert (stored_plan.decided_by_body, stored_plan.decision_reference) == (
        "Kommunstyrelsen",
        "KS 2025/77",
    )
    assert stored_plan.revisions.count() == 1

    # Every write left its audit event, by the user who made it, on what it changed.
    analyst_user, coordinator_user = world.user("analyst"), world.user("coordinator")
    for action, actor, target in (
        ("problem.create", analyst_user, pid),
        ("problem.step", analyst_user, pid),
        ("tertial.start", analyst_user, tid),
        ("tertial.select", analyst_user, None),
        ("tertial.write", analyst_user, tid),
        ("tertial.done", analyst_user, tid),
        ("cause_analysis.create", analyst_user, None),
        ("cause.create", analyst_user, None),
        ("intervention.create", coordinator_user, own["id"]),
        ("intervention.create", coordinator_user, police["id"]),
        ("intervention.report", world.user("partner"), own["id"]),
        ("intervention.follow_up", world.user("partner"), own["id"]),
        ("picture.prepare", coordinator_user, picture["id"]),
        ("picture.propose", coordinator_user, picture["id"]),
        ("picture.confirm", coordinator_user, picture["id"]),
        ("actionplan.create", coordinator_user, plan["id"]),
        ("actionplan.row_create", coordinator_user, plan["id"]),
        ("actionplan.decide", coordinator_user, plan["id"]),
    ):
        events = AuditEvent.objects.filter(action=action, actor=actor)
        if target is not None:
            events = events.filter(target_id=str(target))
        assert events.exists(), (action, target)
    assert AuditEvent.objects.filter(action="cause.create").count() == 2

    # The web pages' PDFs, signed in.
    client.force_login(world.user("analyst"))
    for path, needles in (
        (f"/problem/tertial/{KEY}/tertialanalys.pdf", (TITLE,)),
        (f"/problem/{pid}/orsaksanalys/pdf/", (TITLE, CAUSE_1, CAUSE_2)),
        (f"/plan/{plan['id']}/export/pdf/", (CAUSE_1, own["title"], police["title"])),
    ):
        response = client.get(path)
        assert response.status_code == 200, path
        assert_pdf(response["Content-Type"], response.content, *needles)
    assert TertialAnalysis.objects.get(pk=tid).selections.get().problem_id == pid

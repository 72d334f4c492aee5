"""The pages: list with unowned in red, the full create and edit forms, the detail with
its citizen promise and follow-ups, the follow-up form and the effect page."""

from __future__ import annotations

from datetime import date, timedelta

from django.utils import timezone

from samordna.interventions.followup import FollowUpInput, followup_create
from samordna.interventions.models import FollowUp, Intervention
from samordna.plans.models import Agreement, CitizenPromise, Commitment
from tests.interventions.factories import make_area, make_intervention


def test_the_list_marks_unowned_in_red_and_filters_them(client, world):
    make_intervention(world, title="Utan ansvarig")
    make_intervention(world, title="Med ansvarig", person=world.user("partner"))
    client.force_login(world.user("analyst", "other_org"))
    body = client.get("/insatser/").content.decode()
    assert "Ingen ansvarig person" in body
    assert body.count('class="is-overdue"') == 1
    body = client.get("/insatser/?unowned=on").content.decode()
    assert "Utan ansvarig" in body
    assert "Med ansvarig" not in body


def test_the_create_page_saves_the_method_and_shows_errors_by_field(client, world):
    client.force_login(world.user("coordinator"))
    deadline = (timezone.localdate() + timedelta(days=10)).isoformat()
    response = client.post(
        "/insatser/ny/",
        {
            "title": "Kameraövervakning vid torget",
            "owner_organisation": world.a2.pk,
            "deadline": deadline,
            "starts_on": (timezone.localdate() + timedelta(days=20)).isoformat(),
            "kind": "situational",
            "strategy": "reward",
            "techniques": ["formal_surveillance"],
        },
    )
    assert response.status_code == 200
    body = response.content.decode()
    assert "Teknikerna måste höra till den valda strategin." in body
    assert "Starten kan inte ligga efter slutdatumet." in body
    assert not Intervention.objects.exists()
    response = client.post(
        "/insatser/ny/",
        {
            "title": "Kameraövervakning vid torget",
            "owner_organisation": world.a2.pk,
            "deadline": deadline,
            "kind": "situational",
            "strategy": "risk",
            "techniques": ["formal_surveillance"],
            "tags": ["situational"],
            "cost_sek": "25000",
        },
    )
    assert response.status_code == 302
    saved = Intervention.objects.get()
    assert (saved.strategy, saved.techniques, saved.cost_sek) == (
        "risk",
        ["formal_surveillance"],
        25000,
    )


def test_the_owner_partner_edits_and_another_partner_is_refused(client, world):
    intervention = make_intervention(world)
    client.force_login(world.user("partner", "other_org"))
    assert client.get(f"/insatser/{intervention.pk}/andra/").status_code == 403
    client.force_login(world.user("partner"))
    page = client.get(f"/insatser/{intervention.pk}/andra/")
    assert page.status_code == 200
    assert "Hemlig insats vid Alfatorget" in page.content.decode()
    response = client.post(
        f"/insatser/{intervention.pk}/andra/",
        {
            "title": "Tänd belysningen i gångtunneln",
            "owner_organisation": world.a1.pk,
            "deadline": intervention.deadline.isoformat(),
            "hours": "6",
            "areas": [world.area_a.pk],
        },
    )
    assert response.status_code == 302
    intervention.refresh_from_db()
    assert (intervention.title, intervention.hours) == ("Tänd belysningen i gångtunneln", 6)


def test_the_detail_says_which_citizen_promise_it_is_part_of(client, world):
    intervention = make_intervention(world)
    agreement = Agreement.objects.create(
        municipality=world.a,
        title="Överenskommelse",
        police_area="LPO Alfa",
        starts_on=date(2026, 1, 1),
        ends_on=date(2027, 12, 31),
    )
    promise = CitizenPromise.objects.create(
        agreement=agreement, municipality=world.a, year=2026, title="Lugnare torg", slug="torg"
    )
    commitment = Commitment.objects.create(
        promise=promise, municipality=world.a, organisation=world.a1, text="Belysning"
    )
    commitment.interventions.add(intervention)
    client.force_login(world.user("reporter", "other_org"))
    body = client.get(f"/insatser/{intervention.pk}/").content.decode()
    assert "Ingår i medborgarlöfte ”Lugnare torg” (2026)." in body
    assert "Ändra insatsen" not in body  # a reporter of another organisation only reads


def test_the_effect_page_shows_the_counts_the_chart_and_the_reason(client, world):
    intervention = make_intervention(world)
    intervention.buffer_areas.set([make_area(world, "Buffert", 15.30)])
    intervention.control_areas.set([make_area(world, "Kontroll", 15.40)])
    client.force_login(world.user("partner"))
    today = timezone.localdate()
    response = client.post(
        f"/insatser/{intervention.pk}/uppfoljning/ny/",
        {
            "kind": "effect",
            "source": "observations",
            "before_from": (today - timedelta(days=20)).isoformat(),
            "before_to": (today - timedelta(days=11)).isoformat(),
            "after_from": (today - timedelta(days=10)).isoformat(),
            "after_to": (today - timedelta(days=2)).isoformat(),
        },
    )
    assert "Före- och efterperioden måste vara lika långa." in response.content.decode()
    assert not FollowUp.objects.exists()
    follow_up = followup_create(
        actor=None,
        intervention=intervention,
        data=FollowUpInput(
            kind="effect",
            source="observations",
            before_from=today - timedelta(days=20),
            before_to=today - timedelta(days=11),
            after_from=today - timedelta(days=10),
            after_to=today - timedelta(days=1),
        ),
    )
    body = client.get(f"/insatser/{intervention.pk}/uppfoljning/{follow_up.pk}/").content.decode()
    assert '<svg role="img"' in body
    assert "<caption>Antal räknade iakttagelser per område och period</caption>" in body
    assert "Jämförelseområdet hade inga iakttagelser" in body  # the module's reason, C empty
    assert "kan därför inte delas upp på insatsområde" in body  # why police events are context

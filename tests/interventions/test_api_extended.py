"""The API's interventions: the new fields, create, change, follow-ups, filters."""

from __future__ import annotations

from datetime import timedelta

from django.utils import timezone

from samordna.interventions.models import FollowUp, Intervention
from tests.interventions.factories import make_area, make_intervention, make_problem_with_causes


def _api(client, world, role="coordinator", relation="own_org"):
    client.force_login(world.user(role, relation))
    return client


def test_a_coordinator_decides_a_full_intervention_through_the_api(client, world):
    problem, causes = make_problem_with_causes(world)
    make_area(world, "Buffert", 15.30)
    control = make_area(world, "Kontroll", 15.40)
    deadline = timezone.localdate() + timedelta(days=30)
    body = {
        "title": "Lås cykelförråden",
        "owner_organisation": "alfa-bostader",
        "owner_person": world.user("partner").username,
        "deadline": deadline.isoformat(),
        "starts_on": timezone.localdate().isoformat(),
        "kind": "situational",
        "strategy": "effort",
        "techniques": ["target_harden", "control_access"],
        "tags": ["situational"],
        "problem": problem.pk,
        "causes": [causes[1].pk],
        "goal": "Inga inbrott i förråden.",
        "partners": ["alfa-polis"],
        "cost_sek": 50000,
        "hours": 40,
        "areas": [f"omrade-{world.area_a.pk}"],
        "control_areas": [f"omrade-{control.pk}"],
    }
    response = _api(client, world).post(
        "/api/v1/interventions/", body, content_type="application/json"
    )
    assert response.status_code == 201, response.json()
    data = response.json()
    assert data["techniques"] == ["target_harden", "control_access"]
    assert data["causes"] == [causes[1].pk]
    assert data["partners"] == ["alfa-polis"]
    assert data["raised_by"] == "alfa-bostader"
    assert data["is_unowned"] is False
    assert data["control_areas"] == [f"omrade-{control.pk}"]


def test_api_errors_come_by_field_and_nothing_is_saved(client, world):
    _other, other_causes = make_problem_with_causes(world, title="Annat")
    problem, _ = make_problem_with_causes(world)
    body = {
        "title": "Fel",
        "owner_organisation": "alfa-bostader",
        "deadline": (timezone.localdate() + timedelta(days=3)).isoformat(),
        "kind": "situational",
        "strategy": "risk",
        "techniques": ["target_harden"],
        "problem": problem.pk,
        "causes": [other_causes[0].pk],
    }
    response = _api(client, world).post(
        "/api/v1/interventions/", body, content_type="application/json"
    )
    assert response.status_code == 400
    assert set(response.json()) == {"techniques", "causes"}
    assert not Intervention.objects.exists()


def test_the_owner_organisations_partner_patches_and_another_gets_404(client, world):
    intervention = make_intervention(world)
    response = _api(client, world, "partner", "other_org").patch(
        f"/api/v1/interventions/{intervention.pk}/",
        {"title": "Kapad"},
        content_type="application/json",
    )
    assert response.status_code == 404
    response = _api(client, world, "partner").patch(
        f"/api/v1/interventions/{intervention.pk}/",
        {"goal": "Tänt i tunneln varje kväll.", "hours": 8},
        content_type="application/json",
    )
    assert response.status_code == 200, response.json()
    intervention.refresh_from_db()
    assert (intervention.goal, intervention.hours) == ("Tänt i tunneln varje kväll.", 8)
    assert intervention.title == "Hemlig insats vid Alfatorget"
    assert list(intervention.areas.all()) == [world.area_a]  # left out: kept


def test_follow_ups_through_the_api_with_the_effect_computed_on_the_server(client, world):
    intervention = make_intervention(world)
    intervention.buffer_areas.set([make_area(world, "Buffert", 15.30)])
    intervention.control_areas.set([make_area(world, "Kontroll", 15.40)])
    today = timezone.localdate()
    api = _api(client, world, "partner")
    url = f"/api/v1/interventions/{intervention.pk}/follow-ups/"
    response = api.post(
        url,
        {
            "kind": "effect",
            "source": "observations",
            "categories": ["skadegorelse-klotter"],
            "before_from": (today - timedelta(days=20)).isoformat(),
            "before_to": (today - timedelta(days=11)).isoformat(),
            "after_from": (today - timedelta(days=10)).isoformat(),
            "after_to": (today - timedelta(days=1)).isoformat(),
            "counts": {"a0": 999},  # read-only: ignored
        },
        content_type="application/json",
    )
    assert response.status_code == 201, response.json()
    data = response.json()
    assert data["counts"] == {"a0": 0, "a1": 0, "b0": 0, "b1": 0, "c0": 0, "c1": 0}
    assert data["verdict"].startswith("Inga iakttagelser registrerades")
    assert data["categories"] == ["skadegorelse-klotter"]
    listed = api.get(url).json()
    assert [f["id"] for f in listed] == [data["id"]]
    bad = api.post(url, {"kind": "effect", "source": "police"}, content_type="application/json")
    assert bad.status_code == 400
    assert "source" in bad.json()
    assert "before_from" in bad.json()
    assert FollowUp.objects.count() == 1


def test_filters_overdue_unowned_kind_and_tag(client, world):
    late = make_intervention(world, title="Sen", days=-1, person=world.user("partner"))
    unowned = make_intervention(world, title="Ingen ansvarig", days=5)
    tagged = make_intervention(world, title="Taggad", days=5, person=world.user("partner"))
    Intervention.objects.filter(pk=tagged.pk).update(kind="safety", tags=["situational", "welfare"])
    api = _api(client, world, "analyst")

    def titles(query: str) -> set[str]:
        return {
            row["title"] for row in api.get(f"/api/v1/interventions/?{query}").json()["results"]
        }

    assert titles("overdue=true") == {late.title}
    assert titles("unowned=true") == {unowned.title}
    assert titles("kind=safety") == {tagged.title}
    assert titles("tag=welfare") == {tagged.title}

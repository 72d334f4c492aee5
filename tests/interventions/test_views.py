"""The intervention pages and the API list: filters, overdue in red, history, reporting."""

from __future__ import annotations

from datetime import timedelta

from django.urls import reverse
from django.utils import timezone

from samordna.interventions.models import Intervention
from samordna.interventions.services import intervention_report
from tests.interventions.factories import make_intervention


def test_the_list_filters_by_status_owner_and_overdue_and_marks_overdue(client, world):
    late = make_intervention(world, title="Sen insats", days=-3)
    make_intervention(world, title="Polisens insats", owner=world.a2, days=3)
    client.force_login(world.user("analyst"))
    body = client.get(reverse("interventions:list")).content.decode()
    assert 'class="is-overdue"' in body
    assert "Försenad" in body
    overdue = client.get(reverse("interventions:list"), {"overdue": "on"}).content.decode()
    assert "Sen insats" in overdue
    assert "Polisens insats" not in overdue
    by_owner = client.get(reverse("interventions:list"), {"owner": world.a2.pk}).content.decode()
    assert "Polisens insats" in by_owner
    assert "Sen insats" not in by_owner
    intervention_report(
        actor=world.user("coordinator"), intervention=late, status="done", rag="green"
    )
    done = client.get(reverse("interventions:list"), {"status": "done"}).content.decode()
    assert "Sen insats" in done
    assert 'class="is-overdue"' not in done


def test_the_detail_shows_the_history_and_the_owner_reports(client, world):
    intervention = make_intervention(world)
    client.force_login(world.user("partner"))
    url = reverse("interventions:detail", args=[intervention.pk])
    assert "Rapportera läget" in client.get(url).content.decode()
    response = client.post(
        reverse("interventions:report", args=[intervention.pk]),
        {"status": "in_progress", "rag": "amber", "note": "Materialet är beställt."},
    )
    assert response.status_code == 302
    body = client.get(url).content.decode()
    assert "Materialet är beställt." in body
    assert "Gul – risk för försening" in body


def test_a_reporter_reads_but_does_not_report(client, world):
    intervention = make_intervention(world)
    client.force_login(world.user("reporter"))
    body = client.get(reverse("interventions:detail", args=[intervention.pk])).content.decode()
    assert intervention.title in body
    assert "Rapportera läget" not in body


def test_a_coordinator_decides_one_between_meetings(client, world):
    client.force_login(world.user("coordinator"))
    response = client.post(
        reverse("interventions:create"),
        {
            "title": "Byt lampor i gångtunneln",
            "owner_organisation": world.a1.pk,
            "deadline": (timezone.localdate() + timedelta(days=10)).isoformat(),
            "areas": [world.area_a.pk],
        },
    )
    intervention = Intervention.objects.get()
    assert response["Location"] == reverse("interventions:detail", args=[intervention.pk])
    assert intervention.raised_by == world.a1
    assert intervention.decided_in is None


def test_personal_data_is_refused_on_the_page_with_the_field_named(client, world):
    client.force_login(world.user("coordinator"))
    response = client.post(
        reverse("interventions:create"),
        {
            "title": "Kontakta ägaren till ABC 123",
            "owner_organisation": world.a1.pk,
            "deadline": (timezone.localdate() + timedelta(days=10)).isoformat(),
        },
    )
    assert response.status_code == 200
    assert "registreringsnummer" in response.content.decode()
    assert not Intervention.objects.exists()


def test_the_api_lists_interventions_with_overdue_flag(client, world):
    make_intervention(world, title="Sen insats", days=-1)
    client.force_login(world.user("management"))
    data = client.get("/api/v1/interventions/", {"overdue": "true"}).json()
    assert [row["title"] for row in data["results"]] == ["Sen insats"]
    row = data["results"][0]
    assert row["is_overdue"] is True
    assert row["owner_organisation"] == world.a1.slug
    assert row["municipality"] == world.a.slug

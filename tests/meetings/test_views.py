"""The meeting page walked through with the test client: each step posts and comes back."""

from __future__ import annotations

from datetime import timedelta

from django.urls import reverse
from django.utils import timezone

from samordna.meetings.models import Meeting
from tests.interventions.factories import make_intervention
from tests.meetings.factories import WEEK, start_meeting


def _signed_in(client, world, role="coordinator"):
    client.force_login(world.user(role))
    return client


def test_a_coordinator_starts_the_week_and_lands_on_the_meeting(client, world):
    _signed_in(client, world)
    page = client.get(reverse("meetings:list"))
    assert page.status_code == 200
    assert "Starta mötet" in page.content.decode()
    response = client.post(reverse("meetings:start"), {"week": WEEK.lower()})
    meeting = Meeting.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("meetings:detail", args=[meeting.pk])
    body = client.get(response["Location"]).content.decode()
    for title in ("Närvaro", "Riskbedömning per område", "Fastställ veckans lägesbild"):
        assert title in body


def test_a_bad_week_shows_the_error_on_the_list(client, world):
    _signed_in(client, world)
    response = client.post(reverse("meetings:start"), {"week": "vecka 47"})
    assert response.status_code == 200
    assert "är ingen vecka" in response.content.decode()
    assert not Meeting.objects.exists()


def test_every_step_posts_and_the_minutes_show_it(client, world):
    meeting = start_meeting(world)
    intervention = make_intervention(world, title="Städa vid torget", days=-1)
    _signed_in(client, world)
    police = meeting.attendance.get(function="police")
    url = lambda name, *args: reverse(f"meetings:{name}", args=[meeting.pk, *args])  # noqa: E731
    posts = [
        (url("attendance"), {f"present_{police.pk}": "on", f"note_{police.pk}": ""}),
        (
            url("report", intervention.pk),
            {
                f"insats{intervention.pk}-status": "in_progress",
                f"insats{intervention.pk}-rag": "red",
                f"insats{intervention.pk}-note": "Försenad av vädret.",
            },
        ),
        (url("item", 4), {"punkt4-notes": "Räddningstjänsten: två bränder.", "punkt4-done": "on"}),
        (
            url("assessments"),
            {f"assessment_{world.area_a.pk}": "worse", f"text_{world.area_a.pk}": "Mer klotter."},
        ),
        (url("focus"), {"focus_areas": [world.area_a.pk], "focus_text": "Gångtunneln."}),
        (
            url("decision"),
            {
                "beslut-title": "Extra kvällsvandring",
                "beslut-owner_organisation": world.a2.pk,
                "beslut-deadline": (timezone.localdate() + timedelta(days=3)).isoformat(),
                "beslut-areas": [world.area_a.pk],
            },
        ),
    ]
    for path, data in posts:
        response = client.post(path, data)
        assert response.status_code == 302, (path, response.content.decode()[:2000])
        assert response["Location"].startswith(url("detail"))
    minutes = client.get(url("minutes")).content.decode()
    for text in (
        "Polis (Alfa polis)",
        "Försenad av vädret.",
        "Räddningstjänsten: två bränder.",
        "Mer klotter.",
        "Gångtunneln.",
        "Extra kvällsvandring",
    ):
        assert text in minutes, text


def test_a_refused_step_shows_the_error_at_the_step_and_keeps_the_input(client, world):
    meeting = start_meeting(world)
    _signed_in(client, world)
    response = client.post(
        reverse("meetings:item", args=[meeting.pk, 9]),
        {"punkt9-notes": "Ring 070-123 45 67"},
    )
    body = response.content.decode()
    assert response.status_code == 200
    assert "telefonnummer" in body
    assert "Ring 070-123 45 67" in body
    assert not meeting.agenda_items.get(number=9).notes


def test_a_partner_reads_the_meeting_without_forms(client, world):
    meeting = start_meeting(world)
    _signed_in(client, world, "partner")
    body = client.get(reverse("meetings:detail", args=[meeting.pk])).content.decode()
    assert "Närvaro" in body
    assert "Spara närvaron" not in body
    assert "Fastställ lägesbilden" not in body
    assert client.get(reverse("meetings:minutes", args=[meeting.pk])).status_code == 200


def test_the_confirm_step_marks_the_picture_confirmed(client, world):
    meeting = start_meeting(world)
    _signed_in(client, world)
    response = client.post(reverse("meetings:confirm", args=[meeting.pk]))
    assert response.status_code == 302
    body = client.get(response["Location"]).content.decode()
    assert "Fastställd" in body


def test_closing_leads_to_the_minutes_and_the_page_is_read_only(client, world):
    meeting = start_meeting(world)
    _signed_in(client, world)
    response = client.post(reverse("meetings:close", args=[meeting.pk]))
    assert response["Location"] == reverse("meetings:minutes", args=[meeting.pk])
    body = client.get(reverse("meetings:detail", args=[meeting.pk])).content.decode()
    assert "Avslutat" in body
    assert "Spara närvaron" not in body

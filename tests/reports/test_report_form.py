"""Issue 18: the one-screen report form. What, where, when and a note; the rest under
"Mer detaljer" with the municipality's defaults; plain Swedish errors at the field; a
place and a pin in different areas are refused; the service worker and the manifest
that make the form installable and usable offline."""

from __future__ import annotations

import json
import re
import uuid
from datetime import timedelta
from pathlib import Path

import pytest
from django.core.cache import cache
from django.utils import timezone

from samordna.core import services
from samordna.core.geo import area_geometry
from samordna.core.models import AuditEvent
from samordna.reports.models import Category, Observation, Report, ReportDefaults

URL = "/rapportera/"
STATIC = Path(__file__).parents[2] / "src" / "samordna" / "reports" / "static" / "reports"
SQUARE_NEXT_TO_A = {
    "type": "Polygon",
    "coordinates": [
        [[15.22, 59.27], [15.24, 59.27], [15.24, 59.28], [15.22, 59.28], [15.22, 59.27]]
    ],
}


@pytest.fixture
def reporter_client(client, world):
    client.force_login(world.user("reporter"))
    return client


def _category(code: str = "skadegorelse-klotter") -> Category:
    return Category.objects.get(code=code, municipality=None)


def _post(**fields: str) -> dict[str, str]:
    """What the phone posts for one block: the essentials and the prefilled answers."""
    block = {
        "category": str(_category().pk),
        "when": "now",
        "date": timezone.localdate().isoformat(),
        "unsafety": "1",
        "certainty": "observed",
        "reported_to_police": "unknown",
        "place_type": "",
    } | fields
    data = {"client_uuid": str(uuid.uuid4()), "obs-TOTAL_FORMS": "1", "obs-INITIAL_FORMS": "0"}
    return data | {f"obs-0-{name}": value for name, value in block.items()}


def _counts() -> tuple[int, int, int]:
    return Report.objects.count(), Observation.objects.count(), AuditEvent.objects.count()


def test_the_essentials_alone_file_an_observation_now(reporter_client, world):
    # Given a phone that sends what, where (a place) and "Nu"
    data = _post(place=str(world.place_a.pk))
    before = timezone.now()

    # When it is sent
    response = reporter_client.post(URL, data)

    # Then it is filed now, at the place, with the prefilled answers
    assert response.status_code == 302
    observation = Observation.objects.get(report__client_uuid=data["client_uuid"])
    assert observation.place == world.place_a
    assert observation.area == world.area_a
    assert before - timedelta(minutes=1) <= observation.occurred_from <= timezone.now()
    assert observation.time_band == ""
    assert (observation.unsafety, observation.certainty) == (1, "observed")


def test_the_municipalitys_defaults_fill_what_the_phone_left_out(reporter_client, world):
    # Given a municipality whose reports are usually "ganska otryggt", "misstänkt"
    ReportDefaults.objects.create(
        municipality=world.a, unsafety=2, certainty="suspected", reported_to_police="no"
    )
    data = _post(address="Storgatan 12", unsafety="", certainty="", reported_to_police="")

    # When a report leaves "Mer detaljer" empty
    reporter_client.post(URL, data)

    # Then the municipality's defaults are filed, and the form offers them checked
    observation = Observation.objects.get(report__client_uuid=data["client_uuid"])
    assert (observation.unsafety, observation.certainty, observation.reported_to_police) == (
        2,
        "suspected",
        "no",
    )
    body = reporter_client.get(URL).content.decode()
    assert re.search(r'name="obs-0-certainty" value="suspected"[^>]*checked', body)
    assert re.search(r'name="obs-0-unsafety" value="2"[^>]*checked', body)
    assert not re.search(r'name="obs-0-unsafety" value="1"[^>]*checked', body)


def test_an_empty_submit_says_what_to_do_in_plain_swedish(reporter_client):
    # Given an untouched form (only the prefilled answers)
    data = _post(category="")
    counts = _counts()

    # When it is sent
    response = reporter_client.post(URL, data)

    # Then nothing is filed, and the errors say what to do, at the fields
    body = response.content.decode()
    assert _counts() == counts
    assert "Fyll i minst en iakttagelse." in body
    assert "Skicka minst" not in body
    assert '<ul class="errorlist" id="id_obs-0-category_error">' in body
    assert "Välj en plats, tryck på ”Här jag står” eller skriv en adress." in body
    assert 'href="#id_obs-0-place"' in body


def test_earlier_today_asks_for_the_time(reporter_client):
    data = _post(address="Storgatan 12", when="today")
    counts = _counts()

    response = reporter_client.post(URL, data)

    assert _counts() == counts
    assert "Ange ungefär vilken tid det var." in response.content.decode()

    # And with a time, it is filed today at that time
    data["obs-0-time_from"] = "00:01"
    assert reporter_client.post(URL, data).status_code == 302
    filed = Observation.objects.get(report__client_uuid=data["client_uuid"])
    local = timezone.localtime(filed.occurred_from)
    assert (local.date(), local.strftime("%H:%M")) == (timezone.localdate(), "00:01")


def test_a_place_and_a_pin_in_different_areas_are_refused_clearly(reporter_client, world):
    # Given a second area of the municipality next to the place's area
    services.area_create(
        actor=None,
        municipality=world.a,
        name="Grannområdet",
        kind="est",
        geometry=area_geometry(SQUARE_NEXT_TO_A),
    )
    data = _post(place=str(world.place_a.pk), longitude="15.23", latitude="59.275")
    counts = _counts()

    # When the place (in Alfa) is sent with a pin in the neighbouring area
    response = reporter_client.post(URL, data)

    # Then nothing is filed and the message names both areas, at the place
    body = response.content.decode()
    assert response.status_code == 200
    assert _counts() == counts
    assert '<ul class="errorlist" id="id_obs-0-place_error">' in body
    assert (
        "Platsen Alfatorget ligger i Hemligområdet Alfa, men punkten på kartan ligger i "
        "Grannområdet. Välj en annan plats eller ta bort punkten."
    ) in body

    # And a pin inside the place's own area is fine
    data |= {"obs-0-longitude": "15.205", "client_uuid": str(uuid.uuid4())}
    assert reporter_client.post(URL, data).status_code == 302


def test_the_form_starts_with_the_most_used_categories_and_my_last_place(reporter_client, world):
    # Given the reporter filed at Alfatorget about graffiti
    cache.clear()
    reporter_client.post(URL, _post(place=str(world.place_a.pk)))
    cache.clear()

    # When the form is opened again
    body = reporter_client.get(URL).content.decode()

    # Then graffiti is among the municipality's most used, and the place comes first
    top = body.split('<optgroup label="Vanligast här">', 1)[1].split("</optgroup>", 1)[0]
    assert f'value="{_category().pk}"' in top
    recent = body.split('<optgroup label="Senast använda">', 1)[1].split("</optgroup>", 1)[0]
    assert "Alfatorget" in recent
    # The other things are one disclosure away, and the manifest is linked
    assert '<summary id="obs-0-more-details">Mer detaljer</summary>' in body
    assert 'rel="manifest" href="/static/reports/manifest.webmanifest"' in body


def test_the_service_worker_is_served_for_the_report_pages_only(client):
    # Anyone may fetch it (a signed-out phone checks for updates); it caches nothing itself
    response = client.get("/rapportera/sw.js")

    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/javascript")
    assert response["Service-Worker-Allowed"] == "/rapportera/"
    assert 'var SHELL = "/rapportera/";' in response.content.decode()


def test_the_manifest_installs_the_report_page():
    manifest = json.loads((STATIC / "manifest.webmanifest").read_text())

    assert (manifest["start_url"], manifest["scope"]) == ("/rapportera/", "/rapportera/")
    assert manifest["display"] == "standalone"
    sizes = {icon["sizes"] for icon in manifest["icons"]}
    assert {"192x192", "512x512"} <= sizes
    for icon in manifest["icons"]:
        assert (STATIC / icon["src"].removeprefix("/static/reports/")).exists()


def test_a_coordinator_sets_the_defaults_and_a_reporter_cannot(client, world):
    # Given a reporter, who may not change the defaults
    client.force_login(world.user("reporter"))
    assert client.post("/kategorier/forval/", {"unsafety": "3"}).status_code == 403
    assert not ReportDefaults.objects.filter(municipality=world.a).exists()

    # When the coordinator sends an invalid value, nothing is saved
    client.force_login(world.user("coordinator"))
    bad = client.post(
        "/kategorier/forval/",
        {"unsafety": "7", "certainty": "heard", "reported_to_police": "no"},
    )
    assert bad.status_code == 200
    assert "Välj ett av svaren." in bad.content.decode()
    assert not ReportDefaults.objects.filter(municipality=world.a).exists()

    # And a valid one is saved and audited, for this municipality only
    response = client.post(
        "/kategorier/forval/",
        {"unsafety": "3", "certainty": "heard", "reported_to_police": "no"},
    )
    assert response.status_code == 302
    saved = ReportDefaults.objects.get(municipality=world.a)
    assert (saved.unsafety, saved.certainty, saved.reported_to_police) == (3, "heard", "no")
    assert AuditEvent.objects.filter(action="reports.defaults_change").count() == 1
    assert not ReportDefaults.objects.filter(municipality=world.b).exists()

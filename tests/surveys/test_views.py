"""The survey pages: upload -> preview -> confirm, the results page and its CSV, and
that a suppressed cell's numbers appear nowhere."""

from __future__ import annotations

import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from samordna.surveys.models import Survey
from samordna.surveys.selectors import item_results
from samordna.tabular import pending
from tests.surveys.factories import NTU, POLICE, make_own_round, own_csv, run
from tests.tabular.jobs import JobsClient


@pytest.fixture
def client(client, django_capture_on_commit_callbacks):
    """The import's preview and write run as jobs, queued by the requests."""
    return JobsClient(client, django_capture_on_commit_callbacks)


@pytest.fixture(autouse=True)
def _no_files_left_behind():
    before = set(pending.directory().iterdir())
    yield
    for path in set(pending.directory().iterdir()) - before:
        path.unlink()


def _upload(client, text, **fields):
    file = SimpleUploadedFile("fil.csv", text.encode(), content_type="text/csv")
    data = {"kind": "police_trygghetsmatning", "title": "Polisens mätning", "file": file}
    return client.post("/trygghetsmatningar/import/", data | fields)


def test_upload_preview_confirm(client, world):
    client.force_login(world.user("analyst"))

    preview_url = _upload(client, POLICE)["Location"]
    page = client.get(preview_url).content.decode()

    assert "Allt ser bra ut: 5 rader, 2 frågor, år 2024, 2025" in page
    assert "Hemligområdet Alfa" in page  # the areas matched
    assert Survey.objects.count() == 0

    queued = client.post(preview_url, {"action": "confirm"})
    # The write runs as a job; the preview page then shows it done.
    done = client.get(queued["Location"])

    assert done.status_code == 302
    assert Survey.objects.count() == 2
    assert client.get(done["Location"]).status_code == 200


def test_own_survey_preview_lists_unknown_areas_and_every_error(client, world):
    client.force_login(world.user("coordinator"))
    text = own_csv(
        [("Atlantis", "K", "65+", "3", "ja"), ("Hemligområdet Alfa", "K", "65+", "8", "ja")]
    )

    preview_url = _upload(client, text, kind="own", year="2025")["Location"]
    page = client.get(preview_url).content.decode()
    confirm = client.post(preview_url, {"action": "confirm"})
    report = client.get(preview_url + "fel.csv").content.decode("utf-8-sig")

    assert "känns inte igen" in page
    assert "2 fel" in page
    assert confirm.status_code == 200
    assert Survey.objects.count() == 0
    assert "2;Område;Atlantis;Området finns inte i kommunen" in report
    assert "3;Hur orolig är du för brott?;8;Svaret ska vara ett tal från 0 till 6." in report


def test_own_survey_needs_a_year(client, world):
    client.force_login(world.user("coordinator"))

    response = _upload(client, own_csv([]), kind="own")

    assert response.status_code == 200
    assert "Ange vilket år" in response.content.decode()


def test_results_page_shows_estimates_gaps_and_chart(client, world):
    survey = make_own_round(world, women=30, men=25)
    client.force_login(world.user("reporter"))

    page = client.get(f"/trygghetsmatningar/{survey.pk}/").content.decode()

    assert 'role="img"' in page
    assert "<title" in page
    assert "Kvinnor − män" in page
    assert "tydlig skillnad" in page
    assert "±" in page


def _hidden_numbers(survey, item, area=None):
    """What the men's cell would show without suppression."""
    open_ = item_results(survey, item, area=area, minimum=1)
    men = open_.by_gender.cells[1].estimate
    return [f"{men.value:.2f}".replace(".", ","), f"{men.value:.4f}".replace(".", ",")]


@pytest.mark.parametrize("code", ["oro", "otrygg"])
def test_no_suppressed_number_leaks_into_the_page_or_the_csv(client, world, code):
    survey = make_own_round(world, women=30, men=6)
    item = survey.items.get(code=code)
    client.force_login(world.user("management"))

    page = client.get(f"/trygghetsmatningar/{survey.pk}/?fraga={code}").content.decode()
    csv_text = client.get(f"/trygghetsmatningar/{survey.pk}/resultat.csv").content.decode(
        "utf-8-sig"
    )

    assert "färre än 10 svar" in page
    assert "färre än 10 svar" in csv_text
    men_rows = [line for line in csv_text.splitlines() if ";Män;" in line]
    assert men_rows
    assert all(line.endswith(";;;;;färre än 10 svar") for line in men_rows)
    assert not re.search(r'<td class="num">6</td>', page)
    if item.scale == "index":
        for hidden in _hidden_numbers(survey, item):
            assert hidden not in page
            assert hidden not in csv_text


def test_results_of_another_municipality_are_not_found(client, world):
    survey = make_own_round(world)
    client.force_login(world.user("coordinator", "other_municipality"))

    assert client.get(f"/trygghetsmatningar/{survey.pk}/").status_code == 404


def test_names_from_files_are_escaped_in_the_chart(client, world):
    world.area_a.name = "<script>alert(1)</script>"
    world.area_a.save()
    survey = make_own_round(world)
    client.force_login(world.user("reporter"))

    page = client.get(f"/trygghetsmatningar/{survey.pk}/").content.decode()

    assert "<script>alert(1)</script>" not in page
    assert "&lt;script&gt;" in page


def test_aggregate_results_pages_render_with_their_method(client, world):
    run(world, "police_trygghetsmatning", POLICE)
    run(world, "bra_ntu", NTU, title="NTU")
    police = Survey.objects.get(kind="police_trygghetsmatning", year=2025)
    ntu = Survey.objects.get(kind="bra_ntu")
    client.force_login(world.user("partner"))

    police_page = client.get(f"/trygghetsmatningar/{police.pk}/").content.decode()
    ntu_page = client.get(f"/trygghetsmatningar/{ntu.pk}/").content.decode()

    assert "största spridning som skalan 0–6 tillåter" in police_page
    assert (
        "2,80 ± "
        in client.get(f"/trygghetsmatningar/{police.pk}/?omrade={world.area_a.pk}").content.decode()
    )
    assert "Örebro län" in ntu_page
    assert "27 % ± " in ntu_page
    assert "Newcombes" in ntu_page

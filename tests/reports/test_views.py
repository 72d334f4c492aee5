"""The web report form and "my reports": what a reporter on a phone sees and files."""

from __future__ import annotations

import uuid
from datetime import timedelta

import pytest
from django.utils import timezone

from samordna.core.models import AuditEvent
from samordna.reports.intake import ObservationInput
from samordna.reports.models import Category, Observation, Report
from samordna.reports.services import report_submit

URL = "/rapportera/"


@pytest.fixture
def reporter_client(client, world):
    client.force_login(world.user("reporter"))
    return client


def _category(code: str = "skadegorelse-klotter") -> Category:
    return Category.objects.get(code=code, municipality=None)


def _block(n: int, **overrides) -> dict[str, str]:
    yesterday = timezone.localdate() - timedelta(days=1)
    values = {
        "category": str(_category().pk),
        "date": yesterday.isoformat(),
        "time_band": "evening",
        "address": "Storgatan 12",
        "place_type": "public",
        "people_count": "4",
        "unsafety": "2",
        "certainty": "observed",
        "reported_to_police": "no",
        "free_text": "Nytt klotter på busskuren.",
    } | overrides
    return {f"obs-{n}-{name}": value for name, value in values.items()}


def _post_data(*blocks: dict[str, str], key: uuid.UUID | None = None) -> dict[str, str]:
    data = {
        "client_uuid": str(key or uuid.uuid4()),
        "obs-TOTAL_FORMS": str(len(blocks)),
        "obs-INITIAL_FORMS": "0",
    }
    for block in blocks:
        data |= block
    return data


def test_the_form_is_swedish_and_says_it_is_no_police_report(reporter_client):
    response = reporter_client.get(URL)

    body = response.content.decode()
    assert response.status_code == 200
    assert "Det här är ingen polisanmälan." in body
    assert "112" in body
    assert "Skriv inga namn" in body
    assert "Lägg till en iakttagelse" in body
    assert 'name="client_uuid"' in body
    # Parents only group their children: "Fordon" is an optgroup, its children are options.
    assert '<optgroup label="Fordon">' in body
    assert f'value="{_category("fordon").pk}"' not in body


def test_two_valid_observations_file_one_report_and_redirect(reporter_client, world):
    data = _post_data(
        _block(0),
        _block(1, address="", place=str(world.place_a.pk), time_band="", time_from="21:30"),
    )

    response = reporter_client.post(URL, data)

    assert response.status_code == 302
    assert response["Location"] == "/rapportera/tack/"
    report = Report.objects.get(client_uuid=data["client_uuid"])
    assert (report.organisation, report.reporter) == (world.a1, world.user("reporter"))
    first, second = report.observations.order_by("id")
    assert first.address == "Storgatan 12"
    assert first.time_band == "evening"
    assert timezone.localtime(first.occurred_from).hour == 17
    assert second.place == world.place_a
    assert second.area == world.area_a
    assert timezone.localtime(second.occurred_from).strftime("%H:%M") == "21:30"
    thanks = reporter_client.get(response["Location"])
    assert "Tack! Din rapport med 2 iakttagelser är mottagen." in thanks.content.decode()
    assert 'href="/mina-rapporter/"' in thanks.content.decode()


def test_posting_the_same_form_again_files_nothing_new(reporter_client):
    data = _post_data(_block(0), _block(1))
    reporter_client.post(URL, data)
    counts = Report.objects.count(), Observation.objects.count(), AuditEvent.objects.count()

    again = reporter_client.post(URL, data)

    assert again.status_code == 302
    assert (Report.objects.count(), Observation.objects.count(), AuditEvent.objects.count()) == (
        counts
    )


def test_an_untouched_extra_block_is_no_observation(reporter_client):
    empty = {
        "obs-1-date": timezone.localdate().isoformat(),
        "obs-1-place_type": "",
        "obs-1-reported_to_police": "unknown",
    }
    data = _post_data(_block(0), empty)

    reporter_client.post(URL, data)

    assert Report.objects.get(client_uuid=data["client_uuid"]).observations.count() == 1


def test_personal_data_is_refused_next_to_that_blocks_free_text(reporter_client):
    data = _post_data(_block(0), _block(1, free_text="Ring Kalle på 070-123 45 67"))
    counts = Report.objects.count(), Observation.objects.count(), AuditEvent.objects.count()

    response = reporter_client.post(URL, data)

    body = response.content.decode()
    assert response.status_code == 200
    assert (Report.objects.count(), Observation.objects.count(), AuditEvent.objects.count()) == (
        counts
    )
    assert '<ul class="errorlist" id="id_obs-1-free_text_error">' in body
    assert "telefonnummer" in body
    assert "id_obs-0-free_text_error" not in body
    # The summary at the top links to the field in the second block.
    assert 'href="#id_obs-1-free_text"' in body
    assert "Iakttagelse 2: Anteckning" in body
    # What was typed is kept, and the same id is sent back so a retry stays idempotent.
    assert data["client_uuid"] in body
    assert "Storgatan 12" in body
    # The refused text is shown again with the number marked in it, nothing else marked.
    assert '<p class="marked-text" id="id_obs-1-free_text_marked">' in body
    assert "Ring Kalle på <mark>070-123 45 67</mark></p>" in body
    assert body.count("<mark>") == 1


def test_form_errors_are_shown_per_block_and_nothing_is_saved(reporter_client):
    data = _post_data(_block(0, unsafety="9", address="", time_band=""))
    reports = Report.objects.count()

    response = reporter_client.post(URL, data)

    body = response.content.decode()
    assert Report.objects.count() == reports
    assert "Välj hur otryggt det kändes." in body
    assert 'href="#id_obs-0-unsafety_0"' in body
    assert "Välj ungefär när på dygnet, eller ange en exakt tid." in body


def test_the_add_button_returns_one_more_block_and_files_nothing(reporter_client):
    data = _post_data(_block(0)) | {"add": "1"}
    reports = Report.objects.count()

    response = reporter_client.post(URL, data)

    body = response.content.decode()
    assert Report.objects.count() == reports
    assert 'name="obs-1-category"' in body
    assert "Iakttagelse 2" in body
    assert 'name="obs-TOTAL_FORMS" value="2"' in body
    assert 'value="Storgatan 12"' in body
    assert "errorlist" not in body


def test_a_user_without_a_reporting_role_gets_403_and_nothing_is_saved(client, world):
    client.force_login(world.user("analyst"))
    writes = AuditEvent.objects.exclude(action__startswith="refused.")  # refusals are on record
    counts = Report.objects.count(), writes.count()

    assert client.get(URL).status_code == 403
    assert client.post(URL, _post_data(_block(0))).status_code == 403
    assert client.get("/mina-rapporter/").status_code == 403
    assert (Report.objects.count(), writes.count()) == counts


def test_another_municipalitys_place_cannot_be_chosen(client, world):
    client.force_login(world.user("reporter", "other_municipality"))
    data = _post_data(_block(0, place=str(world.place_a.pk)))

    response = client.post(URL, data)

    assert response.status_code == 200
    assert not Report.objects.filter(client_uuid=data["client_uuid"]).exists()
    assert world.place_a.name not in response.content.decode()


def _file(world, organisation, text, actor=None):
    observation = ObservationInput(
        category=_category(),
        occurred_from=timezone.now() - timedelta(hours=2),
        unsafety=1,
        certainty="observed",
        address=text,
    )
    report_submit(
        actor=actor, organisation=organisation, client_uuid=uuid.uuid4(), observations=[observation]
    )


def test_my_reports_shows_only_the_own_organisations(reporter_client, world):
    _file(world, world.a1, "Egen gata 1")
    _file(world, world.a2, "Grannens gata 2")

    body = reporter_client.get("/mina-rapporter/?visa=organisationen").content.decode()

    assert "Egen gata 1" in body
    assert "Grannens gata 2" not in body
    assert "Inskickad" in body


def test_my_reports_filters_by_status_and_says_what_to_do_when_empty(reporter_client, world):
    empty = reporter_client.get("/mina-rapporter/").content.decode()
    assert "Du har inte rapporterat något än." in empty
    assert 'href="/rapportera/"' in empty
    _file(world, world.a1, "Egen gata 1", actor=world.user("reporter"))
    Observation.objects.filter(address="Egen gata 1").update(status="in_picture")

    shown = reporter_client.get("/mina-rapporter/?status=in_picture").content.decode()
    hidden = reporter_client.get("/mina-rapporter/?status=closed").content.decode()
    Observation.objects.filter(address="Egen gata 1").update(
        status="closed", closed_reason="Fastighetsägaren har lagat belysningen."
    )
    closed = reporter_client.get("/mina-rapporter/?status=closed").content.decode()

    assert "Egen gata 1" in shown
    assert "fastställd lägesbild" in shown
    assert "Egen gata 1" not in hidden
    assert "Inga iakttagelser i det läget." in hidden
    assert "Skäl: Fastighetsägaren har lagat belysningen." in closed


def test_my_reports_runs_a_fixed_number_of_queries(
    reporter_client, world, django_assert_max_num_queries
):
    for n in range(5):
        _file(world, world.a1, f"Gata {n}", actor=world.user("reporter"))

    # 12, one for the header's "Ny lägesbild" (situation.context_processors), and one for
    # the organisations the reporter files for, which the reporting policy reads first so
    # that it joins the two scopes only when both hold something (issue 20).
    with django_assert_max_num_queries(14):
        reporter_client.get("/mina-rapporter/")


def test_my_reports_shows_the_own_by_default_and_the_organisations_on_the_tab(
    reporter_client, world
):
    # Given my report, a colleague's in my organisation and one in another municipality
    _file(world, world.a1, "Min gata 1", actor=world.user("reporter"))
    _file(world, world.a1, "Kollegans gata 2")
    _file(world, world.b1, "Annan kommuns gata 3")

    # When I open "Mina rapporter", then its organisation tab
    own = reporter_client.get("/mina-rapporter/").content.decode()
    whole = reporter_client.get("/mina-rapporter/?visa=organisationen").content.decode()

    # Then the default shows only mine, the tab the organisation's; never the other one's
    assert "Min gata 1" in own
    assert "Kollegans gata 2" not in own
    assert 'href="/mina-rapporter/" aria-current="page"' in own
    assert "Min gata 1" in whole
    assert "Kollegans gata 2" in whole
    assert 'href="/mina-rapporter/?visa=organisationen" aria-current="page"' in whole
    assert 'name="visa" value="organisationen"' in whole
    assert "Annan kommuns gata 3" not in own + whole


# --- a near-duplicate asks before it is filed -------------------------------------------


def test_the_same_report_again_a_minute_later_asks_and_files_nothing(reporter_client):
    # given a report filed a minute ago
    block = _block(0, address="Storgatan 12")
    reporter_client.post(URL, _post_data(block))
    counts = Report.objects.count(), Observation.objects.count(), AuditEvent.objects.count()
    sent_at = timezone.localtime(Report.objects.get().submitted_at).strftime("%H:%M")
    # when the same report is sent again with a new client UUID
    data = _post_data(block)
    response = reporter_client.post(URL, data)
    # then the form asks, keeps the UUID, and nothing is written
    body = response.content.decode()
    assert response.status_code == 200
    assert f"Du skickade en nästan likadan rapport kl. {sent_at}. Skicka ändå?" in body
    assert data["client_uuid"] in body
    assert 'name="skicka_anda" value="1"' in body
    assert (Report.objects.count(), Observation.objects.count(), AuditEvent.objects.count()) == (
        counts
    )


def test_confirming_files_it_once(reporter_client):
    block = _block(0)
    reporter_client.post(URL, _post_data(block))
    data = _post_data(block) | {"skicka_anda": "1"}

    first = reporter_client.post(URL, data)
    again = reporter_client.post(URL, data)

    assert first.status_code == again.status_code == 302
    assert Report.objects.count() == 2
    assert Report.objects.filter(client_uuid=data["client_uuid"]).count() == 1


@pytest.mark.parametrize(
    "change",
    [{"category": "anlagd-brand"}, {"address": "Helt annan gata 99"}],
    ids=["category", "place"],
)
def test_another_category_or_place_files_without_asking(reporter_client, change):
    reporter_client.post(URL, _post_data(_block(0)))
    overrides = dict(change)
    if "category" in overrides:
        overrides["category"] = str(_category(overrides["category"]).pk)

    response = reporter_client.post(URL, _post_data(_block(0, **overrides)))

    assert response.status_code == 302
    assert Report.objects.count() == 2


def test_another_reporters_report_never_asks(client, world):
    # given a colleague in the same organisation sent the same report a minute ago
    client.force_login(world.user("coordinator"))
    colleague = _post_data(_block(0))
    client.post(URL, colleague)
    assert Report.objects.filter(client_uuid=colleague["client_uuid"]).exists()
    # when the reporter sends it
    client.force_login(world.user("reporter"))
    response = client.post(URL, _post_data(_block(0)))
    # then it is filed without asking
    assert response.status_code == 302
    assert Report.objects.filter(reporter=world.user("reporter")).count() == 1


def test_a_report_sent_over_an_hour_ago_does_not_ask(reporter_client):
    reporter_client.post(URL, _post_data(_block(0)))
    Report.objects.update(submitted_at=timezone.now() - timedelta(hours=1, minutes=1))

    response = reporter_client.post(URL, _post_data(_block(0)))

    assert response.status_code == 302
    assert Report.objects.count() == 2

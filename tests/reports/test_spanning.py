"""Reporting across municipalities (issue 19): a member of the police area that works in A
and B (its branches A2 and B2) reports into each, under each one's rules; a point in B
is never filed under A; a member of B's branch alone sees nothing of A."""

from __future__ import annotations

import uuid
from datetime import timedelta

import pytest
from django.utils import timezone

from samordna.core.models import AuditEvent, Organisation
from samordna.reports.categories import category_add
from samordna.reports.destinations import ElsewhereError, destinations
from samordna.reports.models import Observation, Report
from samordna.reports.services import report_submit
from tests.api.test_reports_api import observation_body, post, token_client
from tests.reports.factories import category, file_observation, observation_input

URL = "/rapportera/"
# Inside "Hemligområdet Beta" (conftest.SQUARE_B).
POINT_B = (16.55, 59.615)


def _b2() -> Organisation:
    return Organisation.objects.get(slug="beta-polis")


def _state() -> tuple[int, int, int]:
    writes = AuditEvent.objects.exclude(action__startswith="refused.")
    return Report.objects.count(), Observation.objects.count(), writes.count()


def _local_categories(world):
    """One category of A's own and one of B's own (each municipality's rules)."""
    admin_a, admin_b = world.user("admin"), world.user("admin", "other_municipality")
    only_a = category_add(actor=admin_a, municipality=world.a, name="Alfas egen kategori")
    only_b = category_add(actor=admin_b, municipality=world.b, name="Betas egen kategori")
    return only_a, only_b


def _form(municipality_slug: str, category_id: int, **where: str) -> dict[str, str]:
    yesterday = timezone.localdate() - timedelta(days=1)
    block = {
        "category": str(category_id),
        "date": yesterday.isoformat(),
        "time_band": "evening",
        "unsafety": "2",
        "certainty": "observed",
        "reported_to_police": "no",
    } | (where or {"address": "Storgatan 12"})
    return {
        "client_uuid": str(uuid.uuid4()),
        "kommun": municipality_slug,
        "obs-TOTAL_FORMS": "1",
        "obs-INITIAL_FORMS": "0",
    } | {f"obs-0-{name}": value for name, value in block.items()}


@pytest.fixture
def spanning(client, world):
    client.force_login(world.user("reporter", "spanning_both"))
    return client


def test_the_spanning_member_reports_in_exactly_their_two_municipalities(world):
    # given the member of the police area in A and B
    user = world.user("reporter", "spanning_both")
    # then they report in A (for A2) and B (for B2), and nowhere else
    found = {d.municipality.slug: [o.slug for o in d.organisations] for d in destinations(user)}
    assert found == {"alfa": ["alfa-polis"], "beta": ["beta-polis"]}
    # and B's member alone reports in B alone
    only_b = destinations(world.user("coordinator", "spanning_b_only"))
    assert [d.municipality.slug for d in only_b] == ["beta"]


def test_the_form_offers_the_choice_and_draws_the_chosen_municipalitys_rules(spanning, world):
    only_a, only_b = _local_categories(world)
    # when the reporter opens the form, and then chooses B
    in_a = spanning.get(URL).content.decode()
    in_b = spanning.get(URL, {"kommun": "beta"}).content.decode()
    # then both municipalities are offered, A's rules first (where they work now) ...
    assert "Rapporten går till Alfastad" in in_a
    assert 'href="?kommun=beta"' in in_a
    assert only_a.name in in_a
    assert only_b.name not in in_a
    assert world.area_a.name in in_a
    assert world.area_b.name not in in_a
    # ... and B's categories and areas once B is chosen, with nothing of A's
    assert "Rapporten går till Betaby" in in_b
    assert only_b.name in in_b
    assert only_a.name not in in_b
    assert world.area_b.name in in_b
    assert world.area_a.name not in in_b
    assert world.place_a.name not in in_b


def test_the_form_carries_the_other_municipalitys_outline_for_the_hint(spanning, world):
    # when the reporter opens A's form
    body = spanning.get(URL).content.decode()
    # then B's outline is there (named, not its areas), for the page's "the point is in B"
    assert 'id="other-municipalities"' in body
    assert '"slug": "beta"' in body
    assert "data-elsewhere hidden" in body


def test_a_reporter_in_one_municipality_is_offered_no_choice(client, world):
    client.force_login(world.user("reporter"))
    body = client.get(URL).content.decode()
    assert "Rapporten går till" not in body
    assert "?kommun=" not in body
    assert "other-municipalities" not in body


def test_each_report_lands_in_the_chosen_municipality_with_its_categories(spanning, world):
    only_a, only_b = _local_categories(world)
    # when the reporter files one report into A and one into B, each with its own category
    into_a = spanning.post(URL, _form("alfa", only_a.pk))
    into_b = spanning.post(URL, _form("beta", only_b.pk))
    # then each is filed where it was sent, for that municipality's branch
    assert into_a.status_code == into_b.status_code == 302
    reports = Report.objects.filter(reporter=world.user("reporter", "spanning_both"))
    landed = {(r.municipality.slug, r.organisation.slug) for r in reports}
    assert landed == {("alfa", "alfa-polis"), ("beta", "beta-polis")}
    in_b = Observation.objects.get(report__municipality=world.b)
    assert in_b.category == only_b
    assert in_b.organisation == _b2()


def test_a_category_of_the_other_municipality_is_refused_and_nothing_written(spanning, world):
    _only_a, only_b = _local_categories(world)
    before = _state()
    # when B's own category is sent to A
    response = spanning.post(URL, _form("alfa", only_b.pk))
    # then the form comes back with the error, and nothing was written
    assert response.status_code == 200
    assert "Välj vad det gäller." in response.content.decode()
    assert _state() == before


def test_a_point_in_b_sent_to_a_is_refused_naming_b(spanning, world):
    before = _state()
    # when the reporter sends a point that lies in B's area, with A chosen
    data = _form("alfa", _national().pk, longitude=str(POINT_B[0]), latitude=str(POINT_B[1]))
    response = spanning.post(URL, data)
    # then it is refused in plain Swedish, naming B, with an offer to send it there
    body = response.content.decode()
    assert response.status_code == 200
    assert "Punkten ligger i Betaby, inte i Alfastad." in body
    assert 'name="till_kommun" value="beta"' in body
    # and nothing was written
    assert _state() == before


def test_the_offer_moves_what_was_typed_to_b_and_b_files_it(spanning, world):
    data = _form("alfa", _national().pk, longitude=str(POINT_B[0]), latitude=str(POINT_B[1]))
    before = _state()
    # when the reporter accepts the offer
    moved = spanning.post(URL, data | {"till_kommun": "beta"})
    # then B's form comes back with the point kept, and nothing is filed yet
    body = moved.content.decode()
    assert moved.status_code == 200
    assert "Rapporten går till Betaby" in body
    assert 'value="59.615"' in body
    assert 'name="kommun" value="beta"' in body
    assert _state() == before
    # and sent from there, it is filed in B, in B's area
    spanning.post(URL, data | {"kommun": "beta"})
    observation = Observation.objects.get(report__reporter=world.user("reporter", "spanning_both"))
    assert (observation.municipality, observation.area) == (world.b, world.area_b)


def test_the_service_refuses_a_point_in_another_of_the_reporters_municipalities(world):
    before = _state()
    # when the spanning member files a point in B for A's branch, by any channel
    with pytest.raises(ElsewhereError) as refused:
        report_submit(
            actor=world.user("reporter", "spanning_both"),
            organisation=world.a2,
            client_uuid=uuid.uuid4(),
            observations=[observation_input(longitude=POINT_B[0], latitude=POINT_B[1])],
        )
    # then the error names B on the observation's point, and nothing was written
    assert refused.value.message_dict == {
        "observations.1.longitude": [
            "Punkten ligger i Betaby, inte i Alfastad. Skicka rapporten till Betaby i "
            "stället, eller flytta punkten."
        ]
    }
    assert _state() == before


def test_a_reporter_of_a_alone_may_still_file_a_point_outside_as_areas(world):
    # A's reporter reports in no other municipality: nothing to send it to instead.
    observation = file_observation(world, longitude=POINT_B[0], latitude=POINT_B[1])
    assert (observation.municipality, observation.area) == (world.a, None)


def test_a_municipality_that_is_not_the_users_is_not_found(client, world):
    # given B's member alone
    client.force_login(world.user("coordinator", "spanning_b_only"))
    before = _state()
    # then A's form, A's "my reports" and a report sent to A do not exist for them
    assert client.get(URL, {"kommun": "alfa"}).status_code == 404
    assert client.get("/mina-rapporter/", {"kommun": "alfa"}).status_code == 404
    assert client.post(URL, _form("alfa", _national().pk)).status_code == 404
    assert _state() == before


def test_bs_member_alone_sees_nothing_of_a(client, world):
    # given an observation filed in A
    file_observation(world)
    client.force_login(world.user("coordinator", "spanning_b_only"))
    # when B's member opens the form, "my reports" and the API's observations
    pages = [client.get(URL), client.get("/mina-rapporter/?visa=organisationen")]
    api = token_client(world.user("coordinator", "spanning_b_only")).get("/api/v1/observations/")
    # then nothing of A is there
    for page in pages:
        body = page.content.decode()
        assert page.status_code == 200
        assert world.area_a.name not in body
        assert world.place_a.name not in body
        assert "Alfastad" not in body
    assert api.status_code == 200
    assert all(row["municipality"] != "alfa" for row in _rows(api.json()))


def test_my_reports_are_grouped_by_municipality(spanning, world):
    spanning.post(URL, _form("alfa", _national().pk))
    spanning.post(URL, _form("beta", _national().pk, address="Betagatan 1"))
    # when the reporter opens "my reports" in A, then in B
    in_a = spanning.get("/mina-rapporter/").content.decode()
    in_b = spanning.get("/mina-rapporter/", {"kommun": "beta"}).content.decode()
    # then each shows its municipality's reports under its name, with a tab for the other
    assert "Mina rapporter – Alfastad" in in_a
    assert "Storgatan 12" in in_a
    assert "Betagatan 1" not in in_a
    assert 'href="?kommun=beta"' in in_a
    assert "Mina rapporter – Betaby" in in_b
    assert "Betagatan 1" in in_b
    assert "Storgatan 12" not in in_b


def test_the_api_files_into_b_for_the_spanning_member_and_refuses_b1(world):
    client = token_client(world.user("reporter", "spanning_both"))
    point_b = {"longitude": POINT_B[0], "latitude": POINT_B[1]}
    # when they file for B's branch of the police area
    body = {"client_uuid": str(uuid.uuid4()), "organisation": "beta-polis"}
    filed = post(client, "/api/v1/reports/", body | {"observations": [observation_body(**point_b)]})
    # then it lands in B
    assert filed.status_code == 201, filed.json()
    assert Report.objects.get(pk=filed.json()["id"]).municipality == world.b
    before = _state()
    # and B's municipal organisation, where they are no member, is refused
    other = body | {"client_uuid": str(uuid.uuid4()), "organisation": world.b1.slug}
    refused = post(client, "/api/v1/reports/", other | {"observations": [observation_body()]})
    assert refused.status_code == 403
    # as is a point in B sent for A's branch, naming B
    wrong = body | {"client_uuid": str(uuid.uuid4()), "organisation": "alfa-polis"}
    misplaced = post(
        client, "/api/v1/reports/", wrong | {"observations": [observation_body(**point_b)]}
    )
    assert misplaced.status_code == 400
    assert "Betaby" in str(misplaced.json())
    assert _state() == before


def test_the_switcher_groups_memberships_by_municipality(spanning):
    body = spanning.get("/mina-rapporter/").content.decode()
    assert '<optgroup label="Alfastad">' in body
    assert '<optgroup label="Betaby">' in body


def _national():
    return category()


def _rows(body):
    return body["results"] if isinstance(body, dict) else body

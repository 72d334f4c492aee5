"""The review queue on the web: list and filter, one observation's actions, bulk actions."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from samordna.core.models import AuditEvent
from samordna.problems.models import LinkVia, ProblemObservation
from samordna.reports import views_review
from samordna.reports.models import Observation
from samordna.reports.review import observation_mark_reviewed
from tests.interventions.factories import make_intervention
from tests.permissions import database_state
from tests.problems.factories import make_problem
from tests.reports.factories import SECRET_TEXT, category, file_observation

Status = Observation.Status
QUEUE = "/granskning/"
# Inside SQUARE_B (area_b), for observations of municipality B.
POINT_B = {"longitude": 16.55, "latitude": 59.615, "address": "Betagatan 1", "free_text": "B"}


@pytest.fixture
def coordinator(client, world):
    client.force_login(world.user("coordinator"))
    return client


def _local(moment) -> str:
    return timezone.localtime(moment).strftime("%Y-%m-%dT%H:%M")


def _correction(observation, **overrides) -> dict:
    """What the correction form posts when nothing is touched, plus `overrides`."""
    values = {
        "category": observation.category_id,
        "area": observation.area_id or "",
        "occurred_from": _local(observation.occurred_from),
        "occurred_to": "",
        "time_band": observation.time_band,
    }
    return values | overrides


def _statuses(*observations) -> list[str]:
    return [Observation.objects.get(pk=o.pk).status for o in observations]


# --- the list --------------------------------------------------------------------------


def test_the_queue_shows_new_observations_newest_first_with_counts(coordinator, world):
    # given two new observations and one already reviewed
    older = file_observation(world, free_text="Den äldre")
    newer = file_observation(world, organisation=world.a2, free_text="Den nyare")
    done = file_observation(world, free_text="Redan granskad")
    observation_mark_reviewed(actor=world.user("coordinator"), observation=done)
    # when the coordinator opens the queue
    response = coordinator.get(QUEUE)
    # then the new ones are listed, newest first, and the counts say what is where
    body = response.content.decode()
    assert response.status_code == 200
    assert body.index("Den nyare") < body.index("Den äldre")
    assert "Redan granskad" not in body
    assert "2 iakttagelser, nyast först" in body
    counts = {c["label"]: c["count"] for c in response.context["counts"]}
    assert counts == {
        "Alla": 3,
        "Inskickad": 2,
        "Granskad": 1,
        "Med i fastställd lägesbild": 0,
        "Kopplad till problem/insats": 0,
        "Avslutad": 0,
    }
    assert "Markera alla 2 som granskade" in body
    assert f'/granskning/{newer.pk}/?status=submitted"' in body
    assert f'/granskning/{older.pk}/?status=submitted"' in body
    assert "Alfa polis" in body


def test_an_empty_queue_says_there_is_nothing_new(coordinator, world):
    response = coordinator.get(QUEUE)

    assert "Inga nya rapporter att granska." in response.content.decode()


def test_the_filter_narrows_the_list_and_keeps_the_query_in_every_link(coordinator, world):
    fire = file_observation(world, category=category("anlagd-brand"), free_text="Brand")
    file_observation(world, free_text="Klotter")

    response = coordinator.get(QUEUE, {"category": "anlagd-brand", "status": "submitted"})

    body = response.content.decode()
    assert "Brand" in body
    assert "Klotter" not in body
    assert f"/granskning/{fire.pk}/?category=anlagd-brand&amp;status=submitted" in body
    assert "Inga iakttagelser matchar filtret" not in body


def test_all_statuses_are_one_choice_away(coordinator, world):
    done = file_observation(world, free_text="Redan granskad")
    observation_mark_reviewed(actor=world.user("coordinator"), observation=done)

    response = coordinator.get(QUEUE, {"status": ""})

    assert "Redan granskad" in response.content.decode()


def test_an_invalid_filter_shows_the_error_and_no_rows(coordinator, world):
    file_observation(world)

    response = coordinator.get(QUEUE, {"week": "vecka 47"})

    body = response.content.decode()
    assert "Ange veckan som år-W-vecka" in body
    assert SECRET_TEXT not in body
    assert "Markera alla" not in body


def test_the_queue_shows_only_the_current_municipality(coordinator, world):
    file_observation(world, organisation=world.b1, **POINT_B)

    response = coordinator.get(QUEUE, {"status": ""})

    assert "Betagatan" not in response.content.decode()
    assert response.context["page"].paginator.count == 0


def test_the_list_reads_a_fixed_number_of_queries(
    coordinator, world, django_assert_max_num_queries
):
    for _ in range(12):
        file_observation(world)

    with django_assert_max_num_queries(20):
        response = coordinator.get(QUEUE)

    assert response.context["page"].paginator.count == 12


def test_the_menu_offers_the_queue_to_reviewers_only(client, world):
    client.force_login(world.user("coordinator"))
    assert 'href="/granskning/"' in client.get("/").content.decode()
    client.force_login(world.user("analyst"))
    assert 'href="/granskning/"' not in client.get("/").content.decode()


# --- one observation --------------------------------------------------------------------


def test_the_detail_shows_the_observation_and_its_duplicate_candidates(coordinator, world):
    # given two reports of the same graffiti, an hour and about 11 m apart
    original = file_observation(world)
    copy = file_observation(
        world,
        occurred_from=original.occurred_from + timedelta(hours=1),
        latitude=59.2751,
        free_text="Samma klotter igen",
    )
    # when the coordinator opens the copy
    response = coordinator.get(f"/granskning/{copy.pk}/", {"status": "submitted"})
    # then everything reported is there, and the original is suggested with how far apart
    body = response.content.decode()
    assert "Samma klotter igen" in body
    assert "Hemlighetsgången 3" in body
    [candidate] = response.context["candidates"]
    assert candidate["o"] == original
    assert candidate["metres"] == 11
    assert candidate["apart"] == "1 tim 0 min"
    assert "Markera som dubblett av denna" in body
    assert 'href="/granskning/?status=submitted"' in body


def test_a_correction_saves_only_what_changed_and_returns_with_the_query(coordinator, world):
    observation = file_observation(world)
    url = f"/granskning/{observation.pk}/ratta/?category=skadegorelse-klotter"

    response = coordinator.post(
        url, _correction(observation, category=category("anlagd-brand").pk, time_band="night")
    )

    assert response.status_code == 302
    assert response["Location"] == f"/granskning/{observation.pk}/?category=skadegorelse-klotter"
    observation.refresh_from_db()
    assert observation.category.code == "anlagd-brand"
    assert observation.time_band == "night"
    changes = AuditEvent.objects.get(action="observation.correct").changes
    assert set(changes) == {"category", "time_band"}


def test_an_untouched_correction_form_changes_nothing(coordinator, world):
    observation = file_observation(world)
    before = database_state()

    response = coordinator.post(f"/granskning/{observation.pk}/ratta/", _correction(observation))

    assert response.status_code == 302
    assert database_state() == before


@pytest.mark.parametrize(
    ("change", "field", "message"),
    [
        ({"occurred_from": "i går kväll"}, "occurred_from", "Ange datum och tid som"),
        ({"category": ""}, "category", "Välj en kategori."),
        ({"area": ""}, "area", "Området kan bytas men inte tas bort."),
        ({"time_band": "lunch"}, "time_band", "Välj ett giltigt alternativ"),
    ],
)
def test_an_invalid_correction_changes_nothing_and_says_why(
    coordinator, world, change, field, message
):
    observation = file_observation(world)
    before = database_state()

    response = coordinator.post(
        f"/granskning/{observation.pk}/ratta/", _correction(observation, **change)
    )

    assert response.status_code == 200
    assert message in " ".join(response.context["correction"].errors[field])
    assert "Ingenting är ändrat" in response.content.decode()
    assert database_state() == before


def test_the_services_errors_are_shown_next_to_the_field(coordinator, world):
    # given a correction into the future, which only the review service refuses
    observation = file_observation(world)
    before = database_state()
    future = _local(timezone.now() + timedelta(days=2))

    response = coordinator.post(
        f"/granskning/{observation.pk}/ratta/", _correction(observation, occurred_from=future)
    )

    assert response.context["correction"].errors["occurred_from"] == ["Tiden ligger i framtiden."]
    assert 'id="id_occurred_from_error"' in response.content.decode()
    assert database_state() == before


def test_a_rejection_needs_a_reason(coordinator, world):
    observation = file_observation(world)
    before = database_state()

    response = coordinator.post(f"/granskning/{observation.pk}/avvisa/", {"reason": "  "})

    assert response.context["reject"].errors["reason"] == ["Skriv varför iakttagelsen avvisas."]
    assert database_state() == before


def test_a_reason_with_personal_data_is_refused(coordinator, world):
    observation = file_observation(world)
    before = database_state()

    response = coordinator.post(
        f"/granskning/{observation.pk}/avvisa/", {"reason": "Ring 070-123 45 67."}
    )

    assert "reason" in response.context["reject"].errors
    assert database_state() == before


def test_a_rejection_closes_the_observation_and_returns_to_the_list(coordinator, world):
    observation = file_observation(world)

    response = coordinator.post(
        f"/granskning/{observation.pk}/avvisa/?status=submitted", {"reason": "Utanför kommunen."}
    )

    assert response["Location"] == "/granskning/?status=submitted"
    observation.refresh_from_db()
    assert (observation.status, observation.closed_reason) == (Status.CLOSED, "Utanför kommunen.")
    [message] = [str(m) for m in response.wsgi_request._messages]
    assert message == f"Iakttagelse {observation.pk} är avvisad."


def test_a_duplicate_is_marked_against_a_suggested_original(coordinator, world):
    original = file_observation(world)
    copy = file_observation(world, occurred_from=original.occurred_from + timedelta(hours=1))

    response = coordinator.post(f"/granskning/{copy.pk}/dubblett/", {"of": original.pk})

    assert response.status_code == 302
    copy.refresh_from_db()
    assert (copy.status, copy.duplicate_of_id) == (Status.CLOSED, original.pk)


def test_only_a_suggested_original_can_be_chosen(coordinator, world):
    # given an observation of the same municipality that is far from the copy
    far = file_observation(world, longitude=15.2199, latitude=59.2799)
    copy = file_observation(world)
    before = database_state()

    response = coordinator.post(f"/granskning/{copy.pk}/dubblett/", {"of": far.pk})

    assert response.status_code == 200
    assert "Välj en av de föreslagna" in response.content.decode()
    assert database_state() == before


def test_mark_reviewed_from_the_list_returns_to_the_same_page(coordinator, world):
    observation = file_observation(world)

    response = coordinator.post(
        f"/granskning/{observation.pk}/granskad/?status=submitted&page=2", {"back": "queue"}
    )

    assert response["Location"] == "/granskning/?status=submitted&page=2"
    assert _statuses(observation) == [Status.REVIEWED]


def test_mark_reviewed_twice_says_why_and_changes_nothing(coordinator, world):
    observation = file_observation(world)
    observation_mark_reviewed(actor=world.user("coordinator"), observation=observation)
    before = database_state()

    response = coordinator.post(f"/granskning/{observation.pk}/granskad/", follow=True)

    assert "Bara inskickade iakttagelser kan markeras" in response.content.decode()
    assert database_state() == before


# --- bulk --------------------------------------------------------------------------------


@pytest.fixture
def mixed(world):
    """Graffiti and fires of A, new and reviewed, and graffiti of B."""
    graffiti = [file_observation(world, free_text=f"Klotter {n}") for n in range(5)]
    fires = [file_observation(world, category=category("anlagd-brand")) for _ in range(2)]
    reviewed = file_observation(world)
    observation_mark_reviewed(actor=world.user("coordinator"), observation=reviewed)
    of_b = file_observation(world, organisation=world.b1, **POINT_B)
    return {"graffiti": graffiti, "fires": fires, "reviewed": reviewed, "of_b": of_b}


BULK = "/granskning/alla/?category=skadegorelse-klotter&status=submitted"


def test_the_confirmation_names_the_count_and_the_filter_and_changes_nothing(
    coordinator, world, mixed
):
    before = database_state()

    response = coordinator.post(BULK, {"action": "reviewed"})

    body = response.content.decode()
    assert "Markera 5 iakttagelser som granskade?" in body
    assert response.context["filter_words"] == [
        ("Kategori", "Skadegörelse och klotter"),
        ("Status", "Inskickad"),
    ]
    assert 'name="expected" value="5"' in body
    assert "Markera alla 5 som granskade" in body
    assert database_state() == before


def test_bulk_reviewed_changes_exactly_the_filtered_rows_on_every_page(
    coordinator, world, mixed, monkeypatch
):
    # given a list of more rows than fit on a page
    monkeypatch.setattr(views_review, "PAGE_SIZE", 2)
    assert coordinator.get(BULK.replace("alla/", "")).context["page"].paginator.num_pages == 3
    # when the coordinator confirms the bulk action for the filter
    response = coordinator.post(
        BULK, {"action": "reviewed", "expected": "5", "confirmed": "1"}, follow=True
    )
    # then exactly the five filtered rows changed, and nothing else
    assert _statuses(*mixed["graffiti"]) == [Status.REVIEWED] * 5
    assert _statuses(*mixed["fires"], mixed["of_b"]) == [Status.SUBMITTED] * 3
    assert AuditEvent.objects.filter(action="observation.review").count() == 5 + 1
    assert "5 iakttagelser markerade som granskade." in response.content.decode()
    assert response.redirect_chain[-1][0] == BULK.replace("alla/", "")


def test_bulk_reject_gives_every_filtered_row_the_reason(coordinator, world, mixed):
    data = {"action": "reject", "expected": "2", "confirmed": "1", "reason": "Fel kommun."}

    coordinator.post("/granskning/alla/?category=anlagd-brand", data)

    fires = Observation.objects.filter(pk__in=[o.pk for o in mixed["fires"]])
    assert {(o.status, o.closed_reason) for o in fires} == {(Status.CLOSED, "Fel kommun.")}
    assert _statuses(*mixed["graffiti"]) == [Status.SUBMITTED] * 5


def test_bulk_reject_without_a_reason_changes_nothing(coordinator, world, mixed):
    before = database_state()

    response = coordinator.post(
        BULK, {"action": "reject", "expected": "5", "confirmed": "1", "reason": ""}
    )

    assert response.context["form"].errors["reason"] == ["Skriv varför iakttagelserna avvisas."]
    assert database_state() == before


def test_bulk_asks_again_when_the_filter_matches_another_count(coordinator, world, mixed):
    # given a new observation that arrived after the coordinator saw "5"
    file_observation(world)
    before = database_state()

    response = coordinator.post(BULK, {"action": "reviewed", "expected": "5", "confirmed": "1"})

    assert response.status_code == 200
    assert response.context["count"] == 6
    assert "Listan har ändrats sedan du tittade" in response.content.decode()
    assert database_state() == before


def test_bulk_with_rows_that_cannot_take_the_action_changes_nothing(coordinator, world, mixed):
    # every status: the reviewed row cannot be marked reviewed again
    before = database_state()

    response = coordinator.post(
        "/granskning/alla/?status=", {"action": "reviewed", "expected": "8", "confirmed": "1"}
    )

    assert "kan inte ändras" in response.content.decode()
    assert database_state() == before


@pytest.mark.parametrize(
    "path", ["/granskning/alla/?week=vecka", "/granskning/alla/?since=2026-13-45"]
)
def test_bulk_with_an_invalid_filter_changes_nothing(coordinator, world, mixed, path):
    before = database_state()

    response = coordinator.post(path, {"action": "reviewed", "expected": "8", "confirmed": "1"})

    assert response.status_code == 302
    assert database_state() == before


def test_bulk_with_an_unknown_action_changes_nothing(coordinator, world, mixed):
    before = database_state()

    response = coordinator.post(BULK, {"action": "delete", "expected": "5", "confirmed": "1"})

    assert response.status_code == 302
    assert database_state() == before


# --- who may ------------------------------------------------------------------------------


@pytest.mark.parametrize("role", ["reporter", "analyst", "partner", "management"])
def test_members_who_may_not_review_get_403_on_the_queue(client, world, role):
    file_observation(world)
    client.force_login(world.user(role))

    assert client.get(QUEUE).status_code == 403


def test_a_reviewer_of_another_municipality_gets_404_and_changes_nothing(client, world):
    observation = file_observation(world)
    client.force_login(world.user("coordinator", "other_municipality"))
    before = database_state()

    assert client.get(f"/granskning/{observation.pk}/").status_code == 404
    response = client.post(f"/granskning/{observation.pk}/avvisa/", {"reason": "Nej."})

    assert response.status_code == 404
    assert database_state() == before


def test_an_analyst_who_sees_the_observation_gets_403_and_changes_nothing(client, world):
    observation = file_observation(world)
    client.force_login(world.user("analyst"))
    before = database_state()

    response = client.post(f"/granskning/{observation.pk}/granskad/")

    assert response.status_code == 403
    assert SECRET_TEXT not in response.content.decode()
    assert database_state() == before


def test_a_bulk_action_of_another_municipality_never_touches_a(client, world, mixed):
    client.force_login(world.user("coordinator", "other_municipality"))

    client.post(
        "/granskning/alla/?status=submitted",
        {"action": "reviewed", "expected": "1", "confirmed": "1"},
    )

    assert _statuses(mixed["of_b"]) == [Status.REVIEWED]
    assert _statuses(*mixed["graffiti"], *mixed["fires"]) == [Status.SUBMITTED] * 7


def test_an_observation_linked_by_a_rule_or_to_an_intervention_counts_as_linked(coordinator, world):
    # given one observation a problem's rule links, one a meeting's intervention rests on,
    # and one linked to nothing, all still new in review
    by_rule = file_observation(world, free_text="Enligt regeln")
    other = category("anlagd-brand")
    by_intervention = file_observation(world, category=other, free_text="Genom insatsen")
    file_observation(world, category=other, free_text="Okopplad")
    make_problem(world, rule=True)
    assert ProblemObservation.objects.filter(observation=by_rule, via=LinkVia.RULE).exists()
    make_intervention(world).observations.add(by_intervention)
    # when the coordinator opens the queue, then the linked tab
    counts = {c["label"]: c["count"] for c in coordinator.get(QUEUE).context["counts"]}
    linked = coordinator.get(QUEUE, {"status": "linked"})
    # then both are counted and listed as linked, and "all" counts each row once
    assert counts["Kopplad till problem/insats"] == 2
    assert counts["Inskickad"] == 3
    assert counts["Alla"] == 3
    assert {o.pk for o in linked.context["page"].object_list} == {
        by_rule.pk,
        by_intervention.pk,
    }

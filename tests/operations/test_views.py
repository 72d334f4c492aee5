"""The operator's pages: the list, a new municipality, areas with a preview,
organisations (also as branches), the first admin's invitation and deactivation."""

from __future__ import annotations

import json

import pytest
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile

from samordna.core.models import (
    Area,
    AuditEvent,
    Municipality,
    Organisation,
    ParentOrganisation,
    User,
)
from tests.operations.endpoints import KUMLA_AREAS
from tests.permissions import sign_in


@pytest.fixture
def operator_client(client, world):
    sign_in(client, world.user("operator", "platform"))
    return client


@pytest.fixture
def kumla(world):
    from samordna.operations.services import municipality_add

    return municipality_add(actor=None, name="Kumla", code="1881", slug="kumla")


def _upload(client, municipality, content, name="omraden.geojson"):
    data = content if isinstance(content, bytes) else json.dumps(content).encode()
    upload = SimpleUploadedFile(name, data)
    return client.post(
        f"/drift/kommuner/{municipality.pk}/omraden/",
        {"file": upload, "kind": "est", "name_field": "name"},
    )


def test_the_list_shows_each_municipality_with_counts_not_content(operator_client, world):
    # when
    response = operator_client.get("/drift/")

    # then
    body = response.content.decode()
    assert response.status_code == 200
    assert "Alfastad" in body
    assert "Betaby" in body
    assert "9901" in body
    assert world.area_a.name not in body
    rows = {m.code: m for m in response.context["page"]}
    assert rows["9901"].area_count == 1
    # A's members in force: one per role in A1 and A2, and the police area's reporter.
    assert rows["9901"].active_users == 2 * 9 + 1


def test_the_operators_menu_links_the_municipalities(operator_client):
    body = operator_client.get("/").content.decode()
    assert 'href="/drift/"' in body


def test_a_member_gets_no_operator_link(client, world):
    client.force_login(world.user("admin"))
    assert 'href="/drift/"' not in client.get("/").content.decode()


def test_creating_a_municipality_takes_the_name_from_the_code(operator_client, world):
    # when
    response = operator_client.post("/drift/kommuner/ny/", {"code": "1881"})

    # then
    kumla = Municipality.objects.get(code="1881")
    assert response.status_code == 302
    assert response["Location"] == f"/drift/kommuner/{kumla.pk}/"
    assert (kumla.name, kumla.slug) == ("Kumla", "kumla")
    event = AuditEvent.objects.get(action="municipality.create", target_id=str(kumla.pk))
    assert event.actor == world.user("operator", "platform")


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"code": "1899"}, "1899 är ingen svensk kommunkod"),
        ({"code": "1881", "name": "Örebro"}, "Kommun 1881 heter Kumla, inte Örebro."),
        ({"code": "1881", "slug": "alfa"}, "Kortnamnet alfa används redan"),
        ({"code": ""}, "Ange kommunkoden."),
    ],
)
def test_a_bad_municipality_is_refused_at_its_field(operator_client, world, data, message):
    # given
    before = (Municipality.objects.count(), AuditEvent.objects.count())

    # when
    response = operator_client.post("/drift/kommuner/ny/", data)

    # then
    assert response.status_code == 400
    form = response.context["form"]
    assert message in " ".join(str(e) for errors in form.errors.values() for e in errors)
    assert message in response.content.decode()
    assert (Municipality.objects.count(), AuditEvent.objects.count()) == before


def test_areas_are_previewed_then_written_on_confirm(operator_client, kumla):
    # when: uploaded
    response = _upload(operator_client, kumla, KUMLA_AREAS.read_bytes())

    # then: a preview, nothing written
    assert response.status_code == 302
    preview = operator_client.get(response["Location"])
    body = preview.content.decode()
    assert "Kumla centrum" in body
    assert "Kumla norra" in body
    assert "2 områden: 2 nya" in body
    assert not Area.objects.filter(municipality=kumla).exists()

    # when: confirmed
    done = operator_client.post(response["Location"], {"action": "confirm"})

    # then
    assert done.status_code == 302
    names = set(Area.objects.filter(municipality=kumla).values_list("name", flat=True))
    assert names == {"Kumla centrum", "Kumla norra"}
    assert AuditEvent.objects.filter(action="area.create", municipality=kumla).count() == 2
    assert "2 områden" in operator_client.get(f"/drift/kommuner/{kumla.pk}/").content.decode()


def test_a_file_with_errors_shows_every_problem_and_writes_nothing(operator_client, kumla):
    # given: two features, one without a name and one without a geometry
    collection = json.loads(KUMLA_AREAS.read_text())
    collection["features"][0]["properties"] = {}
    collection["features"][1]["geometry"] = None
    before = AuditEvent.objects.count()

    # when
    response = _upload(operator_client, kumla, collection)
    preview = operator_client.get(response["Location"])
    confirm = operator_client.post(response["Location"], {"action": "confirm"})

    # then
    body = preview.content.decode()
    assert "Filen har 2 fel. Inget sparas." in body
    assert "Objekt 1: Egenskapen &#x27;name&#x27; saknas eller är tom." in body
    assert "Objekt 2 (Kumla norra): Geometri saknas." in body
    assert "Spara områdena" not in body
    assert confirm.status_code == 200
    assert not Area.objects.filter(municipality=kumla).exists()
    assert AuditEvent.objects.count() == before


def test_a_file_that_is_not_json_is_refused(operator_client, kumla):
    response = _upload(operator_client, kumla, b"{inte json")
    body = operator_client.get(response["Location"]).content.decode()
    assert "Filen är inte giltig JSON (rad 1, kolumn 2)." in body


def test_a_wrong_file_type_is_refused_at_the_field(operator_client, kumla):
    response = _upload(operator_client, kumla, b"a;b", name="omraden.csv")
    assert response.status_code == 400
    assert "Välj en fil som slutar på .geojson eller .json." in response.content.decode()


def test_another_municipalitys_upload_is_not_found(operator_client, kumla, world):
    response = _upload(operator_client, kumla, KUMLA_AREAS.read_bytes())
    token = response["Location"].rstrip("/").rsplit("/", 1)[1]
    other = operator_client.post(
        f"/drift/kommuner/{world.b.pk}/omraden/{token}/", {"action": "confirm"}
    )
    assert other.status_code == 404
    assert not Area.objects.filter(municipality__in=[kumla, world.b], name="Kumla centrum")


def test_an_organisation_as_a_new_branch_and_one_of_an_existing_parent(operator_client, kumla):
    # when: the police area, new, then the municipality's own department
    operator_client.post(
        f"/drift/kommuner/{kumla.pk}/organisationer/",
        {
            "org-name": "Lokalpolisområde Kumla-Hallsberg",
            "org-kind": "police",
            "org-new_parent": "on",
        },
    )
    parent = ParentOrganisation.objects.get(name="Lokalpolisområde Kumla-Hallsberg")
    operator_client.post(
        f"/drift/kommuner/{kumla.pk}/organisationer/",
        {"org-name": "Kommunstyrelseförvaltningen", "org-kind": "municipal"},
    )

    # then
    police = Organisation.objects.get(municipality=kumla, kind="police")
    assert police.parent == parent
    assert Organisation.objects.get(municipality=kumla, kind="municipal").parent is None
    assert AuditEvent.objects.filter(action="parent_organisation.create").count() == 1
    assert AuditEvent.objects.filter(action="organisation.create", municipality=kumla).count() == 2


def test_a_branch_of_an_existing_parent_spans_municipalities(operator_client, kumla, world):
    # given: the police area that works in A and B
    parent = world.a2.parent

    # when
    operator_client.post(
        f"/drift/kommuner/{kumla.pk}/organisationer/",
        {"org-name": "Kumla polis", "org-kind": "police", "org-parent": parent.pk},
    )

    # then
    assert set(parent.branches.values_list("municipality__code", flat=True)) == {
        "9901",
        "9902",
        "1881",
    }


def test_both_a_parent_and_a_new_one_is_refused(operator_client, kumla, world):
    before = Organisation.objects.count(), ParentOrganisation.objects.count()
    response = operator_client.post(
        f"/drift/kommuner/{kumla.pk}/organisationer/",
        {
            "org-name": "Kumla polis",
            "org-kind": "police",
            "org-parent": world.a2.parent.pk,
            "org-new_parent": "on",
        },
    )
    assert response.status_code == 400
    assert "inte båda" in response.content.decode()
    assert (Organisation.objects.count(), ParentOrganisation.objects.count()) == before


def test_the_first_admin_is_invited_by_mail(
    operator_client, kumla, world, django_capture_on_commit_callbacks
):
    # given
    from samordna.core.services import organisation_add

    office = organisation_add(
        actor=None, municipality=kumla, name="Kommunkansliet", kind="municipal"
    )

    # when
    with django_capture_on_commit_callbacks(execute=True):
        response = operator_client.post(
            f"/drift/kommuner/{kumla.pk}/administrator/",
            {
                "admin-username": "kumla-admin",
                "admin-email": "kumla-admin@example.invalid",
                "admin-organisation": office.pk,
            },
        )

    # then
    assert response.status_code == 302
    admin = User.objects.get(username="kumla-admin")
    membership = admin.memberships.get()
    assert (membership.municipality, membership.role) == (kumla, "admin")
    assert not admin.has_usable_password()
    assert [m.to for m in mail.outbox] == [["kumla-admin@example.invalid"]]
    assert "/konto/losenord/aterstall/" in mail.outbox[0].body
    operator_client.get(f"/drift/kommuner/{kumla.pk}/")  # shows the message, once
    page = operator_client.get(f"/drift/kommuner/{kumla.pk}/").content.decode()
    assert "1 inbjuden, 0 har loggat in" in page
    assert "kumla-admin" not in page  # the page counts admins; it names nobody


def test_an_admin_cannot_be_invited_into_another_municipalitys_organisation(
    operator_client, kumla, world
):
    before = User.objects.count(), AuditEvent.objects.count()
    response = operator_client.post(
        f"/drift/kommuner/{kumla.pk}/administrator/",
        {
            "admin-username": "kumla-admin",
            "admin-email": "kumla-admin@example.invalid",
            "admin-organisation": world.a1.pk,
        },
    )
    assert response.status_code == 400
    assert (User.objects.count(), AuditEvent.objects.count()) == before
    assert mail.outbox == []


def test_deactivation_asks_for_a_reason_first(operator_client, world):
    # when: the confirm page, then a post without a reason
    page = operator_client.get(f"/drift/kommuner/{world.a.pk}/aktiv/")
    refused = operator_client.post(f"/drift/kommuner/{world.a.pk}/aktiv/", {"reason": ""})

    # then
    assert "Inaktivera Alfastad?" in page.content.decode()
    assert refused.status_code == 400
    assert "Ange varför." in refused.content.decode()
    world.a.refresh_from_db()
    assert world.a.is_active


def test_the_list_takes_the_same_queries_for_more_municipalities(operator_client, world):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from samordna.operations.services import municipality_add

    # given: the list with two municipalities
    with CaptureQueriesContext(connection) as two:
        operator_client.get("/drift/")

    # when: five more
    for code in ("1881", "1814", "1882", "1883", "1884"):
        municipality_add(actor=None, name="", code=code, slug="")
    with CaptureQueriesContext(connection) as seven:
        response = operator_client.get("/drift/")

    # then
    assert response.context["page"].paginator.count == 7
    assert len(seven.captured_queries) == len(two.captured_queries)


def test_the_new_municipality_form_offers_the_municipalities_not_yet_added(operator_client, kumla):
    body = operator_client.get("/drift/kommuner/ny/").content.decode()
    assert '<option value="1814">Lekeberg, Örebro län</option>' in body
    assert 'value="1881"' not in body  # Kumla is added already
    assert 'list="kommunkoder"' in body


def test_areas_in_sweref_are_read_when_the_operator_says_so(operator_client, kumla):
    # given: the two areas in SWEREF 99 TM, with no crs member
    from samordna.core.geo import to_sweref

    collection = json.loads(KUMLA_AREAS.read_text())
    for feature in collection["features"]:
        ring = feature["geometry"]["coordinates"][0]
        x, y = to_sweref([p[0] for p in ring], [p[1] for p in ring])
        feature["geometry"]["coordinates"] = [
            [[float(a), float(b)] for a, b in zip(x, y, strict=True)]
        ]
    upload = SimpleUploadedFile("sweref.geojson", json.dumps(collection).encode())

    # when
    response = operator_client.post(
        f"/drift/kommuner/{kumla.pk}/omraden/",
        {"file": upload, "kind": "est", "name_field": "name", "crs": "EPSG:3006"},
    )
    operator_client.post(response["Location"], {"action": "confirm"})

    # then: the same places as the WGS84 file
    centre = Area.objects.get(municipality=kumla, name="Kumla centrum")
    assert centre.geometry["coordinates"][0][0] == pytest.approx([15.13, 59.12], abs=1e-6)


def test_the_chosen_coordinate_system_is_the_one_used(operator_client, kumla):
    # when: a WGS84 file said to be in SWEREF 99 TM
    upload = SimpleUploadedFile("omraden.geojson", KUMLA_AREAS.read_bytes())
    response = operator_client.post(
        f"/drift/kommuner/{kumla.pk}/omraden/",
        {"file": upload, "kind": "est", "name_field": "name", "crs": "EPSG:3006"},
    )

    # then: read as metres, it lies outside Sweden, and nothing can be saved
    body = operator_client.get(response["Location"]).content.decode()
    assert "Geometrin ligger utanför Sverige" in body
    assert "Spara områdena" not in body

"""A municipality's categories: add, rename, retire, restore and delete, each for that
municipality alone; what reporters then choose from (form, intake, import); the page."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from samordna.core.models import AuditEvent
from samordna.reports.categories import (
    categories_for,
    category_add,
    category_delete,
    category_rename,
    category_restore,
    category_retire,
    walk,
)
from samordna.reports.forms import Choices
from samordna.reports.imports import detect_mapping, reports_import
from samordna.reports.intake import check_observation
from samordna.reports.models import Category, CategorySetting
from samordna.tabular.problems import ImportRefused
from samordna.tabular.readers import read_table
from tests.permissions import database_state
from tests.reports.factories import category, file_observation, observation_input

URL = "/kategorier/"
RETIRED = "Kategorin används inte längre i den här kommunen."


def _names(municipality) -> dict[str, str]:
    """Code -> the name the municipality's reporters see, for every choosable category."""
    return {n.category.code: n.name for n in walk(categories_for(municipality))}


def _form_options(world, municipality, role="coordinator", relation="own_org") -> list[str]:
    choices = Choices(world.user(role, relation), municipality)
    names = []
    for value, label in choices.category_choices:
        names += [str(c[1]) for c in label] if isinstance(label, list) else [str(label)]
        names.append(str(value))
    return names


def _coordinator(world, relation="own_org"):
    return world.user("coordinator", relation)


def _add(world, name="Nattvandring", parent=None, municipality=None):
    return category_add(
        actor=_coordinator(world)
        if municipality is None
        else _coordinator(world, "other_municipality"),
        municipality=municipality or world.a,
        name=name,
        parent=parent,
    )


def _import(world, text):
    table = read_table("rader.csv", text.encode())
    return reports_import(
        actor=world.user("reporter"),
        organisation=world.a1,
        rows=table.rows,
        mapping=detect_mapping(table.columns, ""),
    )


# --- add ----------------------------------------------------------------------------------


def test_a_local_category_gets_a_code_from_its_name_and_is_audited(world):
    added = _add(world, "Nattvandring i centrum")

    assert (added.municipality, added.code, added.parent) == (
        world.a,
        "nattvandring-i-centrum",
        None,
    )
    event = AuditEvent.objects.get(action="category.add")
    assert (event.target_id, event.municipality, event.actor) == (
        str(added.pk),
        world.a,
        _coordinator(world),
    )
    assert _names(world.a)["nattvandring-i-centrum"] == "Nattvandring i centrum"
    assert "nattvandring-i-centrum" not in _names(world.b)


def test_a_derived_code_never_takes_a_national_code_or_the_municipalitys_own(world):
    # "Vald" is not the national "Våld" by name, but its slug is the national code "vald".
    first = _add(world, "Vald")
    second = _add(world, "Vald!")

    assert (first.code, second.code) == ("vald-2", "vald-3")
    # Another municipality may use the same code for its own.
    assert _add(world, "Vald", municipality=world.b).code == "vald-2"


def test_a_local_subcategory_makes_a_national_leaf_a_group_only_in_its_municipality(world):
    fire = category("anlagd-brand")
    child = _add(world, "Containerbrand", parent=fire)

    assert child.is_positive is False
    assert child.parent == fire
    [node] = [n for n in categories_for(world.a) if n.category == fire]
    assert node.is_group
    assert [c.name for c in node.children] == ["Containerbrand"]
    # In A the national category is now a group: a reporter picks the subcategory.
    problems = check_observation(observation_input(category=fire), world.a)
    assert problems == {"category": "Välj en underkategori till ”Anlagd brand”."}
    assert check_observation(observation_input(category=child), world.a) == {}
    # In B nothing changed: still a leaf to choose, and A's own category is unknown there.
    assert fire.pk in Choices(_coordinator(world, "other_municipality"), world.b).categories
    assert check_observation(observation_input(category=fire), world.b) == {}
    refused = check_observation(observation_input(category=child), world.b)
    assert refused == {"category": "Kategorin finns inte i den här kommunen."}


def test_a_local_subcategory_is_shown_in_the_report_form_under_its_parent(world):
    _add(world, "Elsparkcyklar", parent=category("fordon"))

    choices = Choices(world.user("reporter"), world.a)
    groups = {
        label: options for label, options in choices.category_choices if isinstance(options, list)
    }
    assert [str(name) for _, name in groups["Fordon"]] == [
        "Mopeder", "Otillåten körning", "Övergivna fordon", "Elsparkcyklar"
    ]  # fmt: skip


@pytest.mark.parametrize(
    ("name", "parent_code", "field"),
    [
        ("", None, "name"),
        ("   ", None, "name"),
        ("x" * 121, None, "name"),
        ("anlagd BRAND", None, "name"),  # a name in use, in any case
        ("Under en underkategori", "fordon-mopeder", "parent"),
    ],
)
def test_a_bad_name_or_parent_adds_nothing(world, name, parent_code, field):
    before = database_state()

    with pytest.raises(ValidationError) as raised:
        _add(world, name, parent=category(parent_code) if parent_code else None)

    assert field in raised.value.message_dict
    assert database_state() == before


def test_another_municipalitys_category_is_no_parent(world):
    theirs = _add(world, "Betas egen", municipality=world.b)
    before = database_state()

    with pytest.raises(ValidationError, match="finns inte i den här kommunen"):
        _add(world, "Under deras", parent=theirs)
    assert database_state() == before


def test_a_retired_parent_takes_no_new_subcategories(world):
    category_retire(actor=_coordinator(world), municipality=world.a, category=category("fordon"))

    with pytest.raises(ValidationError, match="används inte längre"):
        _add(world, "Elsparkcyklar", parent=category("fordon"))


def test_a_leaf_with_observations_cannot_become_a_group(world):
    file_observation(world, category=category("anlagd-brand"))
    before = database_state()

    with pytest.raises(ValidationError, match="har redan iakttagelser"):
        _add(world, "Containerbrand", parent=category("anlagd-brand"))
    assert database_state() == before
    # A national group with observations elsewhere is fine: its children are what is filed.
    assert _add(world, "Elsparkcyklar", parent=category("fordon")).parent == category("fordon")


# --- rename -------------------------------------------------------------------------------


def test_renaming_a_national_category_is_for_that_municipality_alone(world):
    graffiti = category()

    category_rename(
        actor=_coordinator(world), municipality=world.a, category=graffiti, name="Klotter"
    )

    graffiti.refresh_from_db()
    assert graffiti.name == "Skadegörelse och klotter"  # the national row is untouched
    assert _names(world.a)["skadegorelse-klotter"] == "Klotter"
    assert _names(world.b)["skadegorelse-klotter"] == "Skadegörelse och klotter"
    assert "Klotter" in _form_options(world, world.a)
    assert "Klotter" not in _form_options(world, world.b, relation="other_municipality")
    event = AuditEvent.objects.get(action="category.rename")
    assert (event.municipality, event.changes) == (
        world.a,
        {"name": ["Skadegörelse och klotter", "Klotter"]},
    )


def test_the_national_name_again_clears_the_local_name(world):
    graffiti = category()
    category_rename(
        actor=_coordinator(world), municipality=world.a, category=graffiti, name="Klotter"
    )

    category_rename(
        actor=_coordinator(world),
        municipality=world.a,
        category=graffiti,
        name="Skadegörelse och klotter",
    )

    assert CategorySetting.objects.get(municipality=world.a, category=graffiti).local_name == ""
    assert _names(world.a)["skadegorelse-klotter"] == "Skadegörelse och klotter"


def test_renaming_a_local_category_renames_its_row_and_the_same_name_writes_nothing(world):
    own = _add(world, "Nattvandring")

    category_rename(
        actor=_coordinator(world), municipality=world.a, category=own, name="  Nattvandrare  "
    )
    own.refresh_from_db()
    assert own.name == "Nattvandrare"
    assert not CategorySetting.objects.filter(category=own).exists()
    before = database_state()
    category_rename(
        actor=_coordinator(world), municipality=world.a, category=own, name="Nattvandrare"
    )
    assert database_state() == before


def test_a_rename_to_a_name_in_use_changes_nothing(world):
    before = database_state()

    with pytest.raises(ValidationError, match="redan en kategori med det namnet"):
        category_rename(
            actor=_coordinator(world), municipality=world.a, category=category(), name="våld"
        )
    assert database_state() == before


# --- retire and restore -------------------------------------------------------------------


def test_a_retired_national_category_leaves_the_form_and_intake_only_in_that_municipality(world):
    graffiti = category()

    category_retire(actor=_coordinator(world), municipality=world.a, category=graffiti)

    assert "skadegorelse-klotter" not in _names(world.a)
    assert graffiti.pk not in Choices(world.user("reporter"), world.a).categories
    assert str(graffiti.pk) not in _form_options(world, world.a)
    assert check_observation(observation_input(category=graffiti), world.a) == {"category": RETIRED}
    # B still reports with it.
    assert graffiti.pk in Choices(_coordinator(world, "other_municipality"), world.b).categories
    assert check_observation(observation_input(category=graffiti), world.b) == {}
    graffiti.refresh_from_db()
    assert graffiti.is_active
    assert AuditEvent.objects.filter(action="category.retire", municipality=world.a).count() == 1


def test_a_retired_category_is_refused_by_the_import_by_code_and_by_name(world):
    category_rename(
        actor=_coordinator(world), municipality=world.a, category=category(), name="Klotter"
    )
    category_retire(actor=_coordinator(world), municipality=world.a, category=category())
    before = database_state()

    with pytest.raises(ImportRefused) as raised:
        _import(
            world,
            "kategori;datum;tid;adress;otrygghet;säkerhet\n"
            "skadegorelse-klotter;2025-11-03;14:30;Storgatan 1;2;sett\n"
            "Klotter;2025-11-03;15:30;Storgatan 2;2;sett\n",
        )

    problems = [(p.row, p.column, p.reason) for p in raised.value.problems]
    assert problems == [(2, "kategori", RETIRED), (3, "kategori", RETIRED)]
    assert database_state() == before


def test_the_import_reads_a_municipalitys_own_name_and_category(world):
    category_rename(
        actor=_coordinator(world), municipality=world.a, category=category(), name="Klotter"
    )
    own = _add(world, "Nattvandring")

    result = _import(
        world,
        "kategori;datum;tid;adress;otrygghet;säkerhet\n"
        "Klotter;2025-11-03;14:30;Storgatan 1;2;sett\n"
        "nattvandring;2025-11-03;15:30;Storgatan 2;2;sett\n",
    )

    categories = {o.category for o in result.report.observations.all()}
    assert categories == {category(), own}


def test_retiring_a_group_retires_its_subcategories_with_it(world):
    vehicles, mopeds = category("fordon"), category("fordon-mopeder")

    category_retire(actor=_coordinator(world), municipality=world.a, category=vehicles)

    assert "fordon" not in _names(world.a)
    assert "fordon-mopeder" not in _names(world.a)
    assert check_observation(observation_input(category=mopeds), world.a) == {"category": RETIRED}
    category_restore(actor=_coordinator(world), municipality=world.a, category=vehicles)
    assert "fordon-mopeder" in _names(world.a)


def test_a_group_whose_subcategories_are_all_retired_is_not_offered(world):
    for code in ("fordon-mopeder", "fordon-otillaten-korning", "fordon-overgivna"):
        category_retire(actor=_coordinator(world), municipality=world.a, category=category(code))

    assert "fordon" not in _names(world.a)
    assert "Fordon" not in _form_options(world, world.a)
    # Still a group: never filed on directly.
    assert "category" in check_observation(observation_input(category=category("fordon")), world.a)


def test_restoring_brings_a_category_back_and_twice_is_audited_once(world):
    graffiti = category()
    for _ in range(2):
        category_retire(actor=_coordinator(world), municipality=world.a, category=graffiti)
    for _ in range(2):
        category_restore(actor=_coordinator(world), municipality=world.a, category=graffiti)

    assert _names(world.a)["skadegorelse-klotter"] == "Skadegörelse och klotter"
    actions = list(
        AuditEvent.objects.filter(action__startswith="category.").values_list("action", flat=True)
    )
    assert sorted(actions) == ["category.restore", "category.retire"]


def test_restoring_what_was_never_retired_writes_nothing(world):
    before = database_state()

    category_restore(actor=_coordinator(world), municipality=world.a, category=category())

    assert database_state() == before


# --- delete -------------------------------------------------------------------------------


def test_an_unused_local_category_can_be_deleted(world):
    own = _add(world, "Nattvandring")
    category_retire(actor=_coordinator(world), municipality=world.a, category=own)

    pk = own.pk

    category_delete(actor=_coordinator(world), municipality=world.a, category=own)

    assert not Category.objects.filter(pk=pk).exists()
    assert not CategorySetting.objects.filter(category_id=pk).exists()
    event = AuditEvent.objects.get(action="category.delete")
    assert (event.target_id, event.changes["name"]) == (str(pk), "Nattvandring")


def test_a_category_in_use_is_never_deleted(world):
    own = _add(world, "Nattvandring")
    file_observation(world, category=own)
    parent = _add(world, "Egen grupp")
    _add(world, "Egen underkategori", parent=parent)
    before = database_state()

    with pytest.raises(ValidationError, match="används av iakttagelser"):
        category_delete(actor=_coordinator(world), municipality=world.a, category=own)
    with pytest.raises(ValidationError, match="underkategorierna"):
        category_delete(actor=_coordinator(world), municipality=world.a, category=parent)
    with pytest.raises(ValidationError, match="nationell kategori"):
        category_delete(actor=_coordinator(world), municipality=world.a, category=category("vald"))

    assert database_state() == before


# --- who may ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("role", "relation"),
    [("reporter", "own_org"), ("analyst", "own_org"), ("coordinator", "other_municipality")],
)
def test_only_coordinators_and_admins_of_the_municipality_change_its_categories(
    world, role, relation
):
    own = _add(world, "Nattvandring")
    actor = world.user(role, relation)
    before = database_state()

    for call in (
        lambda: category_add(actor=actor, municipality=world.a, name="Ny"),
        lambda: category_rename(actor=actor, municipality=world.a, category=own, name="Ny"),
        lambda: category_retire(actor=actor, municipality=world.a, category=category()),
        lambda: category_restore(actor=actor, municipality=world.a, category=category()),
        lambda: category_delete(actor=actor, municipality=world.a, category=own),
    ):
        with pytest.raises(PermissionDenied):
            call()
    assert database_state() == before


def test_an_admin_may_change_categories(world):
    added = category_add(actor=world.user("admin"), municipality=world.a, name="Adminens")

    assert added.municipality == world.a


# --- the page -----------------------------------------------------------------------------


@pytest.fixture
def coordinator_client(client, world):
    client.force_login(_coordinator(world))
    return client


def test_the_page_shows_the_tree_with_local_names_and_retired_ones_greyed(
    coordinator_client, world, django_assert_max_num_queries
):
    category_rename(
        actor=_coordinator(world), municipality=world.a, category=category(), name="Klotter"
    )
    category_retire(actor=_coordinator(world), municipality=world.a, category=category("vald"))
    _add(world, "Nattvandring")

    with django_assert_max_num_queries(20):
        response = coordinator_client.get(URL)

    body = response.content.decode()
    assert response.status_code == 200
    assert "Klotter" in body
    assert "Nationellt namn: Skadegörelse och klotter" in body
    assert "Nattvandring" in body
    assert "Mopeder" in body
    retired_row = body[body.index("Våld") - 400 : body.index("Våld") + 2000]
    assert 'class="muted"' in retired_row
    assert "används inte" in retired_row
    assert "Återinför" in retired_row
    # Delete is offered for the unused local category only.
    assert body.count("Ta bort<span") == 1


def test_another_municipality_sees_nothing_of_a_municipalitys_categories(client, world):
    category_rename(
        actor=_coordinator(world), municipality=world.a, category=category(), name="Alfaklotter"
    )
    own = _add(world, "Alfas nattvandring")
    client.force_login(_coordinator(world, "other_municipality"))
    before = database_state()

    page = client.get(URL).content.decode()
    rename = client.post(f"{URL}{own.pk}/namn/", {f"c{own.pk}-name": "Betas"})
    delete = client.post(f"{URL}{own.pk}/ta-bort/")

    assert "Alfaklotter" not in page
    assert "Alfas nattvandring" not in page
    assert "Skadegörelse och klotter" in page
    assert (rename.status_code, delete.status_code) == (404, 404)
    assert database_state() == before


@pytest.mark.parametrize("role", ["reporter", "analyst", "partner", "management"])
def test_the_page_and_its_forms_are_forbidden_to_other_roles(client, world, role):
    own = _add(world, "Nattvandring")
    client.force_login(world.user(role))
    before = database_state()

    responses = [
        client.get(URL),
        client.post(f"{URL}ny/", {"name": "Ny"}),
        client.post(f"{URL}{own.pk}/namn/", {f"c{own.pk}-name": "Ny"}),
        client.post(f"{URL}{category().pk}/ur-bruk/"),
        client.post(f"{URL}{own.pk}/ta-bort/"),
    ]

    assert [r.status_code for r in responses] == [403] * 5
    assert database_state() == before


def test_adding_renaming_retiring_restoring_and_deleting_through_the_page(
    coordinator_client, world
):
    added = coordinator_client.post(
        f"{URL}ny/", {"name": "Nattvandring", "parent": ""}, follow=True
    )
    own = Category.objects.get(municipality=world.a, code="nattvandring")
    renamed = coordinator_client.post(
        f"{URL}{own.pk}/namn/", {f"c{own.pk}-name": "Nattvandrare"}, follow=True
    )
    retired = coordinator_client.post(f"{URL}{own.pk}/ur-bruk/", follow=True)
    restored = coordinator_client.post(f"{URL}{own.pk}/aterinfor/", follow=True)
    deleted = coordinator_client.post(f"{URL}{own.pk}/ta-bort/", follow=True)

    assert "”Nattvandring” är tillagd." in added.content.decode()
    assert "”Nattvandring” heter nu ”Nattvandrare” i kommunen." in renamed.content.decode()
    assert "”Nattvandrare” används inte längre i kommunen." in retired.content.decode()
    assert "”Nattvandrare” används igen." in restored.content.decode()
    assert "”Nattvandrare” är borttagen." in deleted.content.decode()
    assert not Category.objects.filter(pk=own.pk).exists()


def test_a_bad_name_is_shown_next_to_its_field_and_changes_nothing(coordinator_client, world):
    graffiti = category()
    before = database_state()

    added = coordinator_client.post(f"{URL}ny/", {"name": "Våld", "parent": ""})
    renamed = coordinator_client.post(f"{URL}{graffiti.pk}/namn/", {f"c{graffiti.pk}-name": ""})
    bad_parent = coordinator_client.post(f"{URL}ny/", {"name": "Ny", "parent": "999999"})

    assert added.status_code == renamed.status_code == bad_parent.status_code == 400
    assert "Det finns redan en kategori med det namnet." in added.content.decode()
    body = renamed.content.decode()
    assert f'id="id_c{graffiti.pk}-name"' in body
    assert 'aria-invalid="true"' in body
    assert "Ange ett namn." in body
    assert "<details open>" in body
    assert "Välj en kategori i listan." in bad_parent.content.decode()
    assert database_state() == before


def test_deleting_a_category_in_use_through_the_page_says_why_and_keeps_it(
    coordinator_client, world
):
    own = _add(world, "Nattvandring")
    file_observation(world, category=own)
    before = database_state()

    response = coordinator_client.post(f"{URL}{own.pk}/ta-bort/", follow=True)

    assert "används av iakttagelser och kan inte tas bort" in response.content.decode()
    assert database_state() == before

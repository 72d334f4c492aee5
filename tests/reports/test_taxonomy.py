"""The national categories: stable codes, Polisen's real type strings, the migration."""

from __future__ import annotations

import gzip
import json
from collections import Counter
from pathlib import Path

import pytest
from django.core.validators import validate_slug

from samordna.core import services
from samordna.reports import taxonomy
from samordna.reports.models import Category

POLISEN_SAMPLE = (
    Path(__file__).resolve().parents[2].parent
    / "shared"
    / "data"
    / "polisen"
    / "events-2023-2026.json.gz"
)


@pytest.fixture(scope="module")
def polisen_types() -> set[str]:
    if not POLISEN_SAMPLE.exists():
        pytest.skip(f"the real Polisen sample is not on this machine ({POLISEN_SAMPLE})")
    with gzip.open(POLISEN_SAMPLE, "rt", encoding="utf-8") as handle:
        return {event["type"] for event in json.load(handle)}


def _all() -> list[taxonomy.NationalCategory]:
    return [category for category, _, _ in taxonomy.walk()]


def test_codes_and_names_are_unique_valid_slugs() -> None:
    # given the national taxonomy
    categories = _all()
    # then every code is a unique slug that fits the model's field, and no name repeats
    codes = [c.code for c in categories]
    assert len(codes) == len(set(codes))
    assert len({c.name for c in categories}) == len(categories)
    for code in codes:
        validate_slug(code)
        assert len(code) <= Category._meta.get_field("code").max_length


def test_every_polisen_type_occurs_in_the_real_sample(polisen_types: set[str]) -> None:
    # given the types the taxonomy maps and the types Polisen really publishes
    mapped = {t for c in _all() for t in c.polisen_types}
    # then each mapped string is one Polisen actually uses, spelled exactly alike
    assert mapped
    assert mapped - polisen_types == set()


def test_a_polisen_type_belongs_to_at_most_one_category() -> None:
    # given every (category, type) pair
    counts = Counter(t for c in _all() for t in c.polisen_types)
    # then no type is claimed twice, and summaries are never mapped to incidents
    assert [t for t, n in counts.items() if n > 1] == []
    assert not [t for t in counts if t.startswith("Sammanfattning")]


def test_parents_group_children_and_only_positive_is_positive() -> None:
    # given the tree
    by_code = {c.code: c for c in _all()}
    # then the two parents hold their three children each, and only one category is positive
    assert [c.name for c in by_code["fordon"].children] == [
        "Mopeder",
        "Otillåten körning",
        "Övergivna fordon",
    ]
    assert [c.name for c in by_code["otrygg-fysisk-miljo"].children] == [
        "Mörka platser",
        "Trasig belysning",
        "Igenvuxen vegetation",
    ]
    assert [c.code for c in _all() if c.is_positive] == ["positiva-iakttagelser"]
    assert "fordon" not in taxonomy.leaf_codes()
    assert "fordon-mopeder" in taxonomy.leaf_codes()


@pytest.mark.django_db
def test_the_migration_installed_the_taxonomy() -> None:
    # given a migrated database
    national = {c.code: c for c in Category.objects.filter(municipality=None)}
    # then it holds exactly the taxonomy, with parents, Polisen types and order
    assert set(national) == {c.code for c in _all()}
    for category, parent, sort_order in taxonomy.walk():
        row = national[category.code]
        assert row.name == category.name
        assert row.polisen_types == list(category.polisen_types)
        assert row.is_positive == category.is_positive
        assert row.sort_order == sort_order
        assert (row.parent.code if row.parent else None) == (parent.code if parent else None)


@pytest.mark.django_db
def test_install_again_adds_nothing_and_restores_names() -> None:
    # given a national category someone renamed
    before = Category.objects.count()
    Category.objects.filter(code="vald").update(name="Något annat")
    # when the taxonomy is installed again
    taxonomy.install(Category)
    # then no row was added and the national name is back
    assert Category.objects.count() == before
    assert Category.objects.get(code="vald", municipality=None).name == "Våld"


@pytest.mark.django_db
def test_uninstall_removes_the_national_categories_only() -> None:
    # given a municipality's own category beside the national ones
    town = services.municipality_create(actor=None, name="Testby", slug="testby", code="9977")
    Category.objects.create(municipality=town, code="vald", name="Lokalt våld")
    # when the migration's reverse runs
    taxonomy.uninstall(Category)
    # then only the local category is left
    assert list(Category.objects.values_list("municipality_id", "code")) == [(town.pk, "vald")]

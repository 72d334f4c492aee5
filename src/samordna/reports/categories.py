"""A municipality's own categories: add, rename, retire, restore and delete, and the tree
it reports with.

National categories are shared, so what a municipality says about one (its own name,
that it no longer uses it) is a `CategorySetting` and changes nothing for the others.
A local category belongs to its municipality: it is renamed on its own row, and may be
deleted only while no observation carries it; a category in use is only ever retired.
Retirement always goes through the setting, local or national, so intake has one thing
to check. Parents only group their children, and the tree is two levels deep (the
report form shows a parent as an <optgroup>).

Each service checks the actor's role itself, validates, saves and audits in one
transaction; bad input raises ValidationError and changes nothing.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import ProtectedError, Q
from django.utils.text import slugify

from samordna.core import audit
from samordna.core.models import Municipality, User
from samordna.core.policies import municipality_ids
from samordna.core.roles import Role
from samordna.reports.models import Category, CategorySetting, Observation

# Who looks after the municipality's categories.
CATEGORY_ADMINS = frozenset({Role.COORDINATOR, Role.ADMIN})
NAME_MAX = 120
CODE_MAX = 40
# Local categories sort after the national ones they sit beside, by name among themselves.
_LOCAL_TOP_ORDER = 900
_LOCAL_CHILD_OFFSET = 9

RETIRED = "Kategorin används inte längre i den här kommunen."
_NOT_ALLOWED = "Bara samordnare och administratörer i kommunen kan ändra kategorierna."
_NOT_HERE = "Kategorin finns inte i den här kommunen."
_IN_USE = "Kategorin används av iakttagelser och kan inte tas bort. Ta den ur bruk i stället."


@dataclass(frozen=True)
class CategoryNode:
    """One category as a municipality sees it: its name there and, for a parent, its children."""

    category: Category
    name: str
    is_retired: bool = False
    # Structurally a parent (it has children here, even if all of them are retired).
    is_group: bool = False
    children: tuple[CategoryNode, ...] = ()

    @property
    def is_local(self) -> bool:
        return self.category.municipality_id is not None


def is_retired_for(category: Category, municipality_id: int | None) -> bool:
    """Whether the municipality has retired the category or its parent.

    Over `.settings.all()`, one query for a row read on its own (`categories_for`'s rows
    carry their state already, see `intake._category_state`).
    """
    rows = [category, category.parent] if category.parent_id else [category]
    return any(
        s.is_retired and s.municipality_id == municipality_id
        for row in rows
        if row is not None
        for s in row.settings.all()
    )


def categories_for(
    municipality: Municipality, *, user: Any = None, include_retired: bool = False
) -> list[CategoryNode]:
    """The municipality's category tree: national and its own, with its own names.

    Without `include_retired`, retired categories and parents left without children are
    left out: what a reporter may choose. With `user`, only what the user may see.

    Two plain queries, no prefetch: every report form reads the tree, and Django's
    prefetch clones a queryset per category (a third of a report's CPU). Each row also
    carries its intake state here (`intake._category_state`), so checking a report
    against these rows asks the database nothing.
    """
    rows: Any = Category.objects.restrict(user) if user is not None else Category.objects
    rows = list(
        rows.filter(Q(municipality=None) | Q(municipality=municipality), is_active=True)
        .select_related("parent")
        .order_by("sort_order", "name")
    )
    settings = {s.category_id: s for s in CategorySetting.objects.filter(municipality=municipality)}
    children: dict[int, list[Category]] = {}
    for row in rows:
        if row.parent_id is not None:
            children.setdefault(row.parent_id, []).append(row)
    for row in rows:
        retired = _is_retired_in(settings, row.pk) or _is_retired_in(settings, row.parent_id)
        row.__dict__["_intake_state"] = {municipality.pk: (retired, row.pk in children)}
    nodes = []
    for row in (r for r in rows if r.parent_id is None):
        kids = tuple(_node(c, settings) for c in children.get(row.pk, ()))
        node = _node(row, settings, kids)
        if not include_retired:
            active = tuple(c for c in node.children if not c.is_retired)
            if node.is_retired or (node.is_group and not active):
                continue
            node = CategoryNode(row, node.name, False, node.is_group, active)
        nodes.append(node)
    return nodes


def _is_retired_in(settings: dict[int, CategorySetting], category_id: int | None) -> bool:
    setting = settings.get(category_id) if category_id is not None else None
    return setting is not None and setting.is_retired


def _node(
    row: Category, settings: dict[int, CategorySetting], children: tuple[CategoryNode, ...] = ()
) -> CategoryNode:
    setting = settings.get(row.pk)
    name = (setting.local_name if setting else "") or row.name
    retired = setting is not None and setting.is_retired
    return CategoryNode(row, name, retired, bool(children), children)


def walk(nodes: list[CategoryNode]) -> list[CategoryNode]:
    """Every node, each parent before its children."""
    return [n for node in nodes for n in (node, *node.children)]


def deletable_ids(nodes: list[CategoryNode]) -> set[int]:
    """The local categories in `nodes` that could be deleted: no children, no observations."""
    local = {n.category.pk for n in walk(nodes) if n.is_local}
    parents = Category.objects.filter(parent_id__in=local, is_active=True).values_list(
        "parent_id", flat=True
    )
    leaves = local - set(parents)
    used = Observation.objects.filter(category_id__in=leaves).values_list("category_id", flat=True)
    return leaves - set(used.order_by().distinct())


# --- services --------------------------------------------------------------------------


def category_add(
    *, actor: User | None, municipality: Municipality, name: str, parent: Category | None = None
) -> Category:
    """A new local category, top level or under a top-level category the municipality uses.

    A parent that is a leaf with observations is refused: it would become a group that
    nobody can choose, with observations filed on it.
    """
    _require_admin(actor, municipality)
    name = _check_name(municipality, name)
    if parent is not None:
        _check_parent(municipality, parent)
    with transaction.atomic():
        category = Category(
            municipality=municipality,
            code=_free_code(municipality, name),
            name=name,
            parent=parent,
            is_positive=parent.is_positive if parent else False,
            sort_order=parent.sort_order + _LOCAL_CHILD_OFFSET if parent else _LOCAL_TOP_ORDER,
        )
        category.full_clean()
        category.save()
        audit.record(
            actor=actor,
            action="category.add",
            target=category,
            changes={"name": name, "code": category.code, "parent": parent.code if parent else ""},
        )
    return category


def category_rename(
    *, actor: User | None, municipality: Municipality, category: Category, name: str
) -> Category:
    """The municipality's name for the category: its own row for a local one, a setting
    for a national one (the national name again clears the setting's name)."""
    _require_admin(actor, municipality)
    _check_visible(municipality, category)
    name = _check_name(municipality, name, exclude=category)
    before = shown_name(municipality, category)
    if name == before:
        return category
    with transaction.atomic():
        if category.municipality_id is not None:
            category.name = name
            category.full_clean()
            category.save(update_fields=["name"])
        else:
            setting, _ = CategorySetting.objects.select_for_update().get_or_create(
                municipality=municipality, category=category
            )
            setting.local_name = "" if name == category.name else name
            setting.save(update_fields=["local_name"])
        audit.record(
            actor=actor,
            action="category.rename",
            target=category,
            municipality=municipality,
            changes={"name": [before, name]},
        )
    return category


def category_retire(
    *, actor: User | None, municipality: Municipality, category: Category
) -> Category:
    """Reporters in the municipality no longer see it (nor, for a parent, its children);
    its observations keep it. Already retired: nothing to do."""
    return _set_retired(actor, municipality, category, retired=True)


def category_restore(
    *, actor: User | None, municipality: Municipality, category: Category
) -> Category:
    """Reporters in the municipality can choose it again. Not retired: nothing to do."""
    return _set_retired(actor, municipality, category, retired=False)


def category_delete(*, actor: User | None, municipality: Municipality, category: Category) -> None:
    """Delete a local category no observation uses and that has no children."""
    _require_admin(actor, municipality)
    _check_visible(municipality, category)
    if category.municipality_id is None:
        raise ValidationError({"category": "En nationell kategori kan bara tas ur bruk."})
    if category.children.exists():
        raise ValidationError({"category": "Ta först bort eller flytta underkategorierna."})
    if Observation.objects.filter(category=category).exists():
        raise ValidationError({"category": _IN_USE})
    with transaction.atomic():
        audit.record(
            actor=actor,
            action="category.delete",
            target=category,
            changes={"name": category.name, "code": category.code},
        )
        try:
            category.delete()
        except ProtectedError:
            # Filed on between the check and now: the whole transaction goes, audit included.
            raise ValidationError({"category": _IN_USE}) from None


# --- rules -----------------------------------------------------------------------------


def _require_admin(actor: User | None, municipality: Municipality) -> None:
    # None is the operator at the command line.
    if actor is not None and municipality.pk not in municipality_ids(actor, CATEGORY_ADMINS):
        raise PermissionDenied(_NOT_ALLOWED)


def _check_visible(municipality: Municipality, category: Category) -> None:
    if category.municipality_id not in (None, municipality.pk) or not category.is_active:
        raise ValidationError({"category": _NOT_HERE})


def _check_name(municipality: Municipality, name: str, exclude: Category | None = None) -> str:
    name = " ".join(name.split())
    if not name:
        raise ValidationError({"name": "Ange ett namn."})
    if len(name) > NAME_MAX:
        raise ValidationError({"name": f"Namnet får vara högst {NAME_MAX} tecken."})
    # One name, one category: reporters choose by name and imports look names up.
    taken = {
        node.name.casefold()
        for node in walk(categories_for(municipality, include_retired=True))
        if exclude is None or node.category.pk != exclude.pk
    }
    if name.casefold() in taken:
        raise ValidationError({"name": "Det finns redan en kategori med det namnet."})
    return name


def _check_parent(municipality: Municipality, parent: Category) -> None:
    _check_visible(municipality, parent)
    if parent.parent_id is not None:
        raise ValidationError({"parent": "Välj en huvudkategori: underkategorier har inga egna."})
    if is_retired_for(parent, municipality.pk):
        raise ValidationError({"parent": RETIRED})
    has_children = parent.children.filter(
        Q(municipality=None) | Q(municipality=municipality), is_active=True
    ).exists()
    used = Observation.objects.filter(municipality=municipality, category=parent).exists()
    if used and not has_children:
        raise ValidationError(
            {"parent": "Kategorin har redan iakttagelser och kan inte få underkategorier."}
        )


def _free_code(municipality: Municipality, name: str) -> str:
    """A code from the name, unique among national codes and the municipality's own
    (the API looks codes up with a municipality's own winning over the national one)."""
    base = slugify(name)[: CODE_MAX - 4].strip("-") or "kategori"
    taken = set(
        Category.objects.filter(
            Q(municipality=None) | Q(municipality=municipality), code__startswith=base
        ).values_list("code", flat=True)
    )
    return next(c for c in (base, *(f"{base}-{n}" for n in range(2, 1000))) if c not in taken)


def shown_name(municipality: Municipality, category: Category) -> str:
    """The category's name in the municipality."""
    setting = CategorySetting.objects.filter(municipality=municipality, category=category).first()
    return (setting.local_name if setting else "") or category.name


def _set_retired(
    actor: User | None, municipality: Municipality, category: Category, *, retired: bool
) -> Category:
    _require_admin(actor, municipality)
    _check_visible(municipality, category)
    with transaction.atomic():
        setting = (
            CategorySetting.objects.select_for_update()
            .filter(municipality=municipality, category=category)
            .first()
        )
        if (setting is not None and setting.is_retired) == retired:
            return category  # nothing to change, so nothing to audit
        setting = setting or CategorySetting(municipality=municipality, category=category)
        setting.is_retired = retired
        setting.save()
        audit.record(
            actor=actor,
            action="category.retire" if retired else "category.restore",
            target=category,
            municipality=municipality,
            changes={"is_retired": [not retired, retired]},
        )
    return category

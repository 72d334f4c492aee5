"""The national default categories: what reporters choose from in every municipality.

Codes are stable identifiers (imports, exports and the API use them); names may be
reworded. Each category lists the Polisen event types ("Skadegörelse", "Brand", …)
that correspond to it, so police events can be shown beside the municipality's own
reports. A Polisen type belongs to at most one category, so that mapping is never
ambiguous; types that describe no place-based problem (traffic accidents, summaries,
missing persons) belong to none.

Plain data and one function that takes the model class, so the data migration can
pass its historical model (`apps.get_model`) and a later migration can bring
renamed or new categories in the same way.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any


@dataclass(frozen=True)
class NationalCategory:
    """One national category; `children` makes it a parent that only groups them."""

    code: str
    name: str
    polisen_types: tuple[str, ...] = ()
    is_positive: bool = False
    children: tuple[NationalCategory, ...] = field(default=())


NATIONAL_CATEGORIES: tuple[NationalCategory, ...] = (
    NationalCategory("skadegorelse-klotter", "Skadegörelse och klotter", ("Skadegörelse",)),
    NationalCategory("anlagd-brand", "Anlagd brand", ("Brand", "Mordbrand")),
    NationalCategory("nedskrapning-dumpning", "Nedskräpning och dumpning", ("Miljöbrott",)),
    # Polisen has no type for gatherings as such: they arrive as "Ordningslagen" or
    # "Bråk" and are counted under disorder.
    NationalCategory("folksamlingar-otrygghet", "Folksamlingar som skapar otrygghet"),
    NationalCategory("misstankt-narkotikahandel", "Misstänkt narkotikahandel", ("Narkotikabrott",)),
    NationalCategory(
        "ordningsstorning-hot",
        "Ordningsstörning och hot",
        (
            "Ordningslagen",
            "Bråk",
            "Olaga hot",
            "Ofredande/förargelse",
            "Fylleri/LOB",
            "Fylleri",
            "Alkohollagen",
            "Smällar",
            "Hemfridsbrott",
            "Olaga intrång",
        ),
    ),
    NationalCategory(
        "vald",
        "Våld",
        (
            "Misshandel",
            "Misshandel, grov",
            "Våld/hot mot tjänsteman",
            "Rån",
            "Rån, försök",
            "Rån väpnat",
            "Rån övrigt",
            "Larm Överfall",
            "Knivlagen",
            "Vapenlagen",
            "Skottlossning",
            "Skottlossning, misstänkt",
            "Explosion",
            "Detonation",
            "Mord/dråp",
            "Mord/dråp, försök",
        ),
    ),
    NationalCategory(
        "stold-inbrott",
        "Stöld och inbrott",
        (
            "Stöld",
            "Stöld, försök",
            "Stöld/inbrott",
            "Inbrott",
            "Inbrott, försök",
            "Larm Inbrott",
            "Motorfordon, stöld",
            "Häleri",
        ),
    ),
    NationalCategory(
        "fordon",
        "Fordon",
        children=(
            NationalCategory("fordon-mopeder", "Mopeder"),
            NationalCategory(
                "fordon-otillaten-korning", "Otillåten körning", ("Trafikbrott", "Olovlig körning")
            ),
            NationalCategory(
                "fordon-overgivna", "Övergivna fordon", ("Motorfordon, anträffat stulet",)
            ),
        ),
    ),
    NationalCategory(
        "otrygg-fysisk-miljo",
        "Otrygg fysisk miljö",
        children=(
            NationalCategory("miljo-morka-platser", "Mörka platser"),
            NationalCategory("miljo-trasig-belysning", "Trasig belysning"),
            NationalCategory("miljo-igenvuxen-vegetation", "Igenvuxen vegetation"),
        ),
    ),
    NationalCategory("rykten-sociala-medier", "Rykten och oro i sociala medier"),
    NationalCategory("parallella-samhallsstrukturer", "Signaler om parallella samhällsstrukturer"),
    NationalCategory("positiva-iakttagelser", "Positiva iakttagelser", is_positive=True),
    NationalCategory("ovrigt", "Övrigt", ("Övrigt",)),
)


def walk(
    categories: tuple[NationalCategory, ...] = NATIONAL_CATEGORIES,
) -> list[tuple[NationalCategory, NationalCategory | None, int]]:
    """Every category with its parent and sort order, parents before their children."""
    rows: list[tuple[NationalCategory, NationalCategory | None, int]] = []
    for number, category in enumerate(categories, start=1):
        rows.append((category, None, number * 10))
        for offset, child in enumerate(category.children, start=1):
            rows.append((child, category, number * 10 + offset))
    return rows


def leaf_codes() -> list[str]:
    """The codes an observation can carry: parents only group their children."""
    return [category.code for category, _, _ in walk() if not category.children]


def install(category_model: Any) -> None:
    """Create or update the national categories (no municipality). Safe to run again."""
    saved: dict[str, Any] = {}
    for category, parent, sort_order in walk():
        saved[category.code], _ = category_model.objects.update_or_create(
            municipality=None,
            code=category.code,
            defaults={
                "name": category.name,
                "parent": saved[parent.code] if parent else None,
                "polisen_types": list(category.polisen_types),
                "is_positive": category.is_positive,
                "sort_order": sort_order,
            },
        )


def uninstall(category_model: Any) -> None:
    """Remove the national categories again, children first (PROTECT keeps used ones)."""
    for category, _, _ in reversed(walk()):
        category_model.objects.filter(municipality=None, code=category.code).delete()

"""How each kind of synthetic observation behaves: volume, rhythms, attributes, words.

Plain data for `generator.py`. Rates are observations a week for the whole demo at
scale 1 (they sum to about 90); the multipliers below shape them over the hour,
the weekday and the month. The phrases name no person and hold no digits, so
nothing in the demo can look like a personal identity number or a phone number.
"""

from __future__ import annotations

from dataclasses import dataclass

from samordna.core.demo import cast

# Local (Stockholm) hour of day, 0–23: relative weights.
# fmt: off
# Disorder lives in the evening and the night.
_EVENING = (
    4.0, 3.0, 2.5, 2.0, 1.5, 1.0, 1.0, 1.2, 1.5, 1.8, 2.0, 2.2,
    2.4, 2.6, 3.0, 3.5, 4.5, 5.5, 6.5, 7.5, 8.0, 8.0, 7.0, 5.5,
)
# Caretakers and staff notice the physical environment during working hours.
_DAYTIME = (
    0.3, 0.2, 0.2, 0.2, 0.3, 0.5, 1.5, 3.0, 5.0, 6.0, 6.0, 6.0,
    6.0, 6.0, 6.0, 5.5, 5.0, 4.0, 3.0, 2.0, 1.5, 1.0, 0.7, 0.5,
)
# fmt: on
HOURS = {"evening": _EVENING, "daytime": _DAYTIME}
# Monday … Sunday.
WEEKDAYS = {
    "weekend": (0.85, 0.80, 0.85, 0.95, 1.35, 1.45, 1.00),
    "workday": (1.10, 1.10, 1.10, 1.10, 1.00, 0.60, 0.60),
}
# January … December.
SEASONS = {
    "flat": (1.0,) * 12,
    "summer": (0.7, 0.7, 0.8, 0.9, 1.1, 1.3, 1.5, 1.4, 1.1, 0.9, 0.8, 0.7),
    "dark": (1.3, 1.1, 0.9, 0.7, 0.6, 0.5, 0.5, 0.6, 0.9, 1.3, 1.5, 1.5),
    "growing": (0.1, 0.1, 0.2, 0.5, 1.2, 1.8, 2.0, 1.8, 1.2, 0.6, 0.2, 0.1),
}


@dataclass(frozen=True)
class Profile:
    """One leaf category's synthetic behaviour; probabilities are in the Choices order."""

    code: str
    per_week: float
    phrases: tuple[str, ...]
    hours: str = "evening"
    weekdays: str = "weekend"
    season: str = "flat"
    unsafety: tuple[float, float, float] = (0.3, 0.5, 0.2)
    certainty: tuple[float, float, float] = (0.65, 0.2, 0.15)  # observed, suspected, heard
    place_type: tuple[float, float, float] = (0.85, 0.1, 0.05)  # public, semi-public, indoor
    police: tuple[float, float, float] = (0.15, 0.6, 0.25)  # yes, no, unknown
    # (least, extra mean) people involved; None where people are not the point.
    people: tuple[int, float] | None = (1, 1.0)
    reporters: tuple[str, ...] = (cast.OBO, cast.FUTURUM, cast.VASTERPORTEN)


_NIGHTLY = (cast.POLISEN, cast.BEVAKNING)
_YOUTH = (cast.FRITID, cast.SKOLA)

PROFILES: tuple[Profile, ...] = (
    Profile(
        "skadegorelse-klotter",
        16,
        (
            "Nytt klotter på fasaden vid entrén.",
            "Krossad ruta i busskuren.",
            "Sönderslagen papperskorg vid gångvägen.",
        ),
    ),
    Profile(
        "anlagd-brand",
        3,
        (
            "Brand i soptunna, släckt av personal.",
            "Brandspår i källarförråd.",
            "Eld i container bakom butiken.",
        ),
        season="summer",
        unsafety=(0.1, 0.4, 0.5),
        police=(0.5, 0.3, 0.2),
    ),
    Profile(
        "nedskrapning-dumpning",
        11,
        (
            "Mycket skräp kring sittplatserna efter helgen.",
            "Dumpade möbler vid återvinningsstationen.",
            "Nedskräpat vid lekplatsen.",
        ),
        hours="daytime",
        weekdays="workday",
        season="summer",
        unsafety=(0.6, 0.3, 0.1),
        police=(0.02, 0.8, 0.18),
        people=None,
    ),
    Profile(
        "folksamlingar-otrygghet",
        9,
        (
            "Större grupp samlad vid entrén under kvällen, upplevs otryggt.",
            "Ungdomar samlas i trapphuset med höga ljud.",
            "Grupp som stannar kvar vid hållplatsen sent på kvällen.",
        ),
        season="summer",
        unsafety=(0.2, 0.5, 0.3),
        people=(4, 8.0),
        reporters=_NIGHTLY + _YOUTH,
    ),
    Profile(
        "misstankt-narkotikahandel",
        6,
        (
            "Misstänkt överlämning vid gångtunneln.",
            "Återkommande bilar som stannar kort vid torget.",
            "Lukt av cannabis i trapphuset.",
        ),
        unsafety=(0.1, 0.4, 0.5),
        certainty=(0.3, 0.55, 0.15),
        police=(0.4, 0.3, 0.3),
        reporters=(*_NIGHTLY, cast.OBO),
    ),
    Profile(
        "ordningsstorning-hot",
        9,
        (
            "Högljutt bråk utanför butiken.",
            "Smällare kastade mot fasaden.",
            "Hot mot personal vid entrén.",
        ),
        unsafety=(0.1, 0.5, 0.4),
        police=(0.35, 0.4, 0.25),
        people=(1, 3.0),
        reporters=(*_NIGHTLY, cast.OBO),
    ),
    Profile(
        "vald",
        3,
        (
            "Slagsmål mellan flera personer, polis tillkallad.",
            "En person knuffades omkull vid hållplatsen.",
            "Bråk som övergick i slag.",
        ),
        unsafety=(0.0, 0.3, 0.7),
        police=(0.8, 0.05, 0.15),
        people=(2, 2.0),
        reporters=_NIGHTLY,
    ),
    Profile(
        "stold-inbrott",
        7,
        (
            "Inbrott i källarförråd.",
            "Cykelstölder från cykelstället.",
            "Snatteri i butiken vid torget.",
        ),
        season="dark",
        place_type=(0.3, 0.5, 0.2),
        police=(0.7, 0.1, 0.2),
        people=None,
    ),
    Profile(
        "fordon-mopeder",
        6,
        (
            "Mopeder kör på gångvägen i hög fart.",
            "Mopedåkning mellan husen sent på kvällen.",
            "Trimmade mopeder varv efter varv runt torget.",
        ),
        season="summer",
        people=(1, 2.0),
        reporters=(*_NIGHTLY, cast.OBO, cast.FRITID),
    ),
    Profile(
        "fordon-otillaten-korning",
        3,
        (
            "Bil kör på gång- och cykelvägen.",
            "Fyrhjuling på grönytan.",
            "Vårdslös körning på parkeringen.",
        ),
        season="summer",
        reporters=(*_NIGHTLY, cast.OBO),
    ),
    Profile(
        "fordon-overgivna",
        2,
        (
            "Övergiven bil utan skyltar på parkeringen.",
            "Uppbruten moped lämnad i buskaget.",
        ),
        hours="daytime",
        weekdays="workday",
        unsafety=(0.7, 0.25, 0.05),
        people=None,
    ),
    Profile(
        "miljo-morka-platser",
        2.5,
        (
            "Mörk gångväg utan belysning.",
            "Mörkt parti vid gångtunneln upplevs otryggt.",
        ),
        hours="daytime",
        weekdays="workday",
        season="dark",
        people=None,
    ),
    Profile(
        "miljo-trasig-belysning",
        2.5,
        (
            "Trasig gatubelysning längs gångvägen.",
            "Belysningen i gångtunneln är ur funktion.",
        ),
        hours="daytime",
        weekdays="workday",
        season="dark",
        people=None,
    ),
    Profile(
        "miljo-igenvuxen-vegetation",
        2,
        (
            "Igenvuxna buskar skymmer sikten vid gångvägen.",
            "Höga buskar vid entrén ger mörka hörn.",
        ),
        hours="daytime",
        weekdays="workday",
        season="growing",
        unsafety=(0.5, 0.4, 0.1),
        people=None,
    ),
    Profile(
        "rykten-sociala-medier",
        1.5,
        (
            "Rykten i sociala medier om bråk i helgen.",
            "Oro bland boende efter inlägg i sociala medier.",
        ),
        certainty=(0.1, 0.2, 0.7),
        people=None,
        reporters=(*_YOUTH, cast.TRYGGHET),
    ),
    Profile(
        "parallella-samhallsstrukturer",
        1,
        (
            "Uppgifter om att boende avråds från att kontakta polisen.",
            "Signaler om otillåten kontroll av en lokal.",
        ),
        certainty=(0.1, 0.5, 0.4),
        unsafety=(0.0, 0.3, 0.7),
        people=None,
        reporters=(cast.POLISEN, cast.SOCIAL, cast.TRYGGHET),
    ),
    Profile(
        "positiva-iakttagelser",
        5,
        (
            "Lugn kväll, många familjer ute i parken.",
            "Välbesökt aktivitet på fritidsgården.",
            "Nattvandrare ute, positiv stämning.",
        ),
        season="summer",
        unsafety=(0.95, 0.05, 0.0),
        police=(0.0, 0.9, 0.1),
        people=(5, 10.0),
        reporters=(*_YOUTH, cast.TRYGGHET, cast.OBO),
    ),
    Profile(
        "ovrigt",
        1.5,
        (
            "Oklar händelse som behöver följas upp.",
            "Övrig iakttagelse vid torget.",
        ),
    ),
)

# Relative share of each area in the demo's volume; areas not named get the mean.
AREA_WEIGHTS = {
    "Vivalla": 0.22,
    "Baronbackarna": 0.15,
    "Brickebacken": 0.15,
    "Oxhagen": 0.12,
    "Varberga": 0.14,
    "Örebro centrum": 0.22,
}
# Where a category is over-represented: (area, category) -> multiplier.
AREA_TILTS = {
    ("Örebro centrum", "stold-inbrott"): 2.0,
    ("Örebro centrum", "vald"): 1.5,
    ("Örebro centrum", "ordningsstorning-hot"): 1.5,
    ("Vivalla", "misstankt-narkotikahandel"): 2.0,
    ("Vivalla", "parallella-samhallsstrukturer"): 2.0,
    ("Varberga", "fordon-mopeder"): 1.5,
    ("Brickebacken", "anlagd-brand"): 1.5,
}


@dataclass(frozen=True)
class HotSpot:
    """A place where some categories cluster: `share` of them lie within ~200 m of it."""

    place: str
    categories: tuple[str, ...]
    share: float


HOT_SPOTS: tuple[HotSpot, ...] = (
    HotSpot(
        "Vivalla torg",
        ("misstankt-narkotikahandel", "folksamlingar-otrygghet", "ordningsstorning-hot"),
        0.5,
    ),
    HotSpot("Fritidsgården Vivalla", ("skadegorelse-klotter", "anlagd-brand"), 0.3),
    HotSpot("Baronbackarnas torg", ("nedskrapning-dumpning", "folksamlingar-otrygghet"), 0.4),
    HotSpot("Brickebackens centrum", ("skadegorelse-klotter", "anlagd-brand"), 0.4),
    HotSpot("Varberga torg", ("fordon-mopeder", "fordon-otillaten-korning"), 0.6),
    HotSpot("Järntorget", ("stold-inbrott", "vald", "ordningsstorning-hot"), 0.4),
)

# The growing problem: in the last GROWTH_DAYS before "today" this rises linearly
# from 1 to GROWTH_FACTOR times its usual level.
GROWTH_AREA = "Varberga"
GROWTH_CATEGORY = "fordon-mopeder"
GROWTH_DAYS = 182
GROWTH_FACTOR = 5.0

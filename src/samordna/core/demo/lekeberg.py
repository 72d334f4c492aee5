"""The demo's second municipality, Lekeberg, its county officer and the police area that
works in both municipalities (issue 19). Plain data, no Django.

Lekeberg is small (about 8 000 inhabitants against Örebro's 160 000): its synthetic
history is a small share of Örebro's, drawn by the same generator over its own areas.
The areas are synthetic polygons around the villages' approximate positions, not real
boundaries; every organisation, user and observation is labelled synthetic as in Örebro.
"""

from __future__ import annotations

from pathlib import Path

from samordna.core.demo import cast
from samordna.core.demo.cast import DemoOrganisation, DemoPlace, DemoUser

MUNICIPALITY_NAME = "Lekeberg"
MUNICIPALITY_SLUG = "lekeberg"
MUNICIPALITY_CODE = "1814"
AREAS_FILE = Path(__file__).with_name("lekeberg_areas.geojson")
# Lekeberg's volume as a share of Örebro's (scale 1: about 7 observations a week).
VOLUME_SHARE = 0.07
SEED = 1814

# The local police area that serves both municipalities: one branch in each.
POLICE_AREA_NAME = "Lokalpolisområde Örebro"
POLICE_AREA_SLUG = "lokalpolisomrade-orebro"

KOMMUNEN = "lekebergs-kommun"
BILDNING = "bildningsforvaltningen"
BOSTADER = "lekebergsbostader"
POLISEN = "polisen-lpo-orebro-lekeberg"

ORGANISATIONS: tuple[DemoOrganisation, ...] = (
    DemoOrganisation(KOMMUNEN, "Lekebergs kommun – Kommunledning och trygghet", "municipal"),
    DemoOrganisation(BILDNING, "Bildningsförvaltningen", "school"),
    DemoOrganisation(BOSTADER, "Lekebergsbostäder", "housing"),
    DemoOrganisation(POLISEN, "Polisen lokalpolisområde Örebro (Lekeberg)", "police"),
)


def in_orebro(slug: str) -> str:
    """An Örebro organisation named from Lekeberg's cast (a membership in both)."""
    return f"{cast.MUNICIPALITY_SLUG}/{slug}"


USERS: tuple[DemoUser, ...] = (
    DemoUser("samordnare-lekeberg", "Samordnare", "Lekeberg", ((KOMMUNEN, "coordinator"),)),
    DemoUser("rapportor-lekeberg", "Rapportör", "Lekeberg", ((BOSTADER, "reporter"),)),
    # A member of the police area in both municipalities: chooses where a report goes.
    DemoUser(
        "polis-lpo",
        "Områdespolis",
        "Örebro och Lekeberg",
        ((in_orebro(cast.POLISEN), "reporter"), (POLISEN, "reporter")),
    ),
)

# The county administrative board's officer (a CountyMembership, no municipality).
COUNTY_OFFICER = DemoUser("lansstyrelsen", "Länsstyrelsen", "Demo", ())
COUNTY_CODE = "18"
COUNTY_ORGANISATION = "Länsstyrelsen i Örebro län"

# Which Lekeberg organisation files what the generator gives each Örebro organisation.
PLAYS: dict[str, str] = {
    cast.TRYGGHET: KOMMUNEN,
    cast.SOCIAL: KOMMUNEN,
    cast.SKOLA: BILDNING,
    cast.FRITID: BILDNING,
    cast.POLISEN: POLISEN,
    cast.BEVAKNING: POLISEN,
    cast.OBO: BOSTADER,
    cast.FUTURUM: BOSTADER,
    cast.VASTERPORTEN: BOSTADER,
}
# The demo users who own Lekeberg's synthetic reports, by the Örebro organisation played.
REPORTER_OF: dict[str, str] = {
    cast.OBO: "rapportor-lekeberg",
    cast.POLISEN: "polis-lpo",
    cast.BEVAKNING: "polis-lpo",
}

PLACES: tuple[DemoPlace, ...] = (
    DemoPlace("Fjugesta torg", "square", 14.8730, 59.1742, "Fjugesta centrum"),
    DemoPlace("Lekebergsskolan", "school", 14.8690, 59.1760, "Fjugesta centrum"),
    DemoPlace("Hållplats Fjugesta busstation", "stop", 14.8760, 59.1728, "Fjugesta centrum"),
    DemoPlace("Mullhyttans skola", "school", 14.6905, 59.1475, "Mullhyttan"),
)

# The weeks before today with a confirmed weekly picture, and the action plan.
CONFIRMED_WEEKS = 4
ACTION_PLAN_TITLE = "Åtgärdsplan för brottsförebyggande arbete i Lekeberg"
ACTION_PLAN_ANALYSIS = (
    "Lägesbilden visar få iakttagelser, flest skadegörelse och nedskräpning kring "
    "Fjugesta torg och busstationen kvällstid. Trygghetsvandringen pekar på dålig "
    "belysning och få vuxna ute på kvällarna."
)
# (the cause, the measure, its goal, who) of each row of the plan.
ACTION_PLAN_ROWS: tuple[tuple[str, str, str, str], ...] = (
    (
        "Dålig belysning vid busstationen och gångvägen till torget.",
        "Ny belysning längs gångvägen och vid busstationen.",
        "Färre iakttagelser av skadegörelse kvällstid än föregående år.",
        "Lekebergs kommun",
    ),
    (
        "Få vuxna ute i centrum på fredags- och lördagskvällar.",
        "Nattvandring med föreningar och polisens närvaro på helgkvällar.",
        "Nattvandring varannan helg under sommarhalvåret.",
        "Polisen lokalpolisområde Örebro",
    ),
)

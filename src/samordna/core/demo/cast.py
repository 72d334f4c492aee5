"""Who and what the demo municipality holds: organisations, users, places.

Plain data, no Django. Every name is invented for the demo or is a public place
name; no user is a real person, and every e-mail address is on example.invalid.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

MUNICIPALITY_NAME = "Örebro"
MUNICIPALITY_SLUG = "orebro"
MUNICIPALITY_CODE = "1880"
AREAS_FILE = Path(__file__).with_name("orebro_areas.geojson")
EMAIL_DOMAIN = "example.invalid"
# Printed by `samordna demo` and `load_demo` so anyone can sign in to the demo.
# A published password, by design: printed by `demo` and shown on the demo sign-in page.
DEMO_PASSWORD = "trygg-samverkan-demo"  # noqa: S105  # nosec B105


@dataclass(frozen=True)
class DemoOrganisation:
    slug: str
    name: str
    kind: str


@dataclass(frozen=True)
class DemoUser:
    """A demo login; `memberships` are (organisation slug, role) pairs."""

    username: str
    first_name: str
    last_name: str
    memberships: tuple[tuple[str, str], ...]

    @property
    def email(self) -> str:
        return f"{self.username}@{EMAIL_DOMAIN}"


@dataclass(frozen=True)
class DemoPlace:
    name: str
    kind: str
    longitude: float
    latitude: float
    area: str


TRYGGHET = "kommunledning-trygghet"
SKOLA = "forskola-skola"
SOCIAL = "socialforvaltningen"
FRITID = "kultur-fritid"
POLISEN = "polisen-lpo-orebro"
OBO = "obo"
FUTURUM = "futurum"
VASTERPORTEN = "vasterporten"
BEVAKNING = "trygghetsbolaget"

ORGANISATIONS: tuple[DemoOrganisation, ...] = (
    DemoOrganisation(TRYGGHET, "Kommunledningsförvaltningen – Trygghet och säkerhet", "municipal"),
    DemoOrganisation(SKOLA, "Förvaltningen för förskola och skola", "municipal"),
    DemoOrganisation(SOCIAL, "Socialförvaltningen", "municipal"),
    DemoOrganisation(FRITID, "Kultur- och fritidsförvaltningen", "municipal"),
    DemoOrganisation(POLISEN, "Polisen lokalpolisområde Örebro", "police"),
    DemoOrganisation(OBO, "ÖBO", "housing"),
    DemoOrganisation(FUTURUM, "Futurum Fastigheter", "housing"),
    DemoOrganisation(VASTERPORTEN, "Västerporten", "housing"),
    DemoOrganisation(BEVAKNING, "Trygghetsbolaget (fiktivt)", "security"),
)

USERS: tuple[DemoUser, ...] = (
    DemoUser("rapportor", "Rapportör", "Demo", ((OBO, "reporter"),)),
    DemoUser("samordnare", "Samordnare", "Demo", ((TRYGGHET, "coordinator"),)),
    DemoUser("analytiker", "Analytiker", "Demo", ((TRYGGHET, "analyst"),)),
    DemoUser("partner", "Samverkanspart", "Demo", ((OBO, "partner"),)),
    DemoUser("ledning", "Ledning", "Demo", ((TRYGGHET, "management"),)),
    DemoUser("admin", "Administratör", "Demo", ((TRYGGHET, "admin"),)),
    # Two memberships, so switching between them can be shown.
    DemoUser("polis", "Områdespolis", "Demo", ((POLISEN, "partner"), (POLISEN, "reporter"))),
)

# Demo reports from these organisations carry the demo reporter who belongs there,
# so a reporter signing in sees "their own" reports.
REPORTER_OF: dict[str, str] = {OBO: "rapportor", POLISEN: "polis"}

PLACES: tuple[DemoPlace, ...] = (
    DemoPlace("Vivalla torg", "square", 15.1515, 59.2935, "Vivalla"),
    DemoPlace("Vivallaskolan", "school", 15.1460, 59.2960, "Vivalla"),
    DemoPlace("Fritidsgården Vivalla", "youth", 15.1570, 59.2910, "Vivalla"),
    DemoPlace("Hållplats Vivalla centrum", "stop", 15.1490, 59.2920, "Vivalla"),
    DemoPlace("Baronbackarnas torg", "square", 15.1740, 59.2810, "Baronbackarna"),
    DemoPlace("Baronbackarnas skola", "school", 15.1680, 59.2825, "Baronbackarna"),
    DemoPlace("Brickebackens centrum", "centre", 15.1790, 59.2437, "Brickebacken"),
    DemoPlace("Fritidsgården Brickebacken", "youth", 15.1735, 59.2450, "Brickebacken"),
    DemoPlace("Oxhagens centrum", "centre", 15.2100, 59.2905, "Oxhagen"),
    DemoPlace("Varberga torg", "square", 15.2600, 59.2648, "Varberga"),
    DemoPlace("Hållplats Varberga", "stop", 15.2550, 59.2625, "Varberga"),
    DemoPlace("Järntorget", "square", 15.2110, 59.2730, "Örebro centrum"),
)

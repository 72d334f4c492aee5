"""A curated starter list of crime-, safety- and school-related Kolada key figures.

NOT VERIFIED AGAINST THE LIVE API. The list was put together on a machine without
network access, from documents that quote Kolada ids with their titles (each entry
names its source). Titles marked `source_title` are as the source wrote them, which
may be a paraphrase of Kolada's own title. Before relying on the list, run once on a
machine with network:

    samordna import_kolada --check-starter

which asks `/kpi` for every id below and reports any Kolada does not know.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class StarterKpi:
    id: str
    source_title: str
    theme: str
    source: str


# Sources, named once:
_RKOLADA_TEST = (
    "R package test suite asserting Kolada's own title (testthat: "
    'get_kpi_title("N07403")) and description ("Avser summering av: Försök till mord '
    'eller dråp, Misshandel inkl. grov, ... Källa: BRÅ & SCB")'
)
_CRIME_MAP = (
    "a public crime-map web app's source (Kolada v2 query "
    "/data/kpi/N07403,N02905,N07402,U07417,U07452,U07418/...; table labels per id)"
)
_CRIME_MAP_AND_V3 = (
    f"{_CRIME_MAP}; the id is also queried through /v3/data by ThomasNass/CityCompare "
    "(as crimeTheft / crimeVandalism)"
)
_SCHOOL_DASHBOARDS = (
    "two independent school dashboards' sources quoting the id with this title "
    "(one marks N15419/N15436 as older figures kept for backward compatibility)"
)
_CATALOGUE_SELECTION = (
    "an indicator catalogue whose ids were picked from a full /kpi download; "
    "the title is that project's short name, not necessarily Kolada's"
)

STARTER: tuple[StarterKpi, ...] = (
    StarterKpi("N07403", "Anmälda våldsbrott, antal/100 000 inv", "brott", _RKOLADA_TEST),
    StarterKpi(
        "U07418", "Anmälda våldsbrott (treårsmedelvärde), antal/1000 inv", "brott", _CRIME_MAP
    ),
    StarterKpi(
        "N07402",
        "Anmälda brott om grov kvinnofridskränkning i kommunen, antal/100 000 inv",
        "brott",
        _CRIME_MAP,
    ),
    StarterKpi(
        "U07417", "Anmälda stöld- och tillgreppsbrott, antal/1000 inv", "brott", _CRIME_MAP_AND_V3
    ),
    StarterKpi("U07452", "Anmälda brott om skadegörelse per 1 000 inv", "brott", _CRIME_MAP_AND_V3),
    StarterKpi(
        "N02905", "Invånare 15-17 år lagförda för brott, antal/1000 inv", "brott", _CRIME_MAP
    ),
    StarterKpi(
        "N07609",
        "Otrygga vid utevistelse sen kväll i eget område, NTU (%)",
        "trygghet",
        _CATALOGUE_SELECTION,
    ),
    StarterKpi(
        "N15419",
        "Elever i år 9 som uppnått kunskapskraven i alla ämnen, kommunala skolor, andel (%)",
        "skola",
        _SCHOOL_DASHBOARDS,
    ),
    StarterKpi(
        "N15436",
        "Elever i åk 9 som är behöriga till yrkesprogram, kommunala skolor, andel (%)",
        "skola",
        _SCHOOL_DASHBOARDS,
    ),
    StarterKpi(
        "N03939", "Öppet arbetslösa 18–24 år, av befolkningen (%)", "unga", _CATALOGUE_SELECTION
    ),
    StarterKpi(
        "N02797",
        "Unga 16–24 år som varken arbetar eller studerar (%)",
        "unga",
        _CATALOGUE_SELECTION,
    ),
)

STARTER_IDS: tuple[str, ...] = tuple(kpi.id for kpi in STARTER)

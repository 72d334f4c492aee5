"""The standard agenda of the weekly EST meeting (DOMAIN.md), and a municipality's own.

Each item has a `key` that ties it to its part of the meeting page (attendance,
assessments, confirming…). A municipality may rename, reorder or add items in its
`AgendaTemplate`; an added item (empty key) gets notes only.
"""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext_noop

ATTENDANCE = "attendance"
INTERVENTIONS = "interventions"
PICTURE = "picture"
EXTERNAL = "external"
ASSESSMENT = "assessment"
CONFIRM = "confirm"
DECISIONS = "decisions"
ESCALATIONS = "escalations"
FEEDBACK = "feedback"

KEYS = (
    ATTENDANCE,
    INTERVENTIONS,
    PICTURE,
    EXTERNAL,
    ASSESSMENT,
    CONFIRM,
    DECISIONS,
    ESCALATIONS,
    FEEDBACK,
)

# The tertial meeting's own items (Meeting.Kind.TERTIAL, TERTIAL_STANDARD below).
TERTIAL_PICTURE = "t_picture"
TERTIAL_WRONG = "t_wrong"
TERTIAL_POLICE = "t_police"
TERTIAL_INTERVENTIONS = "t_interventions"
TERTIAL_SELECTION = "t_selection"
TERTIAL_SOURCES = "t_sources"
TERTIAL_DECISIONS = "t_decisions"
TERTIAL_COMMUNICATION = "t_communication"

# Items that are only talked about and noted (an added item, key "", is one too).
NOTES_ONLY = frozenset(
    {
        EXTERNAL,
        ESCALATIONS,
        FEEDBACK,
        "",
        TERTIAL_PICTURE,
        TERTIAL_WRONG,
        TERTIAL_POLICE,
        TERTIAL_INTERVENTIONS,
        TERTIAL_SELECTION,
        TERTIAL_SOURCES,
        TERTIAL_DECISIONS,
        TERTIAL_COMMUNICATION,
    }
)

# Stored in Swedish on each meeting's items (the minutes are Swedish documents);
# gettext_noop only marks them for translators of the template defaults.
STANDARD: tuple[tuple[str, str], ...] = (
    (ATTENDANCE, gettext_noop("Närvaro")),
    (INTERVENTIONS, gettext_noop("Status för förra veckans insatser")),
    (PICTURE, gettext_noop("Nya rapporter per område och kategori, karta och trend")),
    (EXTERNAL, gettext_noop("Externa underlag")),
    (ASSESSMENT, gettext_noop("Riskbedömning per område")),
    (CONFIRM, gettext_noop("Fastställ veckans lägesbild")),
    (DECISIONS, gettext_noop("Omedelbara insatser, fokusområden och hot spots")),
    (ESCALATIONS, gettext_noop("Lyft till tertialanalysen eller styrgruppen")),
    (FEEDBACK, gettext_noop("Återkoppling och kommunikation (även rykten)")),
)


def standard_items() -> list[dict[str, Any]]:
    return [{"key": key, "title": title} for key, title in STANDARD]


# The tertial meeting (Meeting.Kind.TERTIAL): the analysis group and the partners go
# through the tertial analysis (tertial.compile) and decide which problems get a
# root-cause analysis. Its items are talked about and noted; the work itself is done on
# the tertial analysis page, which each item links to. Attendance is the weekly step.

TERTIAL_STANDARD: tuple[tuple[str, str], ...] = (
    (ATTENDANCE, gettext_noop("Närvaro")),
    (TERTIAL_PICTURE, gettext_noop("Tertialens lägesbild: områden och tider")),
    (TERTIAL_WRONG, gettext_noop("Utveckling åt fel håll")),
    (TERTIAL_POLICE, gettext_noop("Polisens statistik och trygghetsmätningar")),
    (TERTIAL_INTERVENTIONS, gettext_noop("Insatsernas status och kostnad")),
    (TERTIAL_SELECTION, gettext_noop("Val av problem för orsaksanalys")),
    (TERTIAL_SOURCES, gettext_noop("Källor och deras begränsningar")),
    (TERTIAL_DECISIONS, gettext_noop("Beslut och nästa steg")),
    (TERTIAL_COMMUNICATION, gettext_noop("Kommunikation")),
)
TERTIAL_KEYS = tuple(key for key, _title in TERTIAL_STANDARD)


def tertial_items() -> list[dict[str, Any]]:
    return [{"key": key, "title": title} for key, title in TERTIAL_STANDARD]


def clean_items(items: Any) -> list[dict[str, str]]:
    """A template's items as [{key, title}], or ValueError saying what is wrong.

    Keys must be known and unique; every title is non-empty. Not every standard key
    has to be there: a municipality may leave a part out.
    """
    if not isinstance(items, list) or not items:
        raise ValueError("Dagordningen behöver minst en punkt.")
    seen: set[str] = set()
    cleaned = []
    for n, item in enumerate(items, start=1):
        key = str(item.get("key", "")) if isinstance(item, dict) else ""
        title = str(item.get("title", "")).strip() if isinstance(item, dict) else ""
        if key and (key not in KEYS or key in seen):
            raise ValueError(f"Punkt {n}: okänd eller upprepad nyckel ”{key}”.")
        if not title:
            raise ValueError(f"Punkt {n} saknar rubrik.")
        seen.add(key)
        cleaned.append({"key": key, "title": title[:200]})
    return cleaned

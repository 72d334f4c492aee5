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

# Items that are only talked about and noted (an added item, key "", is one too).
NOTES_ONLY = frozenset({EXTERNAL, ESCALATIONS, FEEDBACK, ""})

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

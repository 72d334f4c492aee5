"""Checks of free text written in meetings and interventions.

Minutes and interventions are circulated to every partner: like reports, they are
about places and situations, never named persons' identity numbers, phones or plates.
"""

from __future__ import annotations

import re
from collections.abc import Mapping

from samordna.privacy import describe, find_personal_data

TEXT_MAX = 4000


def text_problems(texts: Mapping[str, str], *, limit: int = TEXT_MAX) -> dict[str, str]:
    """{field: Swedish message} for each text with personal data in it or too long."""
    problems = {}
    for name, text in texts.items():
        findings = find_personal_data(text)
        if findings:
            problems[name] = describe(findings)
        elif len(text) > limit:
            problems[name] = f"Texten är för lång: högst {limit} tecken."
    return problems


# A bracketed instruction a draft leaves for the coordinator ("[beskriv …]", "[ange …]"):
# a decided plan is circulated and adopted as written, so none may remain.
PLACEHOLDER = re.compile(r"\[\s*(?:beskriv|ange|fyll i|skriv)\b[^\]]*\]", re.IGNORECASE)


def placeholder_problems(texts: Mapping[str, str]) -> dict[str, str]:
    """{field: Swedish message} for each text still holding an unfilled placeholder."""
    problems = {}
    for name, text in texts.items():
        found = PLACEHOLDER.search(text or "")
        if found:
            shown = found.group(0) if len(found.group(0)) <= 60 else found.group(0)[:57] + "…]"
            problems[name] = (
                f"Texten har en platshållare som inte är ifylld: {shown} "
                "Skriv den egna texten innan planen beslutas."
            )
    return problems

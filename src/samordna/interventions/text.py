"""Checks of free text written in meetings and interventions.

Minutes and interventions are circulated to every partner: like reports, they are
about places and situations, never named persons' identity numbers, phones or plates.
"""

from __future__ import annotations

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

"""`{% marked_text field %}`: a refused text shown again with what looks like personal
data marked in it, so the reporter finds it on a phone without counting characters."""

from __future__ import annotations

from typing import Any

from django import template
from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString
from django.utils.translation import gettext as _

from samordna.privacy import find_personal_data
from samordna.reports.intake import place_words

register = template.Library()


@register.simple_tag(takes_context=True)
def marked_text(context: dict[str, Any], field: Any) -> SafeString:
    """The field's text with each finding in <mark>; nothing when none is found (the
    field's error is then about something else)."""
    text = str(field.value() or "")
    membership = getattr(context.get("request"), "membership", None)
    words = place_words(membership.municipality) if membership is not None else frozenset()
    findings = sorted(find_personal_data(text, words), key=lambda f: f.start) if text else []
    if not findings:
        return SafeString("")
    pieces: list[tuple[str, str]] = []
    at = 0
    for finding in findings:
        if finding.start < at:
            continue  # overlapping findings: the first one marks the place
        pieces.append((text[at : finding.start], text[finding.start : finding.end]))
        at = finding.end
    marked = format_html_join("", "{}<mark>{}</mark>", pieces)
    return format_html(
        '<p class="marked-text" id="{}_marked"><span class="visually-hidden">{}</span>{}{}</p>',
        field.auto_id,
        _("Din text, med det som ser ut som personuppgifter markerat:"),
        marked,
        text[at:],
    )

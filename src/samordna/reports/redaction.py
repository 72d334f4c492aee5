"""Removing personal data from an observation's text after it was filed (*ta bort text*).

The guard (samordna.privacy) cannot find everything: a name, a description. A
coordinator who may review the observation removes a passage (every occurrence of it)
or all of the text, with a reason. The passage becomes "[borttaget]" in the row itself;
nothing keeps the old text:
- no history or version table holds observation text (the audit log of a report or a
  correction records counts and ids, never text);
- the situation pictures' documents hold no observation text (situation.compile), nor
  do the public pages and the chart cache built from them;
- exports read the rows when they run, so a later export has the new text; the files of
  finished background exports (reports.jobs) of the municipality may hold the old text,
  so they are deleted after the commit and their jobs say why;
- the audit event records who, which observation, the reason and how many characters
  were removed, never what. The reason may not quote the passage.

`tests/reports/test_redaction.py` looks for the removed text in every text and JSON
column of every model, in the exports and in the caches.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from samordna.core import audit
from samordna.core.models import User
from samordna.privacy import describe, find_personal_data
from samordna.reports import jobs
from samordna.reports.models import ExportJob, Feedback, Observation
from samordna.reports.review import require_reviewer

REDACTED = "[borttaget]"
REASON_MAX = 200
PASSAGE_MIN = 3  # "a" would take every a of the text
# The fields a reporter writes freely; "all text" empties the first two.
TEXT_FIELDS = ("free_text", "immediate_action", "address")
ALL_TEXT_FIELDS = ("free_text", "immediate_action")
# "[borttaget]" is longer than a short passage: the address must still fit its column.
_MAX_LENGTH = {"address": Observation._meta.get_field("address").max_length}
EXPORT_GONE = (
    "Filen är borttagen: text i en iakttagelse togs bort efter exporten. Beställ exporten igen."
)


@dataclass(frozen=True)
class Redaction:
    """What a redaction did: how many places and characters, in which fields."""

    observation: Observation
    occurrences: int
    characters: int
    fields: tuple[str, ...]


def observation_redact(
    *,
    actor: User,
    observation: Observation,
    reason: str,
    passage: str = "",
    everything: bool = False,
) -> Redaction:
    """Replace every occurrence of `passage` (or, with `everything`, all of the text)
    by "[borttaget]". Raises PermissionDenied, or ValidationError per field
    ("passage", "reason") and changes nothing."""
    require_reviewer(actor, observation)
    passage = passage.strip()
    if not everything and not passage:
        raise ValidationError(
            {"passage": _("Skriv eller klistra in texten som ska bort, eller välj all text.")}
        )
    if not everything and len(passage) < PASSAGE_MIN:
        raise ValidationError(
            {"passage": _("Skriv minst %(n)s tecken av det som ska bort.") % {"n": PASSAGE_MIN}}
        )
    reason = _check_reason(reason, passage)
    with transaction.atomic():
        locked = Observation.objects.select_for_update().get(pk=observation.pk)
        changed, occurrences, characters = _redacted(locked, passage, everything)
        if not changed:
            raise ValidationError({"passage": _not_found(everything)})
        for name, text in changed.items():
            setattr(locked, name, text)
        locked.text_redacted_at = timezone.now()
        locked.save(update_fields=[*changed, "text_redacted_at"])
        if passage:
            _redact_copies(locked, passage)
        stale = _stale_export_files(locked)
        audit.record(
            actor=actor,
            action="observation.redact",
            target=locked,
            changes={
                "fields": sorted(changed),
                "occurrences": occurrences,
                "characters_removed": characters,
                "all_text": everything,
                "reason": reason,
            },
        )
        transaction.on_commit(lambda: _delete_files(stale))
    observation.refresh_from_db()
    return Redaction(observation, occurrences, characters, tuple(sorted(changed)))


def _check_reason(reason: str, passage: str) -> str:
    reason = reason.strip()
    if not reason:
        raise ValidationError({"reason": _("Skriv varför texten tas bort.")})
    if len(reason) > REASON_MAX:
        raise ValidationError(
            {"reason": _("Skälet är för långt: högst %(n)s tecken.") % {"n": REASON_MAX}}
        )
    if passage and _pattern(passage).search(reason):
        raise ValidationError(
            {"reason": _("Skälet får inte innehålla texten som tas bort. Beskriv den i stället.")}
        )
    findings = find_personal_data(reason)
    if findings:
        raise ValidationError({"reason": describe(findings)})
    return reason


def _pattern(passage: str) -> re.Pattern[str]:
    """The passage, any case, any run of white space where it has one: a pasted passage
    may have lost a line break or gained a space."""
    words = [re.escape(word) for word in passage.split()]
    return re.compile(r"\s+".join(words), re.IGNORECASE)


def _redacted(
    observation: Observation, passage: str, everything: bool
) -> tuple[dict[str, str], int, int]:
    """({field: new text} for the fields that change, occurrences, characters removed)."""
    changed: dict[str, str] = {}
    occurrences = characters = 0
    if everything:
        for name in ALL_TEXT_FIELDS:
            text = getattr(observation, name)
            if text and text != REDACTED:
                changed[name] = REDACTED
                occurrences += 1
                characters += len(text)
        return changed, occurrences, characters
    pattern = _pattern(passage)
    for name in TEXT_FIELDS:
        text = getattr(observation, name)
        found = list(pattern.finditer(text))
        if found:
            changed[name] = pattern.sub(REDACTED, text)[: _MAX_LENGTH.get(name)]
            occurrences += len(found)
            characters += sum(len(m.group()) for m in found)
    return changed, occurrences, characters


def _not_found(everything: bool) -> str:
    if everything:
        return _("Iakttagelsen har ingen text att ta bort.")
    return _(
        "Texten finns inte i iakttagelsen. Kopiera den exakt från fritexten, "
        "åtgärden eller adressen."
    )


def _redact_copies(observation: Observation, passage: str) -> None:
    """The passage where the observation's own rows might quote it: the reason it was
    closed with, and the feedback its reporter got."""
    pattern = _pattern(passage)
    if pattern.search(observation.closed_reason):
        observation.closed_reason = pattern.sub(REDACTED, observation.closed_reason)
        observation.save(update_fields=["closed_reason"])
    for row in Feedback.objects.filter(observation=observation):
        if pattern.search(row.message):
            row.message = pattern.sub(REDACTED, row.message)
            row.save(update_fields=["message"])


def _stale_export_files(observation: Observation) -> list[str]:
    """Finished background exports that may hold the old text: their jobs say the file
    is gone; the names of the files to delete after the commit."""
    done = ExportJob.objects.select_for_update().filter(
        Q(municipality_id=observation.municipality_id) | Q(municipality__isnull=True),
        status=ExportJob.Status.DONE,
    )
    names = [name for name in done.values_list("file_name", flat=True) if name]
    done.update(status=ExportJob.Status.FAILED, file_name="", error=EXPORT_GONE)
    return names


def _delete_files(names: list[str]) -> None:
    directory = jobs.directory()
    for name in names:
        (directory / name).unlink(missing_ok=True)

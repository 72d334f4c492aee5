"""Find personal data that a reporter should not have written in free text.

Reports are about places and situations, never about people. This guard finds what
has a recognisable shape: personal identity, coordination and interim numbers, phone
numbers, e-mail addresses, vehicle registration numbers, and a name next to a flat or
door number (`privacy.homes`). It cannot find names alone or descriptions of people;
`docs/personuppgifter.md` says so to the users. Findings never overlap: where two
kinds claim the same characters, the stronger kind wins (a valid personal number is
not also a phone number).

Decisions, each tested in `tests/privacy/test_personal_data.py`:
- Personal numbers may be written with "-", "+", a typographic dash or a single space
  between date and serial, or with nothing. A 10- or 12-digit number with a real date
  and a wrong check digit "looks like a personal number" (PERSONAL_NUMBER_LIKE), unless
  date and serial are written apart with a space ("20261121 1530" is a time) or an
  amount follows; where it also has a phone number's shape (leading 0), it is a phone
  number. An impossible date makes no personal number at all.
- Coordination numbers add 60 to the day; with the birth date not fully known the
  month is 00 and/or the day 60 (Skatteverket's test numbers have both).
- Interim numbers (Skatteverket) have a letter first in the serial: 000101-T220. The
  date is checked; the check digit is not (the letter's value is not published).
- Messages quote the text found (”…” ser ut som …), never positions: nobody counts
  characters on a phone. `spans` gives the positions to a form that highlights them.
- Phone numbers start with 0, +46/0046 (Swedish rules for length) or + / 00 and
  another country code (9-15 digits after the prefix); a written-apart area code has
  3-4 digits unless it is 08. Dates (05-11-2026), time ranges (0800-1600), clock
  times (kl 0100 ...), lists of 4-digit codes (lgh 0902 0903) and amounts followed
  by kr/SEK/% are not phone numbers. Trailing digits ("... 45 67 15 personer") are
  left out: the longest valid number is reported.
- Vehicle plates are found in upper case only (ABC 123, ABC123, ABC-123, ABC 12A):
  "rum 104" or "hus 123" in running text would otherwise be false alarms. Letters
  I, Q, V never occur on plates, O never last; currency codes (SEK 500) are skipped.
"""

from __future__ import annotations

import calendar
import re
from collections.abc import Collection, Iterator, Sequence
from dataclasses import dataclass
from enum import StrEnum

from samordna.privacy.homes import find_names_at_homes


class FindingKind(StrEnum):
    """What kind of personal data a finding is."""

    PERSONAL_NUMBER = "personal_number"
    COORDINATION_NUMBER = "coordination_number"
    PHONE = "phone"
    EMAIL = "email"
    VEHICLE = "vehicle"
    INTERIM_NUMBER = "interim_number"
    PERSONAL_NUMBER_LIKE = "personal_number_like"
    NAME_AT_HOME = "name_at_home"


# Swedish label and the article it takes ("ett personnummer", "en e-postadress").
_LABELS: dict[FindingKind, tuple[str, str]] = {
    FindingKind.PERSONAL_NUMBER: ("ett", "personnummer"),
    FindingKind.COORDINATION_NUMBER: ("ett", "samordningsnummer"),
    FindingKind.PHONE: ("ett", "telefonnummer"),
    FindingKind.EMAIL: ("en", "e-postadress"),
    FindingKind.VEHICLE: ("ett", "registreringsnummer"),
    FindingKind.INTERIM_NUMBER: ("ett", "personnummer (interimsnummer)"),
    FindingKind.PERSONAL_NUMBER_LIKE: ("ett", "personnummer"),
    FindingKind.NAME_AT_HOME: ("ett", "namn med lägenhet eller port"),
}

# Where findings overlap, the earlier kind in this order wins: an e-mail address is
# reported whole even if its local part looks like a phone or plate number.
_PRIORITY = {
    kind: rank
    for rank, kind in enumerate(
        [
            FindingKind.EMAIL,
            FindingKind.PERSONAL_NUMBER,
            FindingKind.COORDINATION_NUMBER,
            FindingKind.INTERIM_NUMBER,
            FindingKind.PHONE,
            FindingKind.PERSONAL_NUMBER_LIKE,
            FindingKind.NAME_AT_HOME,
            FindingKind.VEHICLE,
        ]
    )
}


@dataclass(frozen=True, slots=True)
class Finding:
    """One piece of personal data: its kind and where it is, `text[start:end]`."""

    kind: FindingKind
    start: int
    end: int
    text: str

    @property
    def label(self) -> str:
        """The Swedish name of the kind, e.g. "personnummer"."""
        return _LABELS[self.kind][1]


_SPACE = "[ \u00a0]"
_DASH = "-\u2010\u2011\u2012\u2013\u2014\u2212"  # hyphen-minus, hyphens, dashes, minus

_PERSONAL_NUMBER = re.compile(
    rf"(?<![0-9])(?<![0-9][{_DASH}+./:])"
    rf"([0-9]{{2}})?([0-9]{{2}})([0-9]{{2}})([0-9]{{2}})"
    rf"(?:{_SPACE}?[{_DASH}+]{_SPACE}?|{_SPACE})?"
    r"([0-9]{4})(?![0-9])"
)

# Skatteverket's interim numbers: the date, then a letter and three digits (000101-T220).
_INTERIM_NUMBER = re.compile(
    rf"(?<![0-9A-Za-z])(?<![0-9][{_DASH}+./:])"
    rf"([0-9]{{2}})?([0-9]{{2}})([0-9]{{2}})([0-9]{{2}})"
    rf"(?:{_SPACE}?[{_DASH}+]{_SPACE}?|{_SPACE})?"
    r"([A-Za-z][0-9]{3})(?![0-9A-Za-z])"
)
_SEPARATOR_SPACE = re.compile(f"[0-9]{_SPACE}[0-9]")

_SIX_DIGITS = re.compile("[0-9]{6}")  # every personal number has its date in one piece

# A run of digit groups that might hold a phone number; `_phones` picks the numbers.
_PHONE_SEP = rf"(?:{_SPACE}?[{_DASH}/]{_SPACE}?|{_SPACE}?[()]{_SPACE}?|{_SPACE})"
_DIGIT_RUN = re.compile(rf"(?<![\w+])(?<![0-9][{_DASH}./:,])[+(]?[0-9]+(?:{_PHONE_SEP}[0-9]+)*")
_DIGITS = re.compile(r"[0-9]+")
# A national number starts with 0; written apart, 08 is the only two-digit area code.
_NUMBER_START = re.compile(rf"{_SPACE}(?:[{_DASH}/]{_SPACE})?")  # " " or " – "
_AREA_CODE = re.compile(r"08|0[0-9]{2}")
_DATE_LIKE = re.compile(
    rf"(?:0[1-9]|[12][0-9]|3[01])[{_DASH}/.](?:0[1-9]|1[0-2])[{_DASH}/.][0-9]{{4}}"
)
_TIME_RANGE = re.compile(
    rf"(?:[01][0-9]|2[0-3])[0-5][0-9]{_SPACE}?[{_DASH}]{_SPACE}?(?:[01][0-9]|2[0-3])[0-5][0-9]"
)
_FOUR_DIGIT_CODES = re.compile(rf"[0-9]{{4}}(?:{_SPACE}[0-9]{{4}})+")  # "lgh 0902 0903"
_CLOCK = re.compile(r"(?:[01][0-9]|2[0-3])[0-5][0-9](?![0-9])")
_TIME_BEFORE = re.compile(r"(?<!\w)(?:kl|klockan)\.?\s*$", re.IGNORECASE)  # "kl 0100"
_AMOUNT_AFTER = re.compile(
    rf"{_SPACE}?(?:kr\b|kronor|sek\b|tkr|mkr|:-|%|procent|miljon|miljard|euro|eur\b)",
    re.IGNORECASE,
)

_EMAIL = re.compile(
    r"(?<![\w.%+-])[\w%+-](?:[\w.%+-]*[\w%+-])?"
    rf"(?:@|{_SPACE}?[(\[](?:at|snabel-a)[)\]]{_SPACE}?)"
    r"[\w-]+(?:\.[\w-]+)*\.[^\W\d_]{2,}(?![\w-])",
    re.IGNORECASE,
)

_PLATE_LETTER = "A-HJ-PR-UW-Z"  # no I, Q, V
_VEHICLE = re.compile(
    rf"(?<!\w)([{_PLATE_LETTER}]{{3}})(?:{_SPACE}|-)?[0-9]{{2}}[0-9A-HJ-NPR-UW-Z](?!\w)"
)
_NOT_PLATES = frozenset({"SEK", "EUR", "USD", "NOK", "DKK", "GBP", "CHF"})


def find_personal_data(text: str, places: Collection[str] = ()) -> list[Finding]:
    """All personal data found in `text`, in order, never overlapping.

    `places` are known place names (lower-case words, e.g. the municipality's areas):
    a place is never taken for a person's name."""
    candidates = [
        *_personal_numbers(text),
        *_interim_numbers(text),
        *(
            Finding(FindingKind.NAME_AT_HOME, start, end, text[start:end])
            for start, end in find_names_at_homes(text, places)
        ),
        *_emails(text),
        *_phones(text),
        *_vehicles(text),
    ]
    candidates.sort(key=lambda f: (_PRIORITY[f.kind], f.start))
    kept: list[Finding] = []
    for candidate in candidates:
        if not any(candidate.start < k.end and k.start < candidate.end for k in kept):
            kept.append(candidate)
    return sorted(kept, key=lambda f: f.start)


QUOTED_MAX = 60


def describe(findings: Sequence[Finding]) -> str:
    """A Swedish sentence a reporter can act on, quoting what was found; empty when
    there is nothing to say. Where it is comes with each finding (`spans`)."""
    if not findings:
        return ""
    ordered = sorted(findings, key=lambda f: f.start)
    parts = [
        f"{quoted(f.text)} {'som' if n else 'ser ut som'} {_LABELS[f.kind][0]} {f.label}"
        for n, f in enumerate(ordered)
    ]
    listed = parts[0] if len(parts) == 1 else ", ".join(parts[:-1]) + " och " + parts[-1]
    if len(findings) > 1:
        pronoun = "dem"
    else:
        pronoun = "den" if _LABELS[findings[0].kind][0] == "en" else "det"
    return f"{listed}. Ta bort {pronoun} innan du skickar."


def quoted(text: str) -> str:
    """The found text in quotation marks, shortened in the middle when long."""
    text = " ".join(text.split())
    if len(text) > QUOTED_MAX:
        half = QUOTED_MAX // 2
        text = f"{text[:half]}…{text[-half:]}"
    return f"”{text}”"


def spans(findings: Sequence[Finding]) -> list[dict[str, object]]:
    """Where each finding is, for a form that highlights them: start and end count
    characters (`text[start:end]`), as JSON-ready dicts."""
    return [
        {"start": f.start, "end": f.end, "kind": str(f.kind), "text": f.text}
        for f in sorted(findings, key=lambda f: f.start)
    ]


def _personal_numbers(text: str) -> Iterator[Finding]:
    if not _SIX_DIGITS.search(text):
        return
    for match in _PERSONAL_NUMBER.finditer(text):
        century, year, month, day, serial = match.groups()
        short = f"{year}{month}{day}{serial}"
        kind = _number_kind(century, year, month, day)
        if kind is None:
            continue
        if not _luhn(short):
            # A wrong check digit: a mistyped or made-up number still points at someone,
            # but only a real date written in one piece, not "20261121 1530", nor an amount.
            if (
                month == "00"
                or day == "60"
                or _SEPARATOR_SPACE.search(match.group())
                or _AMOUNT_AFTER.match(text, match.end())
            ):
                continue
            kind = FindingKind.PERSONAL_NUMBER_LIKE
        yield Finding(kind, match.start(), match.end(), match.group())


def _number_kind(century: str | None, year: str, month: str, day: str) -> FindingKind | None:
    """Personal or coordination number by the date part; None if no such date.

    A coordination number adds 60 to the day; where the birth date is not fully known,
    Skatteverket writes the month as 00 and the day as 60 (00 + 60)."""
    if int(day) < 60:
        valid = _valid_date(century, int(year), int(month), int(day))
        return FindingKind.PERSONAL_NUMBER if valid else None
    if month == "00" and int(day) <= 91 and (century is None or century in ("18", "19", "20")):
        return FindingKind.COORDINATION_NUMBER
    if day == "60":
        valid = _valid_date(century, int(year), int(month), 1)
    else:
        valid = _valid_date(century, int(year), int(month), int(day) - 60)
    return FindingKind.COORDINATION_NUMBER if valid else None


def _interim_numbers(text: str) -> Iterator[Finding]:
    if not _SIX_DIGITS.search(text):
        return
    for match in _INTERIM_NUMBER.finditer(text):
        century, year, month, day, _serial = match.groups()
        if _number_kind(century, year, month, day) is not None:
            yield Finding(FindingKind.INTERIM_NUMBER, match.start(), match.end(), match.group())


def _valid_date(century: str | None, year: int, month: int, day: int) -> bool:
    if century is not None and century not in ("18", "19", "20"):
        return False
    if not 1 <= month <= 12 or day < 1:
        return False
    if month == 2 and day == 29:
        # Without a century, 29 February is possible if some century makes it a leap year.
        return calendar.isleap(int(century) * 100 + year) if century else year % 4 == 0
    return day <= calendar.monthrange(2001, month)[1]


def _luhn(digits: str) -> bool:
    total = 0
    for position, char in enumerate(digits):
        value = int(char) * (2 if position % 2 == 0 else 1)
        total += value - 9 if value > 9 else value
    return total % 10 == 0


def _phones(text: str) -> Iterator[Finding]:
    for run in _DIGIT_RUN.finditer(text):
        digits = run.group()
        if digits[0] not in "+(0" and " 0" not in digits and "\u00a00" not in digits:
            continue  # a number can only start with +, 0 or (0
        groups = list(_DIGITS.finditer(text, run.start(), run.end()))
        first = 0
        while first < len(groups):
            last = _longest_phone(text, run.start(), groups, first)
            if last is None:
                first += 1
                continue
            start = run.start() if first == 0 else groups[first].start()
            end = groups[last].end()
            yield Finding(FindingKind.PHONE, start, end, text[start:end])
            first = last + 1


def _longest_phone(
    text: str, run_start: int, groups: list[re.Match[str]], first: int
) -> int | None:
    """Index of the last group of the longest phone number starting at group `first`."""
    begin = groups[first].start()
    if first > 0 and not _NUMBER_START.fullmatch(text, groups[first - 1].end(), begin):
        return None  # "2026-05-03 070…" may start a number at 070, never at 05 or 03
    plus = first == 0 and text[run_start] == "+"
    if not plus and not _AREA_CODE.match(groups[first].group()):
        return None
    start = run_start if first == 0 else begin
    digits = ""
    best: int | None = None
    for last in range(first, len(groups)):
        digits += groups[last].group()
        if len(digits) > 15:
            break
        end = groups[last].end()
        if _valid_phone_digits(digits, plus) and not _other_number(text, start, end):
            best = last
    return best


def _other_number(text: str, start: int, end: int) -> bool:
    """Whether digits shaped like a phone number are a date, time range, codes or amount."""
    candidate = text[start:end]
    return bool(
        _DATE_LIKE.match(candidate)
        or _TIME_RANGE.match(candidate)
        or _FOUR_DIGIT_CODES.match(candidate)
        or _AMOUNT_AFTER.match(text, end)
        or (_CLOCK.match(candidate) and _TIME_BEFORE.search(text[max(0, start - 10) : start]))
    )


def _valid_phone_digits(digits: str, plus: bool) -> bool:
    if not plus:
        if not digits.startswith("00"):
            return _valid_swedish(digits)
        digits = digits[2:]
    if digits.startswith("46"):
        rest = digits[2:]
        return _valid_swedish(rest if rest.startswith("0") else "0" + rest)
    return 9 <= len(digits) <= 15 and not digits.startswith("0")


def _valid_swedish(national: str) -> bool:
    """A Swedish number written nationally: 0, area code, subscriber; 8-10 digits."""
    if not national.startswith("0") or not 8 <= len(national) <= 10 or national[1] == "0":
        return False
    if national[1] == "7":
        return len(national) == 10  # mobile numbers: 07X-XXX XX XX
    return not national.startswith("080")  # Stockholm subscribers never start with 0


def _emails(text: str) -> Iterator[Finding]:
    if "@" not in text and "(" not in text and "[" not in text:
        return
    for match in _EMAIL.finditer(text):
        yield Finding(FindingKind.EMAIL, match.start(), match.end(), match.group())


def _vehicles(text: str) -> Iterator[Finding]:
    for match in _VEHICLE.finditer(text):
        if match.group(1) not in _NOT_PLATES:
            yield Finding(FindingKind.VEHICLE, match.start(), match.end(), match.group())

"""Find personal data that a reporter should not have written in free text.

Reports are about places and situations, never about people. This guard finds what
has a recognisable shape: personal identity and coordination numbers (date and check
digit validated), phone numbers, e-mail addresses and vehicle registration numbers.
It cannot find names or descriptions of people; `docs/personuppgifter.md` says so to
the users. Findings never overlap: where two kinds claim the same characters, the
stronger kind wins (a valid personal number is not also a phone number).

Decisions, each tested in `tests/privacy/test_personal_data.py`:
- Personal numbers may be written with "-", "+", a typographic dash or a single space
  between date and serial, or with nothing. A 10-digit number with an impossible date
  or a wrong check digit is not a personal number; it is reported as a phone number
  only if it has a phone number's shape (leading 0).
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
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from enum import StrEnum


class FindingKind(StrEnum):
    """What kind of personal data a finding is."""

    PERSONAL_NUMBER = "personal_number"
    COORDINATION_NUMBER = "coordination_number"
    PHONE = "phone"
    EMAIL = "email"
    VEHICLE = "vehicle"


# Swedish label and the article it takes ("ett personnummer", "en e-postadress").
_LABELS: dict[FindingKind, tuple[str, str]] = {
    FindingKind.PERSONAL_NUMBER: ("ett", "personnummer"),
    FindingKind.COORDINATION_NUMBER: ("ett", "samordningsnummer"),
    FindingKind.PHONE: ("ett", "telefonnummer"),
    FindingKind.EMAIL: ("en", "e-postadress"),
    FindingKind.VEHICLE: ("ett", "registreringsnummer"),
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
            FindingKind.PHONE,
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


def find_personal_data(text: str) -> list[Finding]:
    """All personal data found in `text`, in order, never overlapping."""
    candidates = [
        *_personal_numbers(text),
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


def describe(findings: Sequence[Finding]) -> str:
    """A Swedish sentence a reporter can act on; empty when there is nothing to say."""
    if not findings:
        return ""
    parts = [
        f"{_LABELS[f.kind][0]} {f.label} (tecken {f.start + 1}–{f.end})"
        for f in sorted(findings, key=lambda f: f.start)
    ]
    listed = parts[0] if len(parts) == 1 else ", ".join(parts[:-1]) + " och " + parts[-1]
    if len(findings) > 1:
        pronoun = "dem"
    else:
        pronoun = "den" if _LABELS[findings[0].kind][0] == "en" else "det"
    return (
        f"Texten innehåller {listed}. "
        f"Ta bort {pronoun}: skriv om platser och händelser, inte om personer."
    )


def _personal_numbers(text: str) -> Iterator[Finding]:
    if not _SIX_DIGITS.search(text):
        return
    for match in _PERSONAL_NUMBER.finditer(text):
        century, year, month, day, serial = match.groups()
        short = f"{year}{month}{day}{serial}"
        day_of_month = int(day) - 60 if int(day) > 60 else int(day)
        if not (_valid_date(century, int(year), int(month), day_of_month) and _luhn(short)):
            continue
        kind = FindingKind.COORDINATION_NUMBER if int(day) > 60 else FindingKind.PERSONAL_NUMBER
        yield Finding(kind, match.start(), match.end(), match.group())


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

"""Checks on what the coordinator types in, with the errors in Swedish.

Each returns an error message or "" so the services can gather every error of a form
at once: bad input changes nothing and the user sees all that is wrong.
"""

from __future__ import annotations

import calendar
import re
from datetime import date, timedelta

# A consent is specific and dated: one that runs for years is not what OSL 12:2 means,
# and a date like 9999-12-31 is a typing error.
MAX_CONSENT_DAYS = 2 * 365

_PERSONAL_NUMBER = re.compile(r"^(\d{2})?(\d{2})(\d{2})(\d{2})[-+]?(\d{4})$")


def personal_number_error(value: str) -> str:
    """Personnummer or samordningsnummer: (ÅÅ)ÅÅMMDD-NNNN, a real date, Luhn check digit."""
    text = value.strip().replace(" ", "")
    if not text:
        return ""
    match = _PERSONAL_NUMBER.match(text)
    if match is None:
        return "Skriv personnumret som ÅÅÅÅMMDD-NNNN."
    century, year, month, day, serial = match.groups()
    # A samordningsnummer adds 60 to the day of birth.
    day_of_month = int(day) - 60 if int(day) > 60 else int(day)
    full_year = int(century or "20") * 100 + int(year)
    if not 1 <= int(month) <= 12 or not 1 <= day_of_month <= _days_in(full_year, int(month)):
        return "Personnumret innehåller inget giltigt datum."
    if not _luhn(f"{year}{month}{day}{serial}"):
        return "Personnumrets kontrollsiffra stämmer inte. Kontrollera siffrorna."
    return ""


def _days_in(year: int, month: int) -> int:
    return calendar.monthrange(year, month)[1]


def _luhn(digits: str) -> bool:
    total = 0
    for position, char in enumerate(digits):
        value = int(char) * (2 if position % 2 == 0 else 1)
        total += value - 9 if value > 9 else value
    return total % 10 == 0


def birth_year_error(birth_year: int | None, *, age_min: int, age_max: int, today: date) -> str:
    """The child is at most a year outside the programme's ages this year."""
    if birth_year is None:
        return ""
    low, high = today.year - age_max - 1, today.year - age_min + 1
    if low <= birth_year <= high:
        return ""
    return (
        f"Födelseåret ska ligga mellan {low} och {high}: programmet gäller barn "
        f"{age_min}–{age_max} år."
    )


def consent_dates_errors(valid_from: date, valid_to: date | None, *, today: date) -> dict[str, str]:
    errors: dict[str, str] = {}
    if valid_to is None:
        errors["valid_to"] = "Ange till och med vilket datum samtycket gäller (högst två år)."
    elif valid_to < valid_from:
        errors["valid_to"] = "Slutdatumet kan inte ligga före startdatumet."
    elif valid_to < today:
        errors["valid_to"] = "Samtycket har redan gått ut. Ett nytt samtycke behövs."
    elif valid_to > max(valid_from, today) + timedelta(days=MAX_CONSENT_DAYS):
        errors["valid_to"] = "Ett samtycke kan gälla högst två år. Kontrollera slutdatumet."
    if valid_from > today + timedelta(days=MAX_CONSENT_DAYS):
        errors["valid_from"] = "Startdatumet ligger orimligt långt fram. Kontrollera datumet."
    return errors

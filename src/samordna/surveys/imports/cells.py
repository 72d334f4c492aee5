"""Reading one survey cell: gender, age band, question group, area, value, answer.

Each reader raises CellError (`samordna.tabular.cells`) with a Swedish reason.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from samordna.core.models import Area, Municipality
from samordna.surveys.models import SurveyItem
from samordna.tabular import cells as v
from samordna.tabular.cells import CellError
from samordna.tabular.lookups import areas_by_name
from samordna.tabular.mapping import fold

__all__ = ["AreaLookup", "CellError", "age_band", "answer", "gender", "group", "item_code"]

_GENDERS = {
    "": "T", "t": "T", "alla": "T", "totalt": "T", "total": "T", "samtliga": "T", "bada": "T",
    "k": "K", "kvinna": "K", "kvinnor": "K", "f": "K", "female": "K", "women": "K",
    "m": "M", "man": "M", "men": "M", "male": "M",
}  # fmt: skip
_RESPONDENT_GENDERS = {
    "k": "K", "kvinna": "K", "f": "K", "female": "K",
    "m": "M", "man": "M", "male": "M",
    "x": "X", "annat": "X", "annan": "X", "vill inte svara": "X", "ickebinar": "X",
    "vet ej": "X", "uppgift saknas": "X",
}  # fmt: skip
_GROUPS = {
    "ordningsstorningar": "disorder", "ordningsstorning": "disorder", "disorder": "disorder",
    "utsatthet for brott": "exposure", "utsatthet": "exposure", "exposure": "exposure",
    "oro for brott": "worry", "oro": "worry", "worry": "worry",
    "otrygghet": "insecurity", "konkret otrygghet": "insecurity", "insecurity": "insecurity",
    "polisen": "police", "fortroende for polisen": "police", "fortroende": "police",
    "polis": "police", "police": "police",
    "ovrigt": "other", "other": "other", "annat": "other",
}  # fmt: skip
_BAND = re.compile(
    r"^(\d{1,3})\s*(?:(?:-|–|—|till)\s*(\d{1,3})|(\+|år och äldre|och äldre))\s*(?:år)?$"
)
_MUNICIPALITY_WORDS = {"hela kommunen", "kommunen", "kommun", "totalt", "alla omraden"}
_REGION = re.compile(r"(\blan$|^region\b|^riket$|^hela landet$|^sverige$)")


def gender(cell: Any) -> str:
    """T (all), K or M, for aggregate rows."""
    value = fold(v.text(cell))
    if value not in _GENDERS:
        raise CellError("Okänt kön. Skriv K (kvinnor), M (män) eller T/tomt (alla).")
    return _GENDERS[value]


def respondent_gender(cell: Any) -> str:
    """K, M or X (other or not told) for one respondent; required."""
    value = fold(v.text(cell))
    if not value:
        raise CellError("Ange kön (K, M eller annat).")
    if value not in _RESPONDENT_GENDERS:
        raise CellError("Okänt kön. Skriv K, M eller ”annat”.")
    return _RESPONDENT_GENDERS[value]


def age_band(cell: Any, *, required: bool = False) -> str:
    """An age band as "16–29" or "65+" ("" = all ages, where that is allowed)."""
    value = v.text(cell).strip().lower()
    if value in ("", "alla", "alla åldrar", "totalt", "16+", "16-"):
        if required:
            raise CellError("Ange åldersgrupp, t.ex. 16–29 eller 65+.")
        return ""
    match = _BAND.match(value)
    if not match:
        raise CellError("Åldersgruppen går inte att läsa. Skriv t.ex. 16–29 eller 65+.")
    low, high = int(match[1]), match[2]
    if high is None:
        return f"{low}+"
    if int(high) < low:
        raise CellError("Åldersgruppen slutar före den börjar.")
    return f"{low}–{int(high)}"


def band_start(band: str) -> int:
    """The first age of a band, to order bands and find the youngest and oldest."""
    match = re.match(r"\d+", band)
    return int(match.group()) if match else -1


def group(cell: Any, *, default: str = "") -> str:
    value = fold(v.text(cell))
    if not value and default:
        return default
    if value not in _GROUPS:
        names = ", ".join(str(label).lower() for _, label in SurveyItem.Group.choices)
        raise CellError(f"Okänt frågeområde. Välj bland: {names}.")
    return _GROUPS[value]


def item_code(text: str) -> str:
    """A stable code for a question: folded, letters and digits joined by "-"."""
    return re.sub(r"[^a-z0-9]+", "-", fold(text)).strip("-")[:60] or "fraga"


def answer(cell: Any, scale: str) -> float | None:
    """One answer: a number 0–6 (index) or ja/nej, 1/0 (share). Empty: not answered."""
    raw = v.text(cell)
    if not raw:
        return None
    if scale == "share":
        folded = fold(raw)
        if folded in ("ja", "yes", "1", "sant"):
            return 1.0
        if folded in ("nej", "no", "0", "falskt"):
            return 0.0
        raise CellError("Svaret ska vara ja eller nej (eller 1/0).")
    try:
        number = v.number(cell)
    except CellError:
        number = None
    if number is None or not 0 <= number <= 6:
        raise CellError("Svaret ska vara ett tal från 0 till 6.")
    return number


def is_yes_no(cell: Any) -> bool:
    return fold(v.text(cell)) in ("ja", "nej", "yes", "no")


@dataclass(frozen=True)
class Place:
    """Where an aggregate row belongs: an area, the whole municipality or a region."""

    area: Area | None
    region: str = ""

    @property
    def key(self) -> str:
        return f"a{self.area.pk}" if self.area else f"r{self.region}"

    @property
    def label(self) -> str:
        return self.area.name if self.area else (self.region or "Hela kommunen")


class AreaLookup:
    """The municipality's active areas by folded name and code, loaded once."""

    def __init__(self, municipality: Municipality) -> None:
        self.municipality = municipality
        self.areas = areas_by_name(municipality.pk)

    def names(self) -> str:
        listed = sorted({a.name for a in self.areas.values()})
        more = " …" if len(listed) > 12 else ""
        return ", ".join(listed[:12]) + more

    def area(self, cell: Any) -> Area:
        """An area of the municipality (respondent rows): required and known."""
        value = v.text(cell)
        if not value:
            raise CellError("Ange område.")
        found = self.areas.get(fold(value))
        if found is None:
            raise CellError(f"Området finns inte i kommunen. Kända områden: {self.names()}.")
        return found

    def place(self, cell: Any, *, regions: bool) -> Place:
        """An area, the municipality itself, or (NTU) a county or region."""
        value = v.text(cell)
        folded = fold(value)
        if not value:
            raise CellError("Ange område (eller ”hela kommunen”).")
        if folded in _MUNICIPALITY_WORDS or folded == fold(self.municipality.name):
            return Place(None)
        if folded in self.areas:
            return Place(self.areas[folded])
        if regions and _REGION.search(folded):
            return Place(None, value.strip())
        raise CellError(f"Området finns inte i kommunen. Kända områden: {self.names()}.")

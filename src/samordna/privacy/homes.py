"""Find a named person tied to a flat, door or floor: "Kalle Andersson i lgh 1102".

A name alone is not found (it cannot be told from a place or a word at the start of a
sentence), but a name a few words from a flat number, a door or a floor points out one
household. Decisions, each tested in `tests/privacy/test_homes.py`:
- A home is a marker and a number: lgh/lägenhet/lägenhetsnummer/port/trappa/tr/våning
  followed by a number ("lgh 1102", "port 4B", "våning 3"), or a number followed by
  tr/trappor/våningen ("3 tr", "4:e våningen"). "Vivallagatan 12" is an address, not a
  home: addresses are what reports are about.
- A name is two capitalised words in a row ("Kalle Andersson"), "familjen"/"fam." and a
  capitalised word, or one capitalised word ("Ahmed"). A word ending like a place
  (-gatan, -vägen, -torget, -backen …), a word after a place preposition ("i Vivalla",
  "vid Brickebacken"), a known place name given by the caller, and common words that
  start a sentence ("Ungdomar", "Vid", "Det") are not names.
- The name and the home must be in the same sentence with at most three words between
  them, in either order.
"""

from __future__ import annotations

import re
from collections.abc import Collection, Iterator

_UPPER = "A-ZÅÄÖÉÜØÆ"
_LOWER = "a-zåäöéüøæ"
_WORD = rf"[{_UPPER}][{_LOWER}]+(?:-[{_UPPER}][{_LOWER}]+)?"
_NAME = re.compile(
    rf"(?<![\w-])(?:(?i:familjen|fam\.?)[ \u00a0]+{_WORD}"
    rf"|{_WORD}(?:[ \u00a0]+{_WORD})?)(?![\w-])"
)
_FAMILY = re.compile(r"(?i:familjen|fam\.?)[ \u00a0]")
_HOME = re.compile(
    r"(?<![\w-])(?i:"
    r"(?:lgh|lägenhet(?:snummer|snr|en)?|port(?:en)?|trappa|trappuppgång|tr|våning|vån)"
    r"\.?[ \u00a0]*(?:nr\.?[ \u00a0]*)?[0-9]{1,4}[a-z]?"
    r"|[0-9]{1,2}(?::?[ae])?[ \u00a0]*(?:tr|trappor|trappa|vån|våningen)"
    r")(?![\w-])"
)
# Between a name and a home: words, commas, brackets and dashes, never a sentence's end.
_GAP = re.compile(r"[\s,()\u2013\u2014-]*(?:[\w:]+[\s,()\u2013\u2014-]+){0,3}")
_PLACE_SUFFIXES = (
    "gatan", "vägen", "torget", "torg", "gränd", "gränden", "backen", "backarna", "plan",
    "stigen", "allén", "parken", "park", "skolan", "centrum", "huset", "gården", "hagen",
    "området", "hallen", "platsen", "leden", "kyrkan", "stationen", "bron", "ängen",
    "dalen", "berget", "hamnen", "stranden", "skogen", "ringen", "butiken", "badet",
    "biblioteket", "fältet", "lunden", "höjden", "vallen", "kullen", "plan", "terrassen",
)  # fmt: skip


def _words(text: str) -> frozenset[str]:
    return frozenset(text.split())


_PLACE_PREPOSITIONS = _words(
    "i på vid från till mot nära utanför innanför bakom framför ovanför mellan runt kring "
    "längs genom över under in ut mitt intill bredvid förbi via"
)
# Capitalised at the start of a sentence but not names: function words and the nouns
# and verbs reports start with. Plurals, definite forms and past tenses go by ending.
_NOT_NAMES = _words(
    """det den de där här en ett vid i på från till mot under efter före nära utanför
    innanför bakom framför ovanför mellan runt kring hos med och men som vi jag han hon
    man alla flera några många två tre fyra fem sex ingen inga kl klockan idag igår
    ikväll inatt natt kväll morgon dag sedan nu också även mycket lite samma polis
    väktare vaktmästare boende brand klotter skadegörelse glas hus lgh port trappa tr
    våning vån källare vind trapphus tvättstuga soprum cykelrum garage entré hiss person
    gäng grupp barn vuxna ungdom kille tjej kvinna män okänd misstänkt oro stök bråk
    musik rök lukt larm rökning narkotika langning bil moped buss linje ingång dörr
    fönster samtliga enligt ev eventuellt troligen kanske ok lugnt stökigt tomt ny nytt
    nya gammal gamla förra nästa denna detta dessa vår vårt våra hela obs tel ring
    anmälan rapport hyresvärd värd ägare besökare pojke flicka missbrukare hemlös berusad
    högljudd ytterdörr balkong gård parkering gång gångväg cykel sprutor kanyler skräp
    sopor eld vatten sten var finns blev kom gick stod satt låg sågs hördes syntes
    lägenhet nummer nr familj familjen fam samtal"""
)
_NOT_NAME_ENDINGS = (
    "ar", "or", "er", "na", "en", "et", "ning", "het", "are", "ande", "ende", "ade", "des",
    "tes", "ts", "ligt", "igt",
)  # fmt: skip
_SENTENCE_END = re.compile(r"[.!?;\n]\s*$|^\s*$")


def find_names_at_homes(text: str, places: Collection[str] = ()) -> Iterator[tuple[int, int]]:
    """(start, end) of each name-and-home passage; `places` are known place names
    (lower case words) that are never names."""
    homes = [(m.start(), m.end()) for m in _HOME.finditer(text)]
    if not homes:
        return
    names = list(_names(text, places))
    for home_start, home_end in homes:
        # The nearest name on either side: "Samtal med Ali i trappa 2" is about Ali.
        before = [n for n in names if n[1] <= home_start]
        after = [n for n in names if n[0] >= home_end]
        if before and _GAP.fullmatch(text, before[-1][1], home_start):
            yield before[-1][0], home_end
        elif after and _GAP.fullmatch(text, home_end, after[0][0]):
            yield home_start, after[0][1]


def _names(text: str, places: Collection[str]) -> Iterator[tuple[int, int]]:
    for match in _NAME.finditer(text):
        if _FAMILY.match(match.group()):
            yield match.start(), match.end()
            continue
        before = text[max(0, match.start() - 40) : match.start()]
        previous = before.split()[-1].lower() if before.split() else ""
        initial = bool(_SENTENCE_END.search(before))
        # Each word with where it is and the word before it.
        words = [(w.start(), w.end(), w.group()) for w in re.finditer(r"\S+", match.group())]
        kept = []
        for start, end, word in words:
            place = previous in _PLACE_PREPOSITIONS or _placeish(word, places)
            if not place and not _common(word, initial):
                kept.append((match.start() + start, match.start() + end))
            previous, initial = word.lower(), False
        if kept:
            yield kept[0][0], kept[-1][1]


def _placeish(word: str, places: Collection[str]) -> bool:
    lower = word.lower()
    return lower in places or lower.endswith(_PLACE_SUFFIXES)


def _common(word: str, initial: bool) -> bool:
    """Whether a capitalised word is an ordinary word rather than a name."""
    lower = word.lower()
    if lower in _NOT_NAMES:
        return True
    return initial and lower.endswith(_NOT_NAME_ENDINGS)

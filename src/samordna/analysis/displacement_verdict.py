"""The verdict of an effect follow-up, in Swedish for the people who decided on the
intervention: what happened in the target area and the control, whether the problem
moved to the buffer, how many crimes (or observations) that makes, whether it could be
chance, and what to beware of. The measures themselves are in `displacement`.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from samordna.analysis.displacement import (
        Band,
        Evaluation,
        PeakCheck,
        WddResult,
        WdqResult,
    )


@dataclass(frozen=True)
class Noun:
    """What was counted, in the verdict's Swedish: crimes, or a municipality's own
    observations of disorder and insecurity (which are not all crimes)."""

    plural: str  # "brott", "iakttagelser"
    definite: str  # "brotten", "iakttagelserna"


CRIMES = Noun("brott", "brotten")
OBSERVATIONS = Noun("iakttagelser", "iakttagelserna")


def no_success(noun: Noun) -> str:
    return (
        f"{noun.definite.capitalize()} i insatsområdet utvecklades inte bättre än i "
        "jämförelseområdet, så mätningen visar ingen effekt av insatsen. Då går det inte "
        "heller att säga om problemet flyttade till närområdet: en förflyttning kan bara "
        f"bedömas när insatsen först har minskat {noun.definite}."
    )


NO_SUCCESS = no_success(CRIMES)


# "{the}" is the counted noun in definite form (brotten, iakttagelserna).
_BUFFER_SENTENCES: dict[Band, str] = {
    "diffusion_exceeds": (
        "Det finns inga tecken på att problemet flyttade till närområdet; tvärtom "
        "minskade det där ännu mer än i insatsområdet, jämfört med jämförelseområdet "
        "(spridning av positiva effekter)."
    ),
    "diffusion": (
        "Det finns inga tecken på att problemet flyttade till närområdet; tvärtom "
        "minskade det även där, jämfört med jämförelseområdet (spridning av positiva "
        "effekter)."
    ),
    "none": (
        "I närområdet följde {the} jämförelseområdets utveckling, så det finns inga "
        "tecken på att problemet flyttade dit."
    ),
    "displacement": (
        "En del av problemet kan ha flyttat till närområdet (förflyttning): där ökade "
        "{the} jämfört med jämförelseområdet, men mindre än de minskade i insatsområdet."
    ),
    "displacement_exceeds": (
        "Problemet verkar ha flyttat till närområdet (förflyttning): där ökade {the}, "
        "jämfört med jämförelseområdet, lika mycket som eller mer än de minskade i "
        "insatsområdet."
    ),
}


def verdict(result: Evaluation) -> str:
    """A verdict a politician can read: what happened, whether the problem moved,
    how many crimes that makes, whether it could be chance, and what to beware of."""
    counts, noun = result.counts, result.noun
    if counts.a0 + counts.a1 + counts.c0 + counts.c1 == 0:
        return (
            f"Inga {noun.plural} registrerades i insatsområdet eller jämförelseområdet under "
            "perioderna, så det finns ingen effekt att bedöma."
        )
    sentences = [
        f"Antalet {noun.plural} i insatsområdet {_change(counts.a0, counts.a1)}.",
        f"Antalet {noun.plural} i jämförelseområdet, som visar hur det sannolikt hade gått "
        f"utan insatsen, {_change(counts.c0, counts.c1)}.",
        *_effect_sentences(result.wdq, noun),
        *_net_effect_sentences(result.total_net_effect, noun),
        *_chance_sentences(result.wdd, result.alpha, noun),
        *_disagreement_sentences(result.total_net_effect, result.wdd, noun),
        *_peak_sentences(result.peak, noun),
    ]
    return " ".join(sentences)


def _change(before: float, after: float) -> str:
    if before == after:
        return f"var oförändrat ({_count(after)})"
    if before == 0:
        return f"ökade från 0 till {_count(after)}"
    percent = (after - before) / before * 100
    word = "ökade" if percent > 0 else "minskade"
    rounded = round(abs(percent))
    amount = "mindre än 1 %" if rounded == 0 else f"{rounded} %"
    return f"{word} med {amount} (från {_count(before)} till {_count(after)})"


def _effect_sentences(result: WdqResult, noun: Noun) -> list[str]:
    band = result.band
    if band is None:
        return [result.reason or NO_SUCCESS]
    return [
        "Insatsområdet utvecklades alltså bättre än jämförelseområdet.",
        _BUFFER_SENTENCES[band].format(the=noun.definite),
    ]


def _net_effect_sentences(tne: float | None, noun: Noun) -> list[str]:
    if tne is None:
        return []
    crimes = _round_half_away(tne)
    if crimes == 0:
        outcome = f"ungefär lika många {noun.plural} som"
    else:
        outcome = (
            f"ungefär {_count(abs(crimes))} {'färre' if crimes > 0 else 'fler'} {noun.plural} än"
        )
    return [
        f"Räknat på insatsområdet och närområdet tillsammans blev det {outcome} om de "
        "hade följt jämförelseområdets utveckling."
    ]


def _chance_sentences(result: WddResult, alpha: float, noun: Noun) -> list[str]:
    if result.z is None or result.p is None:
        return []
    z = f"z = {_decimal(result.z, 2)}"
    if result.p >= alpha:
        return [
            f"Skillnaden mot jämförelseområdet är inte statistiskt säkerställd ({z}): den "
            "är så liten att den kan bero på slumpen, så resultatet är osäkert."
        ]
    direction = "minskade" if result.wdd < 0 else "ökade"
    return [
        f"Att {noun.definite} {direction} i insats- och närområdet jämfört med jämförelseområdet "
        f"är statistiskt säkerställt ({z}): skillnaden är för stor för att rimligen bero "
        "på slumpen."
    ]


def _disagreement_sentences(tne: float | None, result: WddResult, noun: Noun) -> list[str]:
    # TNE counts prevented crimes as positive, WDD as negative: the same sign means
    # the proportional and the additive comparison point in opposite directions.
    if (
        tne is None
        or _round_half_away(tne) == 0
        or result.wdd == 0
        or (tne > 0) != (result.wdd > 0)
    ):
        return []
    return [
        "Observera att de två beräkningssätten pekar åt olika håll, vilket tyder på att "
        f"jämförelseområdet har för många eller för få {noun.plural} för att vara en bra "
        "jämförelse."
    ]


def _peak_sentences(peak: PeakCheck | None, noun: Noun) -> list[str]:
    if peak is None or not peak.at_peak:
        return []
    return [
        f"Observera: insatsområdet valdes när {noun.definite} låg ovanligt högt "
        f"({_count(peak.before)} mot i genomsnitt {_decimal(peak.mean, 1)} under tidigare "
        f"perioder). Efter en topp brukar {noun.definite} minska av sig själva, så en del av en "
        "minskning kan bero på det (regression mot medelvärdet) och inte på insatsen."
    ]


def _round_half_away(value: float) -> int:
    """130,5 crimes is "ungefär 131", not Python's round-half-to-even 130."""
    return int(math.copysign(math.floor(abs(value) + 0.5), value))


def _count(value: float) -> str:
    """A whole number the Swedish way: 1 250."""
    return f"{_round_half_away(value):,}".replace(",", " ")


def _decimal(value: float, decimals: int) -> str:
    """A decimal number the Swedish way: decimal comma, typographic minus (−2,98)."""
    rounded = round(value, decimals)
    if rounded == 0:
        rounded = 0.0  # never "−0,0"
    return f"{rounded:.{decimals}f}".replace(".", ",").replace("-", "−")

"""A total against the same period a year earlier, in plain Swedish with an arrow.

Honest and simple: no comparison when either number is below the threshold (it would
show a hidden number, and small numbers swing by chance); when the two periods hold a
different number of confirmed weeks, the comparison is per confirmed week and says so.
A change within ±10 % is "oförändrat" (analysis.change.change_direction).
"""

from __future__ import annotations

from dataclasses import dataclass

from samordna.analysis.change import change_direction

ARROWS = {"up": "↑", "down": "↓", "same": "→"}
WORDS = {"up": "fler", "down": "färre", "same": "ungefär lika många"}


@dataclass(frozen=True)
class Trend:
    direction: str  # "up", "down", "same" or "" (no comparison)
    sentence: str

    @property
    def arrow(self) -> str:
        return ARROWS.get(self.direction, "")


def _fmt(x: float) -> str:
    return f"{x:.1f}".replace(".", ",")


def trend(now: tuple[int, int] | None, before: tuple[int, int] | None, minimum: int) -> Trend:
    """`now` and `before` are (observations, confirmed weeks) of the two periods."""
    if now is None or not now[1]:
        return Trend("", "Inga fastställda veckolägesbilder under perioden.")
    if before is None or not before[1]:
        return Trend("", "Inga fastställda veckolägesbilder samma period förra året.")
    (count, weeks), (count_before, weeks_before) = now, before
    if count < minimum or count_before < minimum:
        return Trend("", f"För få iakttagelser för att jämföra (under {minimum}).")
    if weeks == weeks_before:
        direction = change_direction(count, count_before)
        percent = round(100 * (count - count_before) / count_before)
        return Trend(
            direction,
            f"{count} mot {count_before} samma period förra året: "
            f"{WORDS[direction]} ({percent:+d} %).",
        )
    mean, mean_before = count / weeks, count_before / weeks_before
    direction = change_direction(mean, mean_before)
    percent = round(100 * (mean - mean_before) / mean_before)
    return Trend(
        direction,
        f"{_fmt(mean)} per fastställd vecka mot {_fmt(mean_before)} samma period förra året "
        f"({weeks} mot {weeks_before} veckor): {WORDS[direction]} ({percent:+d} %).",
    )

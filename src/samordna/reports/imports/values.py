"""An observation's choices by any of their Swedish or English names, and the hours of
each time band; the cells themselves are read by `samordna.tabular.cells`.

Values that parse but mean nothing (certainty "kanske") are passed on unchanged, so
that `check_observation` stays the one place that says what is allowed.
"""

from __future__ import annotations

from datetime import date, datetime, time, timedelta

from samordna.reports.models import Observation
from samordna.tabular.cells import choice_table, to_utc

CERTAINTY = choice_table(
    Observation.Certainty,
    {"sett": "observed", "misstänkt": "suspected", "hört": "heard", "hört talas om": "heard"},
)
TIME_BAND = choice_table(
    Observation.TimeBand,
    {"morgon": "morning", "dag": "day", "kväll": "evening", "natt": "night"},
)
PLACE_TYPE = choice_table(
    Observation.PlaceType,
    {"offentlig": "public", "halvoffentlig": "semi_public", "inomhus": "indoor"},
)
POLICE = choice_table(
    Observation.PoliceReported,
    {"j": "yes", "n": "no", "true": "yes", "false": "no", "1": "yes", "0": "no"},
)
# The hours each band covers (Observation.TimeBand's labels); night ends the next day.
BAND_HOURS = {"morning": (6, 10), "day": (10, 17), "evening": (17, 22), "night": (22, 30)}


def band_bounds(day: date, band: str) -> tuple[datetime, datetime]:
    """[from, to] in UTC of a time band on a local date."""
    start, end = BAND_HOURS[band]
    midnight = datetime.combine(day, time(0))
    return (
        to_utc(midnight + timedelta(hours=start)),
        to_utc(midnight + timedelta(hours=end)),
    )

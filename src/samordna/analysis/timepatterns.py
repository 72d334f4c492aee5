"""When do things happen? Counts per weekday and hour of the day.

The caller converts timestamps to Europe/Stockholm local time first (a Friday night
is a local Friday night) and labels the rows; this module only counts.
"""

from __future__ import annotations

import numpy as np
from numpy.typing import ArrayLike, NDArray

DAYS = 7
HOURS = 24


def hour_weekday_matrix(weekdays: ArrayLike, hours: ArrayLike) -> NDArray[np.int64]:
    """A (7, 24) matrix of event counts: row = weekday (0 = Monday), column = hour.

    `weekdays` and `hours` are paired per event, as `datetime.weekday()` and
    `datetime.hour` of local times give them.
    """
    day_array = _whole_numbers(weekdays, "weekdays", DAYS)
    hour_array = _whole_numbers(hours, "hours", HOURS)
    if day_array.shape != hour_array.shape:
        raise ValueError(
            f"weekdays and hours differ in length: {len(day_array)} and {len(hour_array)}"
        )
    flat = np.bincount(day_array * HOURS + hour_array, minlength=DAYS * HOURS)
    return flat.astype(np.int64).reshape(DAYS, HOURS)


def _whole_numbers(values: ArrayLike, name: str, limit: int) -> NDArray[np.int64]:
    """Validate values as whole numbers in 0..limit-1 and return them as integers."""
    array = np.asarray(values)
    if array.ndim != 1:
        raise ValueError(f"{name} must be a one-dimensional sequence, got {array.ndim} dimensions")
    if array.size == 0:
        return np.empty(0, dtype=np.int64)
    if not (np.issubdtype(array.dtype, np.integer) or np.issubdtype(array.dtype, np.floating)):
        raise ValueError(f"{name} must be numbers, got {array.dtype}")
    as_float = array.astype(np.float64)
    if not np.isfinite(as_float).all() or (as_float != np.floor(as_float)).any():
        raise ValueError(f"{name} must be whole numbers")
    if (as_float < 0).any() or (as_float >= limit).any():
        raise ValueError(f"{name} must lie between 0 and {limit - 1}")
    return as_float.astype(np.int64)

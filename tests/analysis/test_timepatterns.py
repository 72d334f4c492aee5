"""Counts per weekday and hour, from local times the caller has already converted."""

from __future__ import annotations

import numpy as np
import pytest

from samordna.analysis.timepatterns import hour_weekday_matrix


def test_events_land_in_their_weekday_and_hour():
    # Two Friday nights at 22, one Monday at midnight, one Sunday at 23.
    matrix = hour_weekday_matrix([4, 4, 0, 6], [22, 22, 0, 23])
    assert matrix.shape == (7, 24)
    assert matrix.dtype == np.int64
    assert matrix[4, 22] == 2
    assert matrix[0, 0] == 1
    assert matrix[6, 23] == 1
    assert matrix.sum() == 4


def test_no_events_give_a_matrix_of_zeros():
    matrix = hour_weekday_matrix([], [])
    assert matrix.shape == (7, 24)
    assert not matrix.any()


def test_numpy_arrays_and_whole_floats_are_accepted():
    matrix = hour_weekday_matrix(np.array([2.0, 2.0]), np.array([13, 14]))
    assert matrix[2, 13] == matrix[2, 14] == 1


@pytest.mark.parametrize(
    ("weekdays", "hours", "message"),
    [
        ([7], [0], "weekdays must lie between 0 and 6"),
        ([-1], [0], "weekdays must lie between 0 and 6"),
        ([0], [24], "hours must lie between 0 and 23"),
        ([0], [1.5], "hours must be whole numbers"),
        ([0, 1], [3], "differ in length"),
        ([[0]], [[1]], "one-dimensional"),
        (["mon"], [1], "weekdays must be numbers"),
    ],
)
def test_bad_input_is_refused(weekdays, hours, message):
    with pytest.raises(ValueError, match=message):
        hour_weekday_matrix(weekdays, hours)

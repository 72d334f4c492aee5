"""Small-count suppression: primary, and complementary within a partition."""

from __future__ import annotations

from samordna.privacy.suppression import Suppressed, is_small, suppress_linked, suppress_partition


def test_the_phrase_never_holds_the_number():
    assert str(Suppressed(10)) == "färre än 10 svar"
    assert str(Suppressed(5, "händelser")) == "färre än 5 händelser"


def test_small_is_between_zero_and_the_minimum():
    assert [is_small(n, 10) for n in (0, 1, 9, 10, 11)] == [False, True, True, False, False]


def test_nothing_small_nothing_hidden():
    assert suppress_partition({"K": 40, "M": 35}, 10) == set()


def test_one_small_cell_takes_the_next_smallest_with_it():
    # K = 4 alone could be read back as total − M − V; with V hidden too, 4 + 12 ≥ 10.
    assert suppress_partition({"K": 4, "M": 50, "V": 12}, 10) == {"K", "V"}


def test_two_small_cells_that_together_reach_the_minimum_are_enough():
    assert suppress_partition({"a": 6, "b": 5, "c": 80}, 10) == {"a", "b"}


def test_a_small_remainder_hides_the_smallest_shown_cell():
    # Three answered "other": not shown, but total − women − men would give them back.
    assert suppress_partition({"K": 40, "M": 30}, 10, remainder=3) == {"M"}


def test_a_large_remainder_needs_no_help():
    assert suppress_partition({"K": 4, "M": 30}, 10, remainder=20) == {"K"}


def test_empty_cells_are_neither_hidden_nor_used_to_hide():
    assert suppress_partition({"a": 0, "b": 3, "c": 40}, 10) == {"b", "c"}


def test_linked_tables_hide_a_second_cell_in_each_direction():
    # Area x gender with margins: (a, K) = 4 is small. Hiding (a, M) protects the row;
    # the column K (sum published) needs (b, K) hidden too, and then row b needs (b, M).
    counts = {
        ("a", "K"): 4, ("a", "M"): 30, ("b", "K"): 40, ("b", "M"): 35,
        ("a", None): 34, ("b", None): 75, (None, "K"): 44, (None, "M"): 65,
    }  # fmt: skip
    partitions = [
        [("a", "K"), ("a", "M")],
        [("b", "K"), ("b", "M")],
        [("a", "K"), ("b", "K")],
        [("a", "M"), ("b", "M")],
    ]

    hidden = suppress_linked(counts, partitions, 10)

    assert hidden == {("a", "K"), ("a", "M"), ("b", "K"), ("b", "M")}


def test_unpublished_cells_count_but_are_not_returned():
    counts = {"K": 40, "M": 30, "X": 12}

    assert suppress_linked(counts, [["K", "M", "X"]], 10, unpublished=["X"]) == set()
    counts["X"] = 3
    assert suppress_linked(counts, [["K", "M", "X"]], 10, unpublished=["X"]) == {"M"}

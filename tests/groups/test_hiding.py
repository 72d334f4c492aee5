"""Small counts in the joint table: hidden for every reader, members included."""

from __future__ import annotations

from samordna.groups.hiding import hide_table

A, B, C = 1, 2, 3


def _texts(table, categories, members):
    return {
        c: [table.cells[(c, m)].text for m in members] + [table.totals[c].text] for c in categories
    }


def test_counts_at_the_threshold_show_and_below_it_read_fewer_than():
    counts = {("x", A): 5, ("x", B): 4, ("y", A): 0, ("y", B): 12}

    table = hide_table(counts, ["x", "y"], [A, B], 5)

    # x: the total minus A's shown 5 would give B's 4 back to anybody: hidden.
    assert _texts(table, ["x", "y"], [A, B]) == {
        "x": ["5", "färre än 5", "visas inte"],
        "y": ["färre än 5", "12", "12"],
    }


def test_a_total_is_shown_when_every_reader_is_left_with_at_least_the_threshold():
    # Three members: A's people know their 2; B's 3 and C's 4 stay 7 together for them,
    # but B's people would be left with 2 + 4 = 6 and C's with 5: all at least 5.
    counts = {("x", A): 2, ("x", B): 3, ("x", C): 4}

    table = hide_table(counts, ["x"], [A, B, C], 5)

    assert table.totals["x"].text == "9"


def test_a_total_that_leaves_a_reader_below_the_threshold_is_hidden():
    counts = {("x", A): 1, ("x", B): 3, ("x", C): 40}

    table = hide_table(counts, ["x"], [A, B, C], 5)

    # C's people would learn 1 + 3 = 4.
    assert table.totals["x"].text == "visas inte"


def test_the_grand_total_protects_the_hidden_category_totals():
    counts = {("x", A): 2, ("x", B): 2, ("y", A): 30, ("y", B): 30}

    table = hide_table(counts, ["x", "y"], [A, B], 5)

    assert table.totals["x"].text == "färre än 5"
    # 64 - 60 would give x's 4 back.
    assert table.total.text == "visas inte"


def test_zero_is_never_a_secret():
    counts = {("x", A): 0, ("x", B): 9}

    table = hide_table(counts, ["x"], [A, B], 5)

    assert table.totals["x"].text == "9"
    assert table.total.text == "9"

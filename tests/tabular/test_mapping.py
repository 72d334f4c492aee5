"""Columns to fields: headers folded, overrides win, two columns for one field refused,
and the other columns handed back for the importing app to judge."""

from __future__ import annotations

import pytest

from samordna.tabular.mapping import aliases, assign_columns, fold, parse_overrides
from samordna.tabular.problems import ImportRefused
from samordna.tabular.readers import SourceRow

FIELDS = {
    "area": ("område", ("area", "stadsdel")),
    "time_band": ("tid på dygnet", ("dygnsdel",)),
}
KNOWN = aliases(FIELDS)


def test_headers_are_compared_folded():
    assert fold("  TID_PÅ - dygnet ") == "tid pa dygnet"
    assert KNOWN[fold("Tid på dygnet")] == KNOWN[fold("time_band")] == "time_band"


def test_fields_are_assigned_and_the_other_columns_handed_back():
    columns = ("Stadsdel", "Dygnsdel", "Väder", "", "Kommentar")
    chosen = parse_overrides("Kommentar=-", columns, KNOWN, choices="område, tid på dygnet")

    fields, others = assign_columns(columns, chosen, KNOWN, FIELDS)

    assert fields == {"area": 0, "time_band": 1}
    assert others == [(2, None)]  # the unnamed and the ignored column carry nothing


def test_an_extra_override_target_is_handed_back_with_its_name():
    columns = ("Område", "Fråga 1")
    chosen = parse_overrides("Fråga 1=andel", columns, KNOWN, choices="…", extra=("andel",))

    assert assign_columns(columns, chosen, KNOWN, FIELDS) == ({"area": 0}, [(1, "andel")])


def test_bad_overrides_are_all_named():
    with pytest.raises(ImportRefused) as raised:
        parse_overrides("Saknas=område, Område=väder", ("Område",), KNOWN, choices="område")

    assert [p.reason for p in raised.value.problems] == [
        "Kolumnen ”Saknas” finns inte i filen.",
        "Okänt fält ”väder”. Välj bland: område.",
    ]


def test_two_columns_for_one_field_are_refused_with_the_callers_hint():
    columns = ("Område", "Stadsdel")

    with pytest.raises(ImportRefused) as raised:
        assign_columns(columns, {}, KNOWN, FIELDS, hint=" för att inte använda den andra")

    (problem,) = raised.value.problems
    assert problem.column == "Stadsdel"
    assert problem.reason == (
        "Kolumnerna ”Område” och ”Stadsdel” betyder båda ”område”. Ange vilken som gäller, "
        "t.ex. ”Stadsdel=-” för att inte använda den andra."
    )


def test_a_mapping_reads_a_rows_cell_by_field():
    from samordna.tabular.mapping import ColumnMapping

    mapping = ColumnMapping(("Område", "Väder"), {"area": 0})
    row = SourceRow(2, ("Vivalla", "regn"))

    assert (mapping.cell(row, "area"), mapping.cell(row, "time_band")) == ("Vivalla", None)
    assert (mapping.column("area"), mapping.column("time_band")) == ("Område", "")

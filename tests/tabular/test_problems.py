"""The one row-level error report: `;`-separated, formulas defused, written beside the file."""

from __future__ import annotations

from samordna.tabular.problems import HEADER, Problem, problems_csv, write_problems


def test_the_report_defuses_formulas_and_names_the_file_as_a_whole():
    report = problems_csv(
        [Problem(3, "Fritext", "=HYPERLINK(1)", "Nej."), Problem.general("Tom fil.")]
    )

    assert report.splitlines() == [
        ";".join(HEADER),
        "3;Fritext;'=HYPERLINK(1);Nej.",
        ";;;Tom fil.",
    ]


def test_the_report_is_written_beside_the_file_unless_told_where(tmp_path):
    source = tmp_path / "rader.csv"
    problems = [Problem(2, "Datum", "igår", "Datumet går inte att läsa.")]

    beside = write_problems(problems, source)
    chosen = write_problems(problems, source, tmp_path / "fel.csv")

    assert beside == tmp_path / "rader-fel.csv"
    assert beside.read_bytes().startswith("\ufeff".encode())
    assert chosen.read_bytes().decode("utf-8-sig") == problems_csv(problems)

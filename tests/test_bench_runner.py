"""`python -m bench` runs every benchmark even when one misses or crashes, and ends
with one table. Fake benchmark modules, no timing."""

from __future__ import annotations

import textwrap
from pathlib import Path

import pytest
from bench import _child, _runner
from bench._targets import Target

PASSING = """
    from bench._targets import Target

    def main():
        print("fast: measured")
        return [Target("fast", "fast / baseline", 2.5, 3.0, higher_is_better=False)]
"""
MISSING = """
    from bench._targets import Target

    def main():
        return [
            Target("slow", "speedup", 4.0, 20.0, higher_is_better=True),
            Target("slow", "other speedup", 30.0, 20.0, higher_is_better=True),
        ]
"""
ON_REQUEST = """
    RUN_BY_DEFAULT = False

    def main():
        raise SystemExit("ran without being named")
"""
RAISING = """
    def main():
        raise SystemExit("crash: answers differ\\n  from the oracle")
"""


@pytest.fixture
def fake_package(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> str:
    package = tmp_path / "fakebench"
    package.mkdir()
    (package / "__init__.py").write_text("")
    (package / "_helper.py").write_text("raise AssertionError('not a benchmark')\n")
    sources = {"crash": RAISING, "fast": PASSING, "slow": MISSING, "heavy": ON_REQUEST}
    for name, source in sources.items():
        (package / f"{name}.py").write_text(textwrap.dedent(source))
    monkeypatch.syspath_prepend(str(tmp_path))
    return "fakebench"


def test_all_run_and_one_table_says_pass_miss_error(
    fake_package: str, capsys: pytest.CaptureFixture[str]
) -> None:
    # given a passing, a missing and a crashing benchmark (the crash comes first)
    # when the runner runs them all
    status = _runner.main([], package=fake_package)

    # then all three ran, the table has a row per target and one for the crash,
    # and the exit status is non-zero only after the table
    out = capsys.readouterr().out
    assert status == 1
    table = out[out.index("benchmark  ") :]
    rows = [line.split() for line in table.splitlines()[2:] if line.strip()]
    assert rows[0][:2] == ["crash", "-"]
    assert "ERROR: crash: answers differ from the oracle" in table
    assert rows[1] == ["fast", "fast", "/", "baseline", "2.5x", "≤", "3x", "pass"]
    assert rows[2] == ["slow", "speedup", "4x", "≥", "20x", "MISS"]
    assert rows[3] == ["slow", "other", "speedup", "30x", "≥", "20x", "pass"]
    assert "Missed or failed: crash, slow." in out


def test_only_the_named_ones_run(fake_package: str, capsys: pytest.CaptureFixture[str]) -> None:
    assert _runner.main(["fast"], package=fake_package) == 0
    out = capsys.readouterr().out
    assert "1 of 1 benchmarks passed." in out
    assert "slow" not in out


def test_a_benchmark_run_on_request_only_runs_when_named(
    fake_package: str, capsys: pytest.CaptureFixture[str]
) -> None:
    # given a benchmark that says RUN_BY_DEFAULT = False
    # when all run, it is left out; when named, it runs
    _runner.main([], package=fake_package)
    assert "heavy" not in capsys.readouterr().out
    assert _runner.main(["heavy"], package=fake_package) == 1
    assert "ERROR: ran without being named" in capsys.readouterr().out


def test_an_unknown_name_is_refused(fake_package: str) -> None:
    assert _runner.main(["nope"], package=fake_package) == 2


@pytest.mark.parametrize(
    ("value", "limit", "higher_is_better", "passed"),
    [
        (3.0, 3.0, False, True),
        (3.01, 3.0, False, False),
        (20.0, 20.0, True, True),
        (19.9, 20.0, True, False),
        (float("nan"), 20.0, True, False),
        (float("nan"), 3.0, False, False),
    ],
)
def test_target_passed(value: float, limit: float, higher_is_better: bool, passed: bool) -> None:
    assert Target("b", "m", value, limit, higher_is_better).passed is passed


def test_an_error_is_one_line_for_the_table() -> None:
    assert _child._message(ValueError("a\nb")) == "ValueError: a b"
    assert _child._message(SystemExit(0)) == "exited before its result"
    assert len(_child._message(RuntimeError("x" * 1000))) == 300

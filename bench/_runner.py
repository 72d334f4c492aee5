"""Run benchmarks one after the other, each in a process of its own, and print one table.

A process per benchmark because most of them configure Django for a throwaway
database of their own: in one shared process the second benchmark would run on the
first one's settings (its deleted database, its DEBUG). A benchmark that misses its
target or crashes does not stop the others; the exit status says whether all passed.
"""

from __future__ import annotations

import importlib
import importlib.util
import json
import os
import pkgutil
import subprocess
import sys
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

from bench._targets import Target

HEADER = ("benchmark", "measure", "value", "target", "result")


@dataclass(frozen=True)
class Outcome:
    """What one benchmark's run gave: its targets, or the error that ended it."""

    benchmark: str
    targets: list[Target] = field(default_factory=list)
    error: str | None = None

    @property
    def passed(self) -> bool:
        return self.error is None and all(t.passed for t in self.targets)


def benchmark_names(package: str = "bench") -> list[str]:
    paths = importlib.import_module(package).__path__
    return sorted(
        info.name
        for info in pkgutil.iter_modules(paths)
        if not info.name.startswith("_") and not info.ispkg
    )


def runs_by_default(name: str, package: str = "bench") -> bool:
    """False for a benchmark that says `RUN_BY_DEFAULT = False` (one that starts servers
    of its own or takes many minutes): it runs only when named. Read from the source, so
    that listing the benchmarks imports none of them."""
    spec = importlib.util.find_spec(f"{package}.{name}")
    source = Path(spec.origin).read_text("utf-8") if spec and spec.origin else ""
    return "\nRUN_BY_DEFAULT = False\n" not in source


def _child_env(package: str) -> dict[str, str]:
    """The environment, with the directories holding `bench` and `package` importable."""
    roots = {str(Path(importlib.import_module(p).__path__[0]).parent) for p in ("bench", package)}
    paths = [*sorted(roots), *filter(None, os.environ.get("PYTHONPATH", "").split(os.pathsep))]
    return {**os.environ, "PYTHONPATH": os.pathsep.join(paths)}


def run_one(name: str, package: str = "bench") -> Outcome:
    """Run `package.name`'s `main()` in a child process (its output goes straight to
    ours) and read back the targets it returned or the error it raised."""
    with tempfile.TemporaryDirectory(prefix="samordna-bench-") as directory:
        report = Path(directory) / "outcome.json"
        command = [sys.executable, "-m", "bench._child", f"{package}.{name}", str(report)]
        completed = subprocess.run(command, env=_child_env(package), check=False)  # noqa: S603
        found = json.loads(report.read_text("utf-8")) if report.exists() else {}
    if "error" in found:
        return Outcome(name, error=found["error"])
    if completed.returncode != 0 or "targets" not in found:
        return Outcome(name, error=f"ended with exit status {completed.returncode} and no result")
    return Outcome(name, targets=[Target(**target) for target in found["targets"]])


def table(outcomes: list[Outcome]) -> str:
    rows: list[tuple[str, ...]] = []
    for outcome in outcomes:
        for t in outcome.targets:
            result = "pass" if t.passed else "MISS"
            rows.append((t.benchmark, t.measure, t.shown_value, t.shown_target, result))
        if outcome.error is not None:
            rows.append((outcome.benchmark, "-", "-", "-", f"ERROR: {outcome.error}"))
        elif not outcome.targets:
            rows.append((outcome.benchmark, "-", "-", "-", "no target"))
    widths = [max(len(row[i]) for row in [HEADER, *rows]) for i in range(len(HEADER) - 1)]
    lines = [
        "  ".join([*(cell.ljust(w) for cell, w in zip(row, widths, strict=False)), row[-1]])
        for row in [HEADER, *rows]
    ]
    lines.insert(1, "  ".join("-" * w for w in [*widths, len(HEADER[-1])]))
    return "\n".join(lines)


def main(argv: list[str], package: str = "bench") -> int:
    available = benchmark_names(package)
    chosen = argv or [name for name in available if runs_by_default(name, package)]
    unknown = sorted(set(chosen) - set(available))
    if unknown:
        print(f"Okänd benchmark: {', '.join(unknown)}. Finns: {', '.join(available)}.")
        return 2
    outcomes = []
    for name in chosen:
        print(f"== {name}", flush=True)
        outcomes.append(run_one(name, package))
    return report(outcomes)


def report(outcomes: list[Outcome]) -> int:
    """Print the table and a last line; the exit status: 1 if anything missed or failed."""
    print()
    print(table(outcomes))
    failed = [o.benchmark for o in outcomes if not o.passed]
    print(f"\n{len(outcomes) - len(failed)} of {len(outcomes)} benchmarks passed.", end="")
    print(f" Missed or failed: {', '.join(failed)}." if failed else "")
    return 1 if failed else 0

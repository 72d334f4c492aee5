"""Timing helpers shared by the benchmarks: wall and CPU clocks, paired ratios, the
machine's description and the results file."""

from __future__ import annotations

import json
import os
import platform
import statistics
import time
from collections.abc import Callable, Sequence
from pathlib import Path
from types import TracebackType
from typing import Any, Self

RESULTS_DIR = Path(__file__).parent / "results"


def timed(function: Callable[..., Any], *args: Any, **kwargs: Any) -> tuple[Any, float]:
    """The value and the wall-clock seconds of one call."""
    start = time.perf_counter()
    value = function(*args, **kwargs)
    return value, time.perf_counter() - start


def cpu_timed(function: Callable[..., Any], *args: Any, **kwargs: Any) -> tuple[Any, float, float]:
    """The value, the wall-clock seconds and this process's CPU seconds of one call.

    CPU time leaves out the time the process waited for a core, which on a shared
    machine is most of the noise; it only means something for code that runs in this
    process on one thread."""
    wall, cpu = time.perf_counter(), time.process_time()
    value = function(*args, **kwargs)
    return value, time.perf_counter() - wall, time.process_time() - cpu


class Stopwatch:
    """The wall-clock and CPU seconds of a block: `with Stopwatch() as watch: ...`."""

    wall = cpu = 0.0

    def __enter__(self) -> Self:
        self._start = time.perf_counter(), time.process_time()
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.wall = time.perf_counter() - self._start[0]
        self.cpu = time.process_time() - self._start[1]


def paired_ratio(numerators: Sequence[float], denominators: Sequence[float]) -> float:
    """The median of the per-pair ratios: each pair shares the machine's mood of the
    moment, so a slow spell moves both sides of a pair, not the result."""
    return statistics.median(n / d for n, d in zip(numerators, denominators, strict=True))


def rounded(seconds: Sequence[float], digits: int = 4) -> list[float]:
    return [round(s, digits) for s in seconds]


def machine() -> dict[str, Any]:
    cpu = platform.processor()
    cpuinfo = Path("/proc/cpuinfo")
    if cpuinfo.exists():
        models = [
            line for line in cpuinfo.read_text().splitlines() if line.startswith("model name")
        ]
        cpu = models[0].split(":", 1)[1].strip() if models else cpu
    return {
        "platform": platform.platform(),
        "cpu": cpu,
        "cpus": os.cpu_count(),
        "load_average": [round(x, 2) for x in os.getloadavg()],
    }


def write_results(name: str, result: dict[str, Any]) -> Path:
    path = RESULTS_DIR / f"{name}.json"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(result, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    return path

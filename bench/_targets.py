"""What a benchmark promises: one `Target` per measured ratio, checked by the runner.

A benchmark's `main()` returns its targets instead of stopping on a miss, so that
`python -m bench` can run every benchmark and print one table at the end. A wrong
result (an answer that disagrees with the oracle) is not a miss: it still raises.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Target:
    """One measured value against its limit (a NaN value never passes)."""

    benchmark: str
    measure: str
    value: float
    target: float
    higher_is_better: bool
    unit: str = "x"

    @property
    def passed(self) -> bool:
        if self.higher_is_better:
            return self.value >= self.target
        return self.value <= self.target

    @property
    def shown_value(self) -> str:
        return f"{self.value:g}{self.unit}"

    @property
    def shown_target(self) -> str:
        return f"{'≥' if self.higher_is_better else '≤'} {self.target:g}{self.unit}"

"""Pure privacy helpers (no Django): personal-data detection, small-count suppression."""

from samordna.privacy.personal_data import (
    Finding,
    FindingKind,
    describe,
    find_personal_data,
    quoted,
    spans,
)
from samordna.privacy.suppression import Suppressed, is_small, suppress_partition

__all__ = [
    "Finding",
    "FindingKind",
    "Suppressed",
    "describe",
    "find_personal_data",
    "is_small",
    "quoted",
    "spans",
    "suppress_partition",
]

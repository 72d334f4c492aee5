"""Pure privacy helpers (no Django): personal-data detection, small-count suppression."""

from samordna.privacy.personal_data import Finding, FindingKind, describe, find_personal_data

__all__ = ["Finding", "FindingKind", "describe", "find_personal_data"]

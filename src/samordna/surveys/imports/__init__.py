"""Importing survey files (CSV/XLSX): read (`samordna.tabular`), map columns, check every
row, then write every round, question and row, or nothing."""

from samordna.surveys.imports.mapping import SurveyMapping, detect_mapping
from samordna.surveys.imports.service import ImportResult, SurveyMeta, survey_import

__all__ = ["ImportResult", "SurveyMapping", "SurveyMeta", "detect_mapping", "survey_import"]

"""Importing survey files (CSV/XLSX): read, map columns, check every row, then write
every round, question and row, or nothing. The readers and the row-level problem
report are the report import's (`samordna.reports.imports`)."""

from samordna.reports.imports.errors import Problem, ReportImportError, problems_csv
from samordna.reports.imports.readers import read_table
from samordna.surveys.imports.mapping import SurveyMapping, detect_mapping
from samordna.surveys.imports.service import ImportResult, SurveyMeta, survey_import

__all__ = [
    "ImportResult",
    "Problem",
    "ReportImportError",
    "SurveyMapping",
    "SurveyMeta",
    "detect_mapping",
    "problems_csv",
    "read_table",
    "survey_import",
]

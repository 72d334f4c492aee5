"""Importing observations from CSV, XLSX and JSON files: read, map columns, check
every row, then write all rows or none (`samordna import_reports`, the web upload)."""

from samordna.reports.imports.errors import Problem, ReportImportError, problems_csv
from samordna.reports.imports.mapping import ColumnMapping, detect_mapping
from samordna.reports.imports.readers import SourceRow, Table, read_table
from samordna.reports.imports.service import ImportResult, reports_import

__all__ = [
    "ColumnMapping",
    "ImportResult",
    "Problem",
    "ReportImportError",
    "SourceRow",
    "Table",
    "detect_mapping",
    "problems_csv",
    "read_table",
    "reports_import",
]

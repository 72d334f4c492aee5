"""Importing observations from CSV, XLSX and JSON files: read (`samordna.tabular`), map
columns to observation fields, check every row, then write all rows or none
(`samordna import_reports`, the web upload)."""

from samordna.reports.imports.mapping import ColumnMapping, detect_mapping
from samordna.reports.imports.service import ImportResult, reports_import

__all__ = ["ColumnMapping", "ImportResult", "detect_mapping", "reports_import"]

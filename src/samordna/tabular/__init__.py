"""Importing tables, for every app that takes files: read a file (bounded, with Swedish
reasons), read its CSV/XLSX/JSON rows, map its columns, parse cells, report every row's
problems (one error type, one error CSV) and keep an upload between preview and confirm.

A foundation package: it knows no domain. What a row means (an observation, a survey
answer) is the importing app's; see `reports.imports` and `surveys.imports`.
"""

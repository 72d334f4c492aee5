"""Reporting (inrapportering): reports and observations from every partner."""

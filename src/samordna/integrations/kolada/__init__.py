"""Kolada (api.kolada.se/v3): municipal key figures, imported per municipality, year and gender."""

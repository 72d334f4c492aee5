"""The Swedish Police's events API (polisen.se): parsing, the municipality rule,
the all-or-nothing import, and a polite polling client."""

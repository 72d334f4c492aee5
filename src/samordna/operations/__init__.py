"""The installation's operator: municipalities added, onboarded and deactivated (issue 19)."""

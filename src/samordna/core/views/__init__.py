"""Core pages: start page, membership switch, sign-in extras, geography, audit log."""

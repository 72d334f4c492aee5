"""Pure privacy helpers (no Django): personal-data detection, small-count suppression."""

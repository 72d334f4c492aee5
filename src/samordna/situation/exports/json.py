"""The JSON export: the document itself, UTF-8, in the document's own key order."""

from __future__ import annotations

import json
from collections.abc import Mapping
from typing import Any


def render(document: Mapping[str, Any]) -> bytes:
    # The document's order (format, municipality, period, …) reads top-down as the
    # format's documentation does; sorting would scatter it.
    return (json.dumps(document, ensure_ascii=False, indent=2) + "\n").encode("utf-8")

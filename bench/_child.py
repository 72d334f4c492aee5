"""Run one benchmark module in this process and write what it gave for the runner:
`python -m bench._child MODULE REPORT_FILE` (used by `bench._runner`, not by hand)."""

from __future__ import annotations

import dataclasses
import importlib
import json
import sys
from pathlib import Path


def _message(error: BaseException, limit: int = 300) -> str:
    """One line for the runner's table (the traceback goes to stderr as usual)."""
    if isinstance(error, SystemExit):
        text = str(error.code) if error.code not in (None, 0) else "exited before its result"
    else:
        text = f"{type(error).__name__}: {error}"
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


def main(module: str, report: str) -> None:
    try:
        targets = importlib.import_module(module).main()
        found = {"targets": [dataclasses.asdict(t) for t in targets]}
    except BaseException as error:  # SystemExit and crashes alike: reported, then re-raised
        Path(report).write_text(json.dumps({"error": _message(error)}), encoding="utf-8")
        raise
    Path(report).write_text(json.dumps(found), encoding="utf-8")


if __name__ == "__main__":
    main(*sys.argv[1:])

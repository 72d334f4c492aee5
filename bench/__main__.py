"""Run every benchmark module in `bench/`, or only those named on the command line,
and end with one table of their targets (see `bench/_runner.py`)."""

from __future__ import annotations

import sys

from bench._runner import main

if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))

"""Benchmarks with recorded results: `make bench` (or `python -m bench [name …]`).

Each module here has a `main()` that measures against a baseline in the same run,
writes `bench/results/<name>.json` and prints a one-line summary.
"""

"""Benchmarks with recorded results: `make bench` (or `python -m bench [name …]`).

Each module here has a `main()` that measures against a baseline in the same run,
writes `bench/results/<name>.json`, prints a one-line summary and returns its
targets (`bench._targets.Target`); `bench._runner` runs them and prints one table.
"""

"""Paging through every observation of `load_demo --scale 10` with OGC API - Features
(`limit=1000`, following rel="next"): the last page must cost no more than 2x the first.

In-process (Django's test client, production settings, SQLite in a throwaway directory
or in --keep DIR), CPU time per request. Baseline in the same run: the observations
API's old numbered pages (`?page=N`, OFFSET), first against last. See bench/README.md.
"""

from __future__ import annotations

import argparse
import io
import json
import os
import platform
import secrets
import statistics
import sys
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from bench._runner import Outcome, report
from bench._targets import Target

NAME = "ogc_paging"
SCALE = 10
LIMIT = 1000
RUNS = 3
REPEATS = 5  # requests of the first and of the last page in each run; the median counts
TARGET_RATIO = 2.0
RESULTS = Path(__file__).parent / "results" / f"{NAME}.json"
ITEMS = f"/api/v1/ogc/collections/observations/items?limit={LIMIT}"
NUMBERED = f"/api/v1/observations/geojson/?page_size={LIMIT}&page="


def _arguments(argv: list[str]) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog=f"python -m bench {NAME}")
    parser.add_argument(
        "--keep",
        metavar="DIR",
        help="keep the SQLite database in DIR and reuse it on the next run",
    )
    return parser.parse_args(argv)


def _configure(var_dir: str) -> None:
    from cryptography.fernet import Fernet

    os.environ.update(
        SAMORDNA_VAR_DIR=var_dir,
        SAMORDNA_DEBUG="0",  # DEBUG would record every query and distort the timings
        SECRET_KEY=secrets.token_hex(32),  # a throwaway key for a throwaway database
        SECURE_SSL_REDIRECT="0",
        SAMORDNA_CASES_KEYS=Fernet.generate_key().decode(),
        LOG_LEVEL="WARNING",
        DJANGO_SETTINGS_MODULE="samordna.settings",
    )
    os.environ.pop("DATABASE_URL", None)
    import django
    from django.core.management import call_command

    django.setup()
    call_command("migrate", verbosity=0)


def _data() -> dict[str, Any]:
    """The demo at --scale 10, loaded unless the kept database already holds it."""
    from django.core.management import call_command

    from samordna.reports.models import Observation

    started = time.perf_counter()
    if not Observation.objects.filter(municipality__slug="orebro").exists():
        # Its list of demo logins is not this benchmark's output.
        call_command("load_demo", scale=SCALE, verbosity=0, stdout=io.StringIO())
    return {
        "scale": SCALE,
        "observations": Observation.objects.filter(municipality__slug="orebro").count(),
        "load_seconds": round(time.perf_counter() - started, 1),
    }


def _client() -> Any:
    from django.test import Client

    from samordna.api.services import api_token_create
    from samordna.core.models import User

    token = api_token_create(actor=None, user=User.objects.get(username="analytiker"), rotate=True)
    return Client(HTTP_AUTHORIZATION=f"Token {token.key}")


def _cpu(client: Any, url: str) -> tuple[float, dict[str, Any]]:
    start = time.process_time()
    response = client.get(url)
    body = response.json()
    seconds = time.process_time() - start
    if response.status_code != 200:
        raise SystemExit(f"{NAME}: {url} answered {response.status_code}")
    return seconds, body


def _walk(client: Any) -> dict[str, Any]:
    """Every page once, following rel="next": the URLs, the ids and each page's CPU time."""
    urls, ids, seconds, url = [], [], [], ITEMS
    while url:
        spent, body = _cpu(client, url)
        urls.append(url)
        seconds.append(spent)
        ids += [feature["id"] for feature in body["features"]]
        url = next((ln["href"] for ln in body["links"] if ln["rel"] == "next"), "")
    return {"urls": urls, "ids": ids, "seconds": seconds}


def _pair(client: Any, first: str, last: str) -> dict[str, float]:
    """Median CPU seconds of the two pages, requested in turn so drift hits both."""
    times: dict[str, list[float]] = {"first": [], "last": []}
    for _ in range(REPEATS):
        times["first"].append(_cpu(client, first)[0])
        times["last"].append(_cpu(client, last)[0])
    return {name: statistics.median(found) for name, found in times.items()}


def _ratio(runs: list[dict[str, float]]) -> dict[str, Any]:
    first = statistics.median(run["first"] for run in runs)
    last = statistics.median(run["last"] for run in runs)
    return {
        "first_page_ms": round(first * 1000, 2),
        "last_page_ms": round(last * 1000, 2),
        "ratio": round(last / first, 2),
        "each_run": [_milliseconds(run) for run in runs],
    }


def _milliseconds(run: dict[str, float]) -> dict[str, float]:
    found = {f"{name}_page_ms": round(seconds * 1000, 2) for name, seconds in run.items()}
    return found | {"ratio": round(run["last"] / run["first"], 2)}


def _tenths(seconds: list[float]) -> dict[str, float]:
    """Median page time of the first and the last tenth of the walk: no drift between."""
    tenth = max(len(seconds) // 10, 1)
    return {
        "first_tenth_median": round(statistics.median(seconds[:tenth]) * 1000, 1),
        "last_tenth_median": round(statistics.median(seconds[-tenth:]) * 1000, 1),
    }


def run(argv: list[str]) -> dict[str, Any]:
    from bench.point_in_area import machine

    args = _arguments(argv)
    with tempfile.TemporaryDirectory(prefix="samordna-bench-") as temporary:
        var_dir = args.keep or temporary
        Path(var_dir).mkdir(parents=True, exist_ok=True)
        _configure(var_dir)
        import django

        data = _data()
        client = _client()
        walked = _walk(client)
        pages = len(walked["urls"])
        # The last full page: the very last one may hold only the remainder.
        last_full = walked["urls"][-1 if data["observations"] % LIMIT == 0 else -2]
        keyset = [_pair(client, walked["urls"][0], last_full) for _ in range(RUNS)]
        numbered = [_pair(client, f"{NUMBERED}1", f"{NUMBERED}{pages - 1}") for _ in range(RUNS)]
    complete = sorted(walked["ids"]) == sorted(set(walked["ids"]))
    complete = complete and len(walked["ids"]) == data["observations"]
    result = {
        "benchmark": NAME,
        "date": datetime.now(UTC).isoformat(timespec="seconds"),
        "machine": machine(),
        "python": platform.python_version(),
        "django": django.get_version(),
        "database": "SQLite (production settings), in-process test client, CPU time",
        "data": data,
        "limit": LIMIT,
        "pages": pages,
        "every_observation_once": complete,
        "walk_cpu_seconds": round(sum(walked["seconds"]), 2),
        "walk_page_ms": _tenths(walked["seconds"]),
        "keyset_first_vs_last_full_page": _ratio(keyset),
        "baseline_numbered_pages_first_vs_last": _ratio(numbered),
        "runs": RUNS,
        "repeats_per_run": REPEATS,
        "target_ratio": TARGET_RATIO,
    }
    result["ok"] = complete and result["keyset_first_vs_last_full_page"]["ratio"] <= TARGET_RATIO
    return result


def main(argv: list[str] | None = None) -> list[Target]:
    result = run(argv or [])
    RESULTS.parent.mkdir(parents=True, exist_ok=True)
    RESULTS.write_text(json.dumps(result, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    keyset = result["keyset_first_vs_last_full_page"]
    numbered = result["baseline_numbered_pages_first_vs_last"]
    print(
        f"{NAME}: {result['data']['observations']:,} observations in {result['pages']} pages of "
        f"{LIMIT}: first {keyset['first_page_ms']} ms, last {keyset['last_page_ms']} ms CPU: "
        f"{keyset['ratio']}x (limit {TARGET_RATIO:g}x); numbered pages (OFFSET) "
        f"{numbered['ratio']}x; every observation once: {result['every_observation_once']}"
    )
    # A walk that misses or repeats an observation is a wrong result, not a miss.
    if not result["every_observation_once"]:
        raise SystemExit(f"{NAME}: the walk did not return every observation exactly once")
    return [
        Target(NAME, "last full page / first page (CPU time)", keyset["ratio"], TARGET_RATIO, False)
    ]


if __name__ == "__main__":
    sys.exit(report([Outcome(NAME, targets=main(sys.argv[1:]))]))

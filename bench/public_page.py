"""The public page and its JSON under concurrent load, against the sign-in page of the
same server in the same run. Bounded and local: `samordna serve` (gunicorn, production
settings) on 127.0.0.1 with the demo in a throwaway SQLite database. ROUNDS rounds, the
three targets interleaved in a rotating order; the median of the per-round ratios counts.
See bench/README.md.
"""

from __future__ import annotations

import http.client
import os
import platform
import secrets
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from datetime import UTC, datetime
from typing import Any

from bench._targets import Target
from bench._timing import machine, paired_ratio, write_results

NAME = "public_page"
HOST = "127.0.0.1"  # never anything else: this is a load test
THREADS = 8
REQUESTS = 600  # per target and round
ROUNDS = 3
WORKERS = 2
TARGET_RATIO = 1.0  # the cached public page at least as fast as the sign-in page
TARGETS = {
    "baseline_login": "/konto/logga-in/",
    "public_page": "/offentlig/orebro/",
    "public_json": "/offentlig/orebro/data.json",
}


def _env(directory: str) -> dict[str, str]:
    from cryptography.fernet import Fernet

    env = {k: v for k, v in os.environ.items() if k != "DATABASE_URL"}
    env.update(
        SAMORDNA_DEBUG="0",
        SECRET_KEY=secrets.token_urlsafe(48),  # a throwaway key for a throwaway database
        ALLOWED_HOSTS=HOST,
        SECURE_SSL_REDIRECT="0",
        SESSION_COOKIE_SECURE="0",
        CSRF_COOKIE_SECURE="0",
        SAMORDNA_VAR_DIR=directory,
        SAMORDNA_CASES_KEYS=Fernet.generate_key().decode(),
        SAMORDNA_MAP_TILE_URL="",
        LOG_LEVEL="WARNING",
    )
    return env


def _free_port() -> int:
    with socket.socket() as s:
        s.bind((HOST, 0))
        return int(s.getsockname()[1])


def _get(port: int, path: str) -> tuple[int, float, dict[str, str]]:
    start = time.perf_counter()
    connection = http.client.HTTPConnection(HOST, port, timeout=30)
    try:
        connection.request("GET", path)
        response = connection.getresponse()
        response.read()
        status, headers = response.status, dict(response.getheaders())
    except OSError:
        status, headers = 0, {}
    finally:
        connection.close()
    return status, time.perf_counter() - start, headers


def _wait(port: int) -> None:
    for _ in range(300):
        if _get(port, TARGETS["baseline_login"])[0] == 200:
            return
        time.sleep(0.2)
    raise RuntimeError("samordna serve never answered")


def _load(port: int, path: str) -> dict[str, Any]:
    """REQUESTS GETs of `path` from THREADS threads, each its own connection."""
    latencies: list[float] = []
    errors = 0
    lock = threading.Lock()
    per_thread = REQUESTS // THREADS

    def worker() -> None:
        nonlocal errors
        mine, bad = [], 0
        for _ in range(per_thread):
            status, seconds, _ = _get(port, path)
            mine.append(seconds)
            bad += status != 200
        with lock:
            latencies.extend(mine)
            errors += bad

    threads = [threading.Thread(target=worker) for _ in range(THREADS)]
    start = time.perf_counter()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    elapsed = time.perf_counter() - start
    return {"requests": len(latencies), "errors": errors, "seconds": elapsed, "lat": latencies}


def _summary(runs: list[dict[str, Any]]) -> dict[str, Any]:
    latencies = sorted(x for run in runs for x in run["lat"])
    p99 = latencies[min(len(latencies) - 1, int(len(latencies) * 0.99))]
    return {
        "requests": sum(run["requests"] for run in runs),
        "errors": sum(run["errors"] for run in runs),
        "requests_per_second": round(
            statistics.median(run["requests"] / run["seconds"] for run in runs), 1
        ),
        "p50_ms": round(statistics.median(latencies) * 1000, 2),
        "p99_ms": round(p99 * 1000, 2),
    }


def _serve(directory: str) -> tuple[subprocess.Popen[bytes], int]:
    env = _env(directory)
    samordna = [sys.executable, "-m", "samordna"]
    for command in (["migrate", "--noinput", "-v0"], ["load_demo", "--days", "28"]):
        subprocess.run(samordna + command, env=env, check=True, capture_output=True)  # noqa: S603
    port = _free_port()
    server = subprocess.Popen(  # noqa: S603
        [*samordna, "serve", "--bind", f"{HOST}:{port}", "--workers", str(WORKERS)],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    return server, port


def _check(port: int) -> dict[str, Any]:
    """The public responses are what the load test claims to measure."""
    status, cold_page, headers = _get(port, TARGETS["public_page"])
    json_status, cold_json, _ = _get(port, TARGETS["public_json"])
    return {
        "public_status": status,
        "json_status": json_status,
        # The first requests build the page in one worker (nothing cached yet).
        "cold_page_ms": round(cold_page * 1000, 1),
        "cold_json_ms": round(cold_json * 1000, 1),
        "cache_control": headers.get("Cache-Control", ""),
        "sets_cookie": "Set-Cookie" in headers,
    }


def _measure() -> tuple[dict[str, Any], dict[str, list[dict[str, Any]]]]:
    """The check of the public responses, then ROUNDS rounds of load on every target."""
    with tempfile.TemporaryDirectory(prefix="samordna-bench-") as directory:
        server, port = _serve(directory)
        try:
            _wait(port)
            check = _check(port)
            for path in TARGETS.values():  # warm every worker's cache and imports
                for _ in range(WORKERS * 4):
                    _get(port, path)
            runs: dict[str, list[dict[str, Any]]] = {name: [] for name in TARGETS}
            names = list(TARGETS)
            for round_ in range(ROUNDS):  # interleaved, the order rotating: drift hits all alike
                for name in names[round_ % 3 :] + names[: round_ % 3]:
                    runs[name].append(_load(port, TARGETS[name]))
        finally:
            server.terminate()
            server.wait(timeout=20)
    return check, runs


def _problems(check: dict[str, Any], errors: int) -> list[str]:
    """What makes the measurement wrong rather than slow."""
    problems = [f"{errors} requests did not answer 200"] if errors else []
    if (check["public_status"], check["json_status"]) != (200, 200):
        problems.append(f"public answers {check['public_status']} / {check['json_status']}")
    if check["cache_control"] != "public, max-age=300":
        problems.append(f"Cache-Control is {check['cache_control']!r}")
    if check["sets_cookie"]:
        problems.append("the public page sets a cookie")
    return problems


def main() -> list[Target]:
    check, runs = _measure()
    results = {name: _summary(found) for name, found in runs.items()}
    rates = {name: [r["requests"] / r["seconds"] for r in found] for name, found in runs.items()}
    base = results["baseline_login"]["requests_per_second"]
    ratios = {
        name: round(paired_ratio(rates[name], rates["baseline_login"]), 2)
        for name in ("public_page", "public_json")
    }
    errors = sum(r["errors"] for r in results.values())
    problems = _problems(check, errors)
    write_results(
        NAME,
        {
            "benchmark": NAME,
            "date": datetime.now(UTC).isoformat(timespec="seconds"),
            "machine": machine(),
            "python": platform.python_version(),
            "server": f"samordna serve, gunicorn sync, {WORKERS} workers, SQLite",
            "threads": THREADS,
            "requests_per_target_and_round": REQUESTS,
            "rounds": ROUNDS,
            "check": check,
            **results,
            "requests_per_second_each_round": {
                k: [round(r, 1) for r in v] for k, v in rates.items()
            },
            "ratio_vs_baseline": ratios,
            "ratio_measure": "median of the per-round ratios of requests per second",
            "target_ratio": TARGET_RATIO,
            "problems": problems,
        },
    )
    page, data = results["public_page"], results["public_json"]
    print(
        f"{NAME}: page {page['requests_per_second']} req/s (p50 {page['p50_ms']} ms, "
        f"p99 {page['p99_ms']} ms), json {data['requests_per_second']} req/s "
        f"(p99 {data['p99_ms']} ms), sign-in page {base} req/s; "
        f"ratio {ratios['public_page']}x / {ratios['public_json']}x (median of {ROUNDS} rounds), "
        f"errors {errors}"
    )
    if problems:
        raise SystemExit(f"{NAME}: wrong answers: {'; '.join(problems)}")
    return [
        Target(NAME, f"{name} req/s / sign-in page req/s", ratios[name], TARGET_RATIO, True)
        for name in ("public_page", "public_json")
    ]

"""Reading observations at `load_demo --scale 10` (issue 18, item 6): the CSV export at
≥ 20,000 rows per CPU second and the XLSX at ≥ 10,000, the observations list API within
3x of a bare DRF list over the same rows, and the observations' GeoJSON in ≤ 0.3 s.

In-process (production settings, SQLite in a throwaway directory or in --keep DIR), as
the demo's coordinator, CPU time (`time.process_time`). Baselines in the same run:
- the exports: the bare cursor, `values_list()` over the same rows and nothing written;
- the list: a bare `ListAPIView` with a plain `ModelSerializer` (the same fields, no
  declared ones) over the same queryset, ordering and page size. Both views are called
  the same way (a request from DRF's factory, authenticated, the response rendered);
- the GeoJSON: the same bare list, for scale.
Each pair runs the code under test next to its baseline; the median of the pairs counts.
A wrong result (a status other than 200, a file without the rows asked for) raises.
`--profile` prints a cProfile of each measured request. See bench/README.md.
"""

from __future__ import annotations

import argparse
import cProfile
import io
import json
import platform
import statistics
import sys
import tempfile
import time
import zipfile
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path
from types import SimpleNamespace
from typing import Any

from bench._runner import Outcome, report
from bench._targets import Target
from bench._timing import machine, paired_ratio, rounded, write_results

NAME = "read_speed"
SCALE = 10
USER = "samordnare"
EXPORT_ROWS = 20_000  # the newest this many (whole days) are exported
PAIRS = 3
LIST_PAGE = 100
LIST_REPEATS = 5  # requests per side and pair; their median counts for the pair
GEOJSON_FEATURES = 1000  # its default page: what a map asks for first
TARGETS = {"csv": 20_000.0, "xlsx": 10_000.0, "list_ratio": 3.0, "geojson_seconds": 0.3}


def _arguments(argv: list[str]) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog=f"python -m bench {NAME}")
    parser.add_argument("--keep", metavar="DIR", help="keep the database in DIR, reuse it")
    parser.add_argument("--profile", action="store_true", help="print where the time goes")
    return parser.parse_args(argv)


def _data() -> dict[str, Any]:
    from django.core.management import call_command

    from samordna.reports.models import Observation

    if not Observation.objects.filter(municipality__slug="orebro").exists():
        print(f"{NAME}: loading the demo at --scale {SCALE} (a few minutes)", flush=True)
        call_command("load_demo", scale=SCALE, verbosity=0, stdout=io.StringIO())
    return {
        "scale": SCALE,
        "observations": Observation.objects.filter(municipality__slug="orebro").count(),
    }


def _cpu(call: Callable[[], Any]) -> tuple[Any, float]:
    start = time.process_time()
    value = call()
    return value, time.process_time() - start


def _profiled(label: str, call: Callable[[], Any]) -> None:
    profiler = cProfile.Profile()
    profiler.enable()
    call()
    profiler.disable()
    out = io.StringIO()
    print(f"--- {label} ---", file=out)
    import pstats

    pstats.Stats(profiler, stream=out).sort_stats("tottime").print_stats(18)
    print(out.getvalue())


# --- exports ----------------------------------------------------------------------------


def _export_filter() -> str:
    """`since=` the day that leaves about EXPORT_ROWS of Örebro's newest observations."""
    from samordna.analysis.periods import STOCKHOLM
    from samordna.reports.models import Observation

    newest = Observation.objects.filter(municipality__slug="orebro").order_by("-occurred_from")
    moment = newest.values_list("occurred_from", flat=True)[EXPORT_ROWS]
    return f"since={moment.astimezone(STOCKHOLM).date().isoformat()}"


def _export(client: Any, kind: str, query: str) -> int:
    """One download through the API, read to its end; the rows its manifest counts."""
    response = client.get(f"/api/v1/observations/export/?format={kind}&{query}")
    if response.status_code != 200:
        raise SystemExit(f"{NAME}: export {kind} answered {response.status_code}")
    data = b"".join(response.streaming_content) if response.streaming else response.content
    if kind == "csv":
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            return int(json.loads(archive.read("manifest.json"))["rows"])
    return -len(data)  # counted below, outside the timing (reading it back is slow)


def _xlsx_rows(client: Any, query: str) -> int:
    from openpyxl import load_workbook

    response = client.get(f"/api/v1/observations/export/?format=xlsx&{query}")
    data = b"".join(response.streaming_content)
    book = load_workbook(io.BytesIO(data), read_only=True)
    return int(next(r[1] for r in book["Om exporten"].values if r[0] == "Antal rader"))


def _cursor(rows_query: Any) -> int:
    from samordna.reports import exports

    return sum(1 for _ in exports.rows_of(rows_query))


def _measure_export(client: Any, user: Any, profile: bool) -> dict[str, Any]:
    from samordna.reports.filtersets import ObservationFilterSet
    from samordna.reports.models import Observation

    query = _export_filter()
    key, value = query.split("=")
    filterset = ObservationFilterSet(
        {key: value},
        queryset=Observation.objects.restrict(user, "view"),
        request=SimpleNamespace(user=user),
    )
    expected = filterset.qs.count()
    result: dict[str, Any] = {"filter": query, "rows": expected}
    for kind in ("csv", "xlsx"):
        _export(client, kind, query)  # warm-up
        if profile:
            _profiled(f"export {kind}", lambda kind=kind: _export(client, kind, query))
        runs, bare = [], []
        for _ in range(PAIRS):
            rows, seconds = _cpu(lambda kind=kind: _export(client, kind, query))
            if kind == "csv" and rows != expected:
                raise SystemExit(f"{NAME}: the CSV holds {rows} rows, not {expected}")
            runs.append(seconds)
            bare.append(_cpu(lambda: _cursor(filterset.qs))[1])
        if kind == "xlsx" and _xlsx_rows(client, query) != expected:
            raise SystemExit(f"{NAME}: the XLSX does not hold the {expected} rows")
        per_second = [expected / s for s in runs]
        result[kind] = {
            "rows_per_cpu_second": round(statistics.median(per_second)),
            "cpu_seconds_each_run": rounded(runs),
            "bare_cursor_cpu_seconds_each_pair": rounded(bare),
            "ratio_to_bare_cursor": round(paired_ratio(runs, bare), 2),
            "target_rows_per_second": TARGETS[kind],
        }
    return result


# --- the list and the GeoJSON -------------------------------------------------------------


def _bare_view() -> Any:
    from rest_framework import generics, serializers

    from samordna.api.report_serializers import ObservationSerializer
    from samordna.reports.models import Observation

    class Plain(serializers.ModelSerializer[Observation]):
        class Meta:
            model = Observation
            fields = [f for f in ObservationSerializer.Meta.fields if f not in ("category_name",)]

    class BareList(generics.ListAPIView):  # type: ignore[type-arg]
        serializer_class = Plain
        filter_backends: list[Any] = []

        def get_queryset(self) -> Any:
            return Observation.objects.restrict(self.request.user, "view").order_by(
                "-occurred_from", "-id"
            )

    from rest_framework.pagination import PageNumberPagination

    class Page(PageNumberPagination):
        page_size = LIST_PAGE

    BareList.pagination_class = Page
    return BareList.as_view()


def _caller(view: Any, path: str, user: Any) -> Callable[[], int]:
    from rest_framework.test import APIRequestFactory, force_authenticate

    factory = APIRequestFactory()

    def call() -> int:
        request = factory.get(path)
        force_authenticate(request, user=user)
        response = view(request)
        response.render()
        if response.status_code != 200:
            raise SystemExit(f"{NAME}: {path} answered {response.status_code}")
        return len(response.data.get("features") or response.data.get("results") or [])

    return call


def _median_cpu(call: Callable[[], Any], repeats: int) -> float:
    return statistics.median(_cpu(call)[1] for _ in range(repeats))


def _measure_views(user: Any, profile: bool) -> dict[str, Any]:
    from django.urls import resolve

    # The views as the router built them (an action's own renderer, pagination and
    # serializer are its initkwargs), called past the URL resolver and middleware.
    list_path = f"/api/v1/observations/?page_size={LIST_PAGE}"
    geojson_path = "/api/v1/observations/geojson/"
    bare = _caller(_bare_view(), "/bare/", user)
    listed = _caller(resolve(list_path.split("?")[0]).func, list_path, user)
    geojson = _caller(resolve(geojson_path).func, geojson_path, user)
    if bare() != LIST_PAGE or listed() != LIST_PAGE:  # also the warm-up
        raise SystemExit(f"{NAME}: a list page does not hold {LIST_PAGE} observations")
    if geojson() != GEOJSON_FEATURES:
        raise SystemExit(f"{NAME}: the GeoJSON page does not hold {GEOJSON_FEATURES} features")
    if profile:
        _profiled("list", listed)
        _profiled("geojson", geojson)
    runs: dict[str, list[float]] = {"list": [], "bare": [], "geojson": [], "bare_g": []}
    for _ in range(PAIRS + 2):
        runs["list"].append(_median_cpu(listed, LIST_REPEATS))
        runs["bare"].append(_median_cpu(bare, LIST_REPEATS))
        runs["geojson"].append(_cpu(geojson)[1])
        runs["bare_g"].append(_median_cpu(bare, LIST_REPEATS))
    return {
        "list": {
            "page_size": LIST_PAGE,
            "cpu_seconds": round(statistics.median(runs["list"]), 4),
            "bare_cpu_seconds": round(statistics.median(runs["bare"]), 4),
            "cpu_seconds_each_pair": rounded(runs["list"]),
            "bare_cpu_seconds_each_pair": rounded(runs["bare"]),
            "ratio_to_bare": round(paired_ratio(runs["list"], runs["bare"]), 2),
            "target_ratio": TARGETS["list_ratio"],
        },
        "geojson": {
            "features": GEOJSON_FEATURES,
            "cpu_seconds": round(statistics.median(runs["geojson"]), 4),
            "cpu_seconds_each_run": rounded(runs["geojson"]),
            "ratio_to_bare_list_page": round(paired_ratio(runs["geojson"], runs["bare_g"]), 2),
            "target_cpu_seconds": TARGETS["geojson_seconds"],
        },
    }


def run(argv: list[str]) -> dict[str, Any]:
    from bench.pages import _configure

    args = _arguments(argv)
    with tempfile.TemporaryDirectory(prefix="samordna-bench-") as temporary:
        var_dir = args.keep or temporary
        Path(var_dir).mkdir(parents=True, exist_ok=True)
        _configure(var_dir)
        import django
        from django.test import Client

        from samordna.api.services import api_token_create
        from samordna.core.models import User

        data = _data()
        user = User.objects.get(username=USER)
        token = api_token_create(actor=None, user=user, rotate=True)
        client = Client(HTTP_AUTHORIZATION=f"Token {token.key}")
        exported = _measure_export(client, user, args.profile)
        views = _measure_views(user, args.profile)
    return {
        "benchmark": NAME,
        "date": datetime.now(UTC).isoformat(timespec="seconds"),
        "machine": machine(),
        "python": platform.python_version(),
        "django": django.get_version(),
        "database": "SQLite (production settings), in-process, CPU time",
        "data": data,
        "export": exported,
        **views,
    }


def main(argv: list[str] | None = None) -> list[Target]:
    result = run(argv or [])
    path = write_results(NAME, result)
    csv, xlsx = result["export"]["csv"], result["export"]["xlsx"]
    listed, geojson = result["list"], result["geojson"]
    print(
        f"{NAME}: CSV {csv['rows_per_cpu_second']:,} rows/s, XLSX "
        f"{xlsx['rows_per_cpu_second']:,} rows/s ({result['export']['rows']:,} rows); list "
        f"{listed['ratio_to_bare']}x a bare DRF list; GeoJSON {geojson['cpu_seconds']} s "
        f"-> {path}"
    )
    rows = [
        ("CSV export rows per CPU s", csv["rows_per_cpu_second"], "csv", True, ""),
        ("XLSX export rows per CPU s", xlsx["rows_per_cpu_second"], "xlsx", True, ""),
        ("list API / bare DRF list (CPU)", listed["ratio_to_bare"], "list_ratio", False, "x"),
        ("GeoJSON, 1000 features (CPU)", geojson["cpu_seconds"], "geojson_seconds", False, " s"),
    ]
    return [Target(NAME, m, v, TARGETS[t], higher, unit) for m, v, t, higher, unit in rows]


if __name__ == "__main__":
    sys.exit(report([Outcome(NAME, targets=main(sys.argv[1:]))]))

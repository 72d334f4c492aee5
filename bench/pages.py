"""CPU seconds per page at `load_demo --scale 10`, against the team's budgets: every page
of the EST loop at most 0.5 s, the week's situation picture 0.2 s (a confirmed one 0.1 s),
the last tertial's and year's pictures 0.5 s, a report submission
(API or web form) 30 ms. Each role's start page and the TSI pages that a TSI
coordinator and a team member open are timed against the page budget too.

In-process (Django's test client, production settings, SQLite in a throwaway directory
or in --keep DIR), CPU time (`time.process_time`) around each request: one warm-up, then
five runs, each paired with the sign-in page (`GET /konto/logga-in/`) as the baseline.
An unexpected status is a wrong result and raises; a miss is profiled. See bench/README.md.
"""

from __future__ import annotations

import argparse
import cProfile
import io
import itertools
import json
import os
import platform
import pstats
import secrets
import statistics
import sys
import tempfile
import time
import uuid
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from bench._runner import Outcome, report
from bench._targets import Target
from bench._timing import machine, rounded

NAME = "pages"
SCALE = 10
RUNS = 5  # timed requests per page after one warm-up, each paired with the baseline
BASELINE_REPEATS = 5  # sign-in page requests per pair (a few ms each); their median counts
BASELINE = "/konto/logga-in/"
SUBMIT = "/api/v1/reports/"
FORM = "/rapportera/"
CATEGORY = "skadegorelse-klotter"
PAGE_BUDGET = 0.5
PICTURE_BUDGET = 0.2
CONFIRMED_BUDGET = 0.1  # a confirmed picture is served from what was rendered once (issue 16)
SUBMIT_BUDGET = 0.030
PROFILE_LINES = 25
RESULTS = Path(__file__).parent / "results" / f"{NAME}.json"
PROFILES = Path(__file__).parent / "results" / f"{NAME}_profile.txt"

# The apps of the EST loop: reports in, review, the picture, the meeting, problems and
# their analyses, interventions, the plan, goals. Their argument-free routes are pages.
EST_NAMESPACES = "reports reports_review situation meetings problems interventions plans goals"
# Argument-free routes of those apps that are no page a GET opens.
NOT_PAGES = {
    "reports:submitted": "the thank-you page after a POST; without one it redirects",
    "reports_review:bulk": "POST only",
    "meetings:start": "POST only",
}
COORDINATOR = "samordnare"
ROLES = ("rapportor", "samordnare", "analytiker", "partner", "ledning", "admin")
TSI_COORDINATOR = "tsi-samordnare"
TSI_MEMBER = "tsi-skola"
REPORTER = "rapportor"


@dataclass(frozen=True)
class Page:
    """One page to time: who opens it, and its budget in CPU seconds."""

    group: str
    url: str
    user: str
    budget: float = PAGE_BUDGET

    @property
    def label(self) -> str:
        return f"{self.user} GET {self.url}"


def _arguments(argv: list[str]) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog=f"python -m bench {NAME}")
    parser.add_argument("--keep", metavar="DIR", help="keep the database in DIR, reuse it")
    return parser.parse_args(argv)


class _Progress(io.StringIO):
    """load_demo's output: its progress lines printed as they come; the list of demo
    logins and the warning about their known password are not this benchmark's output."""

    def write(self, text: str) -> int:
        if "hittills" in text or "inläst" in text:
            print(f"{NAME}:   {text.strip()}", flush=True)
        return len(text)


def _data() -> dict[str, Any]:
    """The demo at --scale 10 (with its TSI part), loaded unless the kept database has it."""
    from django.core.management import call_command

    from samordna.reports.models import Observation

    started = time.perf_counter(), time.process_time()
    if not Observation.objects.filter(municipality__slug="orebro").exists():
        print(f"{NAME}: loading the demo at --scale {SCALE} (about a minute)", flush=True)
        quiet = io.StringIO()
        call_command("load_demo", scale=SCALE, verbosity=1, stdout=_Progress(), stderr=quiet)
    data = {
        "scale": SCALE,
        "observations": Observation.objects.filter(municipality__slug="orebro").count(),
        "load_seconds": round(time.perf_counter() - started[0], 1),
        "load_cpu_seconds": round(time.process_time() - started[1], 1),
    }
    print(f"{NAME}: {data['observations']:,} observations, {data['load_seconds']} s", flush=True)
    return data


def _walk(patterns: list[Any], prefix: str = "", namespace: str | None = None) -> Any:
    from django.urls import URLResolver

    for pattern in patterns:
        if isinstance(pattern, URLResolver):
            inner = pattern.namespace or namespace
            yield from _walk(pattern.url_patterns, prefix + str(pattern.pattern), inner)
        else:
            yield "/" + prefix + str(pattern.pattern), f"{namespace}:{pattern.name}"


def _est_pages() -> list[Page]:
    """The argument-free routes of the EST apps, from the URL resolver, as the coordinator."""
    from django.urls import get_resolver

    return [
        Page("EST", route, COORDINATOR)
        for route, name in _walk(get_resolver().url_patterns)
        if name.split(":")[0] in EST_NAMESPACES.split()
        and "<" not in route
        and name not in NOT_PAGES
    ]


def _first(queryset: Any, what: str) -> Any:
    found = queryset.first()
    if found is None:
        raise SystemExit(f"{NAME}: the demo holds no {what}")
    return found


def _detail_pages() -> list[Page]:
    """One page of each kind the loop has, with an id from the demo, as the coordinator."""
    from django.db.models import Count
    from django.urls import reverse
    from django.utils import timezone

    from samordna.analysis.periods import iso_week, shift_period, tertial
    from samordna.goals.models import Goal
    from samordna.interventions.models import Intervention
    from samordna.meetings.models import Meeting
    from samordna.plans.models import ActionPlan, Agreement, CitizenPromise
    from samordna.problems.models import CauseAnalysis, Problem
    from samordna.tertial.models import TertialAnalysis

    # The problem with the most linked observations: the heaviest of its kind.
    problems = Problem.objects.annotate(links=Count("observation_links")).order_by("-links", "pk")
    ids = {
        "problems:detail": _first(problems, "problem").pk,
        "problems:analysis": _first(CauseAnalysis.objects.order_by("pk"), "analysis").problem_id,
        "problems:tertial_detail": _first(
            TertialAnalysis.objects.order_by("-period_key"), "tertial analysis"
        ).period_key,
        "interventions:detail": _first(Intervention.objects.order_by("pk"), "intervention").pk,
        "plans:detail": _first(ActionPlan.objects.order_by("pk"), "action plan").pk,
        "plans:agreement_detail": _first(Agreement.objects.order_by("pk"), "agreement").pk,
        "plans:promise_detail": _first(CitizenPromise.objects.order_by("pk"), "promise").pk,
        "meetings:detail": _first(Meeting.objects.order_by("-pk"), "meeting").pk,
        "goals:detail": _first(Goal.objects.order_by("pk"), "goal").pk,
    }
    pages = [Page("detail", reverse(name, args=[pk]), COORDINATOR) for name, pk in ids.items()]
    # This week's picture is compiled live (no picture row yet); last week's is the
    # confirmed one the demo's meeting made.
    this_week = iso_week(timezone.now())
    live = reverse("situation:period", args=[this_week])
    confirmed = reverse("situation:period", args=[shift_period(this_week, -1)])
    pages.append(Page("picture", live, COORDINATOR, PICTURE_BUDGET))
    pages.append(Page("picture", confirmed, COORDINATOR, CONFIRMED_BUDGET))
    # The longer periods: the last whole tertial and year, each a page of the loop.
    last_tertial = shift_period(tertial(timezone.now()), -1)
    last_year = str(timezone.localdate().year - 1)
    for key in (last_tertial, last_year):
        pages.append(Page("picture", reverse("situation:period", args=[key]), COORDINATOR))
    return pages


def _tsi_pages() -> list[Page]:
    """What a TSI coordinator and a team member open, on the demo's worked case."""
    from django.urls import reverse

    from samordna.cases.models import Case, CaseMeeting, MeetingCase

    case = _first(Case.objects.order_by("pk"), "case").pk
    meeting = _first(CaseMeeting.objects.filter(kind="case").order_by("pk"), "case meeting").pk
    item = _first(MeetingCase.objects.filter(meeting_id=meeting, case_id=case), "agenda item")
    minutes = reverse("cases:minutes", args=[meeting, item.case_id])
    both = [
        "/",
        reverse("cases:list"),
        reverse("cases:detail", args=[case]),
        reverse("cases:meetings"),
        reverse("cases:meeting", args=[meeting]),
        minutes,
    ]
    coordinator_only = [
        reverse("cases:identity", args=[case]),
        reverse("cases:access_log", args=[case]),
        reverse("cases:outside_scope"),
    ]
    return [Page("TSI", url, TSI_COORDINATOR) for url in both + coordinator_only] + [
        Page("TSI", url, TSI_MEMBER) for url in both
    ]


def _client(username: str) -> Any:
    """Signed in as the demo user; TSI roles also with a confirmed second factor, as
    after entering a one-time code (as tests/cases/factories.py `verified_login`)."""
    from django.test import Client
    from django_otp.plugins.otp_totp.models import TOTPDevice

    from samordna.core.models import User
    from samordna.core.roles import TSI_ROLES

    user = User.objects.get(username=username)
    client = Client()
    client.force_login(user)
    if user.memberships.filter(role__in=TSI_ROLES).exists():
        device, _ = TOTPDevice.objects.get_or_create(
            user=user, name="bench", defaults={"confirmed": True}
        )
        session = client.session
        session["otp_device_id"] = device.persistent_id
        session.save()
    return client


def _cpu(
    client: Any,
    url: str,
    *,
    post: dict[str, Any] | None = None,
    json: bool = False,
    expect: int = 200,
) -> tuple[float, float]:
    """CPU and wall seconds of one GET, or of one POST of `post` (form-encoded, or JSON);
    raises unless the answer has the status expected."""
    wall, cpu = time.perf_counter(), time.process_time()
    if post is None:
        response = client.get(url)
    elif json:
        response = client.post(url, data=post, content_type="application/json")
    else:
        response = client.post(url, data=post)
    cpu, wall = time.process_time() - cpu, time.perf_counter() - wall
    if response.status_code != expect:
        where = response.get("Location", "")
        method = "GET" if post is None else "POST"
        raise SystemExit(f"{NAME}: {method} {url} answered {response.status_code} {where}".strip())
    return cpu, wall


def _baseline(anonymous: Any) -> float:
    return statistics.median(_cpu(anonymous, BASELINE)[0] for _ in range(BASELINE_REPEATS))


def _measure(request: Any, anonymous: Any) -> dict[str, Any]:
    """One warm-up, then RUNS requests, each paired with the baseline right after it."""
    request()
    cpu, wall, baseline = [], [], []
    for _ in range(RUNS):
        spent, waited = request()
        cpu.append(spent)
        wall.append(waited)
        baseline.append(_baseline(anonymous))
    ratios = [c / b for c, b in zip(cpu, baseline, strict=True)]
    return {
        "cpu_seconds": round(statistics.median(cpu), 4),
        "cpu_seconds_each_run": rounded(cpu),
        "wall_seconds": round(statistics.median(wall), 4),
        "wall_seconds_each_run": rounded(wall),
        "baseline_cpu_seconds_each_pair": rounded(baseline, 5),
        "ratio_vs_baseline": round(statistics.median(ratios), 1),
        "ratio_each_pair": [round(r, 1) for r in ratios],
    }


def _api_body() -> dict[str, Any]:
    """One observation at Vivalla torg, as a caretaker's phone files it."""
    from django.utils import timezone

    observation = {
        "category": CATEGORY,
        "occurred_from": (timezone.now() - timedelta(hours=2)).isoformat(),
        "unsafety": 2,
        "certainty": "observed",
        "longitude": 15.1515,
        "latitude": 59.2935,
        "free_text": "Nytt klotter på elskåpet vid torget.",
    }
    return {"client_uuid": str(uuid.uuid4()), "organisation": "obo", "observations": [observation]}


_FORM_POSTS = itertools.count()


def _form_body() -> dict[str, str]:
    """The reporter's form with one observation at a demo place (as tests/reports)."""
    from django.utils import timezone

    from samordna.core.models import Place
    from samordna.reports.models import Category, Observation

    # A new report each time, as a caretaker files one: the same category at the same
    # place and time within the hour would (rightly) be asked about as a near
    # duplicate, also of a report an earlier run on a kept database filed. So the day
    # is one the reporter's reports of the last hour do not use yet.
    today = timezone.localdate()
    used = {
        (today - when.astimezone(timezone.get_current_timezone()).date()).days
        for when in Observation.objects.filter(
            report__reporter__username=REPORTER,
            report__submitted_at__gte=timezone.now() - timedelta(hours=1),
        ).values_list("occurred_from", flat=True)
    }
    start = next(_FORM_POSTS)
    day = next(d for d in itertools.count(1 + start % 365) if d not in used)
    values = {
        "category": Category.objects.get(code=CATEGORY, municipality=None).pk,
        "when": "other",
        "date": (today - timedelta(days=day)).isoformat(),
        "time_band": "evening",
        "place": Place.objects.get(name="Vivalla torg").pk,
        "place_type": "public",
        "people_count": 4,
        "unsafety": 2,
        "certainty": "observed",
        "reported_to_police": "no",
        "free_text": "Nytt klotter på busskuren.",
    }
    blocks = {f"obs-0-{name}": str(value) for name, value in values.items()}
    return {"client_uuid": str(uuid.uuid4()), "obs-TOTAL_FORMS": "1", "obs-INITIAL_FORMS": "0"} | (
        blocks
    )


def _submissions(anonymous: Any) -> list[tuple[dict[str, Any], Any]]:
    """A report filed by the demo reporter: `POST /api/v1/reports/` with a token (as the
    app sends it), and the web form (answered by a redirect to the thank-you page)."""
    from django.test import Client

    from samordna.api.services import api_token_create
    from samordna.core.models import User

    user = User.objects.get(username=REPORTER)
    token = api_token_create(actor=None, user=user, rotate=True)
    api = Client(HTTP_AUTHORIZATION=f"Token {token.key}")
    web = _client(REPORTER)
    requests = {
        SUBMIT: lambda: _cpu(api, SUBMIT, post=_api_body(), json=True, expect=201),
        FORM: lambda: _cpu(web, FORM, post=_form_body(), expect=302),
    }
    found = []
    for url, request in requests.items():
        row: dict[str, Any] = {"group": "submission", "label": f"{REPORTER} POST {url}"}
        row |= {"url": url, "user": REPORTER, "budget_seconds": SUBMIT_BUDGET}
        found.append((row | _measure(request, anonymous), request))
    return found


# The wrapper chain every request walks through (test client, handler, middleware): in
# a cumulative listing it would fill the top lines and say nothing about the page.
WRAPPERS = r"^(?!.*(django/test/|django/core/handlers/|django/utils/deprecation|middleware))"


def _profile(request: Any) -> str:
    """One more request under cProfile, for a page over its budget: the top lines by
    cumulative time below the middleware, then the top ones by own time."""
    profiler = cProfile.Profile()
    profiler.enable()
    request()
    profiler.disable()
    out = io.StringIO()
    stats = pstats.Stats(profiler, stream=out)
    stats.sort_stats("cumulative").print_stats(WRAPPERS, PROFILE_LINES)
    stats.sort_stats("tottime").print_stats(PROFILE_LINES // 2)
    return out.getvalue()


def _pages() -> list[Page]:
    """Every page once: a start page of the coordinator's in the EST list is the same."""
    seen: set[tuple[str, str]] = set()
    pages = []
    for page in [
        *(Page("start", "/", role) for role in ROLES),
        *_est_pages(),
        *_detail_pages(),
        *_tsi_pages(),
    ]:
        if (page.url, page.user) not in seen:
            seen.add((page.url, page.user))
            pages.append(page)
    return pages


def _time_all(pages: list[Page]) -> tuple[list[dict[str, Any]], list[str]]:
    from django.test import Client

    anonymous = Client()
    clients = {user: _client(user) for user in sorted({page.user for page in pages})}
    timed, profiles = [], []
    for page in pages:
        client = clients[page.user]
        found = _measure(lambda c=client, u=page.url: _cpu(c, u), anonymous)
        row = {"group": page.group, "label": page.label, "url": page.url, "user": page.user}
        timed.append(row | {"budget_seconds": page.budget} | found)
        _print(timed[-1])
        if found["cpu_seconds"] > page.budget:
            profiles.append(_missed(timed[-1], lambda c=client, u=page.url: _cpu(c, u)))
    for row, request in _submissions(anonymous):
        timed.append(row)
        _print(row)
        if row["cpu_seconds"] > row["budget_seconds"]:
            profiles.append(_missed(row, request))
    return timed, profiles


def _missed(row: dict[str, Any], request: Any) -> str:
    budget = f"budget {row['budget_seconds']:g} s"
    return f"== {row['label']}: {row['cpu_seconds']} s CPU ({budget})\n{_profile(request)}"


def _print(row: dict[str, Any]) -> None:
    verdict = "pass" if row["cpu_seconds"] <= row["budget_seconds"] else "MISS"
    print(
        f"{NAME}: {row['label']:<58} {row['cpu_seconds'] * 1000:7.1f} ms CPU "
        f"(budget {row['budget_seconds'] * 1000:g} ms) {verdict}; "
        f"{row['ratio_vs_baseline']}x the sign-in page",
        flush=True,
    )


def _configure(var_dir: str) -> None:
    """Production settings on a throwaway database (as bench/ogc_paging.py), with the TSI
    encryption key kept beside a kept database, whose cases were encrypted with it."""
    from cryptography.fernet import Fernet

    key_file = Path(var_dir) / "bench-cases.key"
    if not key_file.exists():
        key_file.write_text(Fernet.generate_key().decode(), encoding="utf-8")
    os.environ.update(
        SAMORDNA_VAR_DIR=var_dir,
        SAMORDNA_DEBUG="0",  # DEBUG would record every query and distort the timings
        SECRET_KEY=secrets.token_hex(32),  # a throwaway key for a throwaway database
        SECURE_SSL_REDIRECT="0",
        SAMORDNA_CASES_KEYS=key_file.read_text(encoding="utf-8").strip(),
        LOG_LEVEL="WARNING",
        DJANGO_SETTINGS_MODULE="samordna.settings",
    )
    os.environ.pop("DATABASE_URL", None)
    import django
    from django.core.management import call_command

    django.setup()
    call_command("migrate", verbosity=0)


def run(argv: list[str]) -> tuple[dict[str, Any], list[str]]:
    args = _arguments(argv)
    with tempfile.TemporaryDirectory(prefix="samordna-bench-") as temporary:
        var_dir = args.keep or temporary
        Path(var_dir).mkdir(parents=True, exist_ok=True)
        started = time.perf_counter()
        _configure(var_dir)
        migrate_seconds = round(time.perf_counter() - started, 1)
        import django

        data = _data() | {"migrate_seconds": migrate_seconds}
        pages = _pages()
        timed, profiles = _time_all(pages)
    result = {
        "benchmark": NAME,
        "date": datetime.now(UTC).isoformat(timespec="seconds"),
        "machine": machine(),
        "python": platform.python_version(),
        "django": django.get_version(),
        "database": "SQLite (production settings), in-process test client, CPU time",
        "data": data,
        "runs": RUNS,
        "baseline": {"url": BASELINE, "requests_per_pair": BASELINE_REPEATS, "counts": "median"},
        "not_pages": NOT_PAGES,
        "pages": timed,
        "missed": [row["label"] for row in timed if row["cpu_seconds"] > row["budget_seconds"]],
        "profiles": PROFILES.name if profiles else None,
    }
    return result, profiles


def main(argv: list[str] | None = None) -> list[Target]:
    result, profiles = run(argv or [])
    if profiles:
        PROFILES.write_text("\n".join(profiles), encoding="utf-8")
    else:
        PROFILES.unlink(missing_ok=True)  # no miss: no profile from an earlier run
    RESULTS.parent.mkdir(parents=True, exist_ok=True)
    RESULTS.write_text(json.dumps(result, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    passed = len(result["pages"]) - len(result["missed"])
    print(f"{NAME}: {passed} of {len(result['pages'])} within budget -> {RESULTS}")
    return [
        Target(NAME, row["label"], row["cpu_seconds"], row["budget_seconds"], False, " s")
        for row in result["pages"]
    ]


if __name__ == "__main__":
    sys.exit(report([Outcome(NAME, targets=main(sys.argv[1:]))]))

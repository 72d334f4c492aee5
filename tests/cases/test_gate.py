"""The gate, tested by walking the URL resolver: no cases or cases-API route can be missed.

Every route under /tsi/ and /api/v1/cases/ is found with Django's `get_resolver()` and
filled in from the scenario of tests/cases/scopes.py (a new route parameter fails the
inventory test until the filler knows it). Then, for every route:

- every actor (anonymous, each EST role, leadership, TSI roles of another municipality,
  the team member outside consent, the coordinator, the team member inside each consent
  shape) gets exactly one CaseAccess row per request to a route that names a case — and
  none for a route that names none;
- no body ever holds text of a kind the actor may not read (written out independently in
  scopes.content_kinds), nor any text of another case;
- ids that do not exist are logged and shown on the coordinator's access-log page;
- refused and bad requests change nothing.

Speed: the scenario is built once per test; actors whose answer cannot depend on the
consent shape (they are refused before any case is looked at) run against one case only,
and forms are posted empty only where the answer could differ from the GET.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver

from samordna.cases.models import CaseAccess
from samordna.core.roles import Role
from tests.cases.factories import verified_login
from tests.cases.scopes import SHAPES, Scopes, build_scopes, content_kinds, secrets
from tests.permissions import database_state

PREFIXES = ("tsi/", "api/v1/^cases/")
# Parameters that name a case (the gate's subject), by route.
CASE_PARAMETERS = {"pk", "case_pk"}
EST_ROLES = [
    r.value for r in Role if r.value not in {"tsi_participant", "tsi_coordinator", "leadership"}
]
PROBE = "987654"


@dataclass(frozen=True)
class Route:
    pattern: str
    name: str

    @property
    def parameters(self) -> list[str]:
        return [a or b for a, b in re.findall(r"<(?:\w+:)?(\w+)>|\(\?P<(\w+)>", self.pattern)]

    @property
    def names_case(self) -> bool:
        return "case_pk" in self.parameters or (
            "pk" in self.parameters and not self.pattern.startswith("tsi/moten/")
        )

    @property
    def api(self) -> bool:
        return self.pattern.startswith("api/")


def routes() -> list[Route]:
    found = []

    def walk(patterns: Any, prefix: str) -> None:
        for entry in patterns:
            if isinstance(entry, URLResolver):
                walk(entry.url_patterns, prefix + str(entry.pattern))
            elif isinstance(entry, URLPattern):
                route = prefix + str(entry.pattern)
                if route.startswith(PREFIXES):
                    found.append(Route(route, entry.name or ""))

    walk(get_resolver().url_patterns, "")
    return found


def fill(route: Route, scopes: Scopes, shape: str, *, case_id: Any = None) -> str:
    """The concrete path of `route` for the case of `shape` (or `case_id`, a probe)."""
    case = scopes.cases[shape]
    values = {
        "pk": scopes.meeting_id if route.pattern.startswith("tsi/moten/") else case.pk,
        "case_pk": case.pk,
        "consent_pk": _consent(case),
        "need_pk": scopes.needs[shape],
        "member_pk": case.team.order_by("pk").first().pk,
        "part": "mal",
        "programme_pk": scopes.programme.pk,
        "escalation_pk": scopes.escalation_id,
    }
    if case_id is not None:
        values["case_pk" if "case_pk" in route.parameters else "pk"] = case_id
    path = route.pattern.replace("^", "").replace("$", "")

    def substitute(match: re.Match[str]) -> str:
        name = match.group(1) or match.group(2)
        assert name in values, f"{route.pattern}: teach fill() the parameter {name!r}"
        return str(values[name])

    return "/" + re.sub(r"<(?:\w+:)?(\w+)>|\(\?P<(\w+)>[^)]*\)", substitute, path)


def _consent(case: Any) -> int:
    first = case.consents.order_by("pk").first()
    return first.pk if first is not None else int(PROBE)


@dataclass
class Run:
    """Requests and what went wrong, gathered so one failure shows all the others."""

    scopes: Scopes
    failures: list[str]

    def request(self, client: Client, method: str, path: str, data: Any = None) -> tuple[int, str]:
        before = CaseAccess.objects.count()
        response = getattr(client, method)(path, data or {})
        body = response.content.decode("utf-8", errors="replace")
        self.rows = CaseAccess.objects.count() - before
        return response.status_code, body

    def expect(self, condition: bool, message: str) -> None:
        if not condition:
            self.failures.append(message)

    def leaks(self, body: str, allowed: dict[str, frozenset[str]]) -> list[str]:
        """Secrets in `body` outside `allowed` ({shape: kinds, with 'guardians'})."""
        found = []
        for shape in SHAPES:
            for kind, texts in secrets(shape).items():
                if kind in allowed.get(shape, frozenset()):
                    continue
                found += [text for text in texts if text in body]
        return found


def _client(user: Any) -> Client:
    client = Client()
    if user is not None:
        verified_login(client, user)
    return client


def test_the_walk_finds_every_route_and_can_fill_it(world):
    scopes = build_scopes(world)
    found = routes()
    names = {r.name for r in found}

    assert {"detail", "identity", "minutes", "export", "case-detail", "erase"} <= names
    assert len(found) >= 29
    for route in found:
        path = fill(route, scopes, "full")
        assert "<" not in path, path
        assert "(?P" not in path, path


def test_actors_outside_consent_get_one_refused_row_and_nothing_else(world):
    """Everyone the gate refuses whatever the consent says; and probes of missing ids.

    These actors are refused before the consent is looked at, so one case serves. The
    EST coordinator stands for the EST roles on every route (the others on the case
    page; test_wall and the permission matrix walk all of them), and the actors who
    could change something also post every form empty."""
    scopes = build_scopes(world)
    run = Run(scopes, [])
    everywhere = [
        None,
        world.user("coordinator"),
        world.user("leadership"),
        world.user("tsi_participant", "other_municipality"),
        world.user("tsi_participant", "other_org"),  # on every team, never in consent
    ]
    posting = {world.user("coordinator").pk, world.user("tsi_participant", "other_org").pk}
    detail_only = [world.user(role) for role in EST_ROLES if role != "coordinator"]
    clients = [(user, _client(user)) for user in everywhere + detail_only]
    prober = _client(world.user("reporter"))
    state = database_state()
    for user, client in clients:
        for route in routes():
            if user in detail_only and route.name != "detail":
                continue
            posts = user is not None and user.pk in posting and not route.api
            for method in ["get", "post"] if posts else ["get"]:
                _outsider_request(run, client, route, method, user)
    _probes(run, prober, world.user("reporter"))
    assert database_state() == state, "a refused request changed data"
    assert not run.failures, "\n".join(run.failures)


def _outsider_request(run: Run, client: Client, route: Route, method: str, user: Any) -> None:
    status, body = run.request(client, method, fill(route, run.scopes, "full"))
    who = user.username if user is not None else "anonymous"
    label = f"{who} {method.upper()} {route.pattern}"
    expected_rows = 1 if route.names_case and user is not None else 0
    run.expect(run.rows == expected_rows, f"{label}: {run.rows} access rows")
    leaked = run.leaks(body, {})
    run.expect(not leaked, f"{label}: leaked {leaked}")
    if route.names_case:
        run.expect(status in (302, 401, 403, 404), f"{label}: status {status}")
        if user is not None:
            row = CaseAccess.objects.order_by("-pk").first()
            run.expect(row is not None and not row.granted, f"{label}: granted")


def _probes(run: Run, client: Client, user: Any) -> None:
    for route in routes():
        if not route.names_case:
            continue
        status, _body = run.request(client, "get", fill(route, run.scopes, "full", case_id=PROBE))
        row = CaseAccess.objects.order_by("-pk").first()
        label = f"{user.username} probe {route.pattern}"
        run.expect(status == 404 and run.rows == 1, f"{label}: {status}, {run.rows} rows")
        run.expect(
            row is not None and row.case_id is None and row.attempted_id == PROBE,
            f"{label}: the probe is not logged as one",
        )


def test_the_coordinator_sees_probes_on_the_access_log_page(client, world):
    scopes = build_scopes(world)
    prober = _client(world.user("reporter"))
    assert prober.get(f"/tsi/{PROBE}/").status_code == 404
    verified_login(client, world.user("tsi_coordinator"))

    page = client.get("/tsi/atkomst-utanfor-samtycke/").content.decode()

    assert f"Finns inte (id {PROBE})" in page
    assert "reporter-own_org" in page
    assert scopes.cases["full"].pseudonym  # the scenario is there; the probe is not a case


COORDINATOR_SHAPES = ("full", "minutes", "caseident", "nocustody")


def test_inside_the_module_each_shape_shows_exactly_what_its_consent_covers(world):
    """The team member of A1 on every route of every shape; the coordinator on every
    route of the shapes that differ for them (on the team or not, covered or not).

    A route the actor is refused on the full shape is refused on every narrower one
    (fewer kinds never open more), so it runs once: no identical requests."""
    scopes = build_scopes(world)
    run = Run(scopes, [])
    shown: set[tuple[str, str, str]] = set()
    for role, shapes in (
        ("tsi_participant", tuple(SHAPES)),
        ("tsi_coordinator", COORDINATOR_SHAPES),
    ):
        client = _client(world.user(role))
        refused_on_full: set[str] = set()
        for shape in shapes:
            for route in routes():
                if route.pattern in refused_on_full or (shape != "full" and not route.names_case):
                    continue
                for method, data in _requests(route):
                    body = _inside_request(run, client, route, (role, shape, method, data))
                    shown |= {
                        (role, shape, kind)
                        for kind, texts in secrets(shape).items()
                        if any(t in body for t in texts)
                    }
                row = CaseAccess.objects.order_by("-pk").first()
                if shape == "full" and route.names_case and row is not None and not row.granted:
                    refused_on_full.add(route.pattern)
    _expect_shown(run, shown)
    assert not run.failures, "\n".join(run.failures)


def _requests(route: Route) -> list[tuple[str, Any]]:
    if route.name == "identity":
        return [("get", None), ("post", {"why": "Ärendemöte"})]
    return [("get", None)]


def _inside_request(run: Run, client: Client, route: Route, what: tuple[Any, ...]) -> str:
    role, shape, method, data = what
    path = fill(route, run.scopes, shape)
    _status, body = run.request(client, method, path, data)
    label = f"{role} {method.upper()} {path} ({shape})"
    rows = 1 if route.names_case else 0
    run.expect(run.rows == rows, f"{label}: {run.rows} access rows")
    leaked = run.leaks(body, _allowed(role, shape))
    run.expect(not leaked, f"{label}: leaked {leaked}")
    return body


def _allowed(role: str, shape: str) -> dict[str, frozenset[str]]:
    kinds = content_kinds(role, "own_org", shape)
    if role == "tsi_coordinator":
        kinds |= {"guardians"}  # consents and their status are the coordinator's, by role
    return {shape: frozenset(kinds)}


def _expect_shown(run: Run, shown: set[tuple[str, str, str]]) -> None:
    """The test is not vacuous: each kind the consent covers appears somewhere."""
    for role, shapes in (
        ("tsi_participant", tuple(SHAPES)),
        ("tsi_coordinator", COORDINATOR_SHAPES),
    ):
        for shape in shapes:
            for kind in _allowed(role, shape)[shape]:
                run.expect((role, shape, kind) in shown, f"{role} never saw {kind} of {shape}")

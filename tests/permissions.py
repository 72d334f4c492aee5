"""The permission-matrix harness.

Each app lists its URLs in `tests/<app>/endpoints.py` as `ENDPOINTS = [Endpoint(...)]`.
`tests/test_permission_matrix.py` runs every endpoint for every actor: anonymous, and
each role in the object's own organisation, another organisation of the same
municipality, and another municipality. The world's objects belong to
municipality A / organisation A1 (see `conftest.build_world`).

For every request it asserts the status; that a denied request changed nothing (no
row added, removed or altered in any table, no audit event, no mail) but is on record:
a 401 or 403 wrote exactly one refusal (`refused.<kind>`, see `samordna.core.refusals`;
a repeat summarised into a recent event counts as one), anything else none; and leaked
nothing (none of the endpoint's secret strings in the body or headers); and that
nobody outside municipality A ever sees A's secrets, even on pages they may open.

"Changed nothing" is proved cheaply, since it runs thousands of times: every SQL
statement of the request passes a recorder, which notes each INSERT, UPDATE, DELETE or
schema change that touched a row; and one query counts the rows of every table before
and after, which also sees rows written past the statement level (COPY on
PostgreSQL). `database_state()`, a digest of every row, stays for single tests.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from django.apps import apps
from django.core import mail
from django.db import connection
from django.db.models import Q, Sum
from django.test import TestCase

from samordna.core.models import AuditEvent, RefusalBurst
from samordna.core.refusals import PREFIX as REFUSED
from samordna.core.roles import Role
from tests.conftest import EXTRA_ACTORS

if TYPE_CHECKING:
    from django.test import Client

    from tests.conftest import World


@dataclass(frozen=True)
class Actor:
    role: str | None  # None: anonymous
    relation: str | None  # own_org / other_org / other_municipality

    @property
    def id(self) -> str:
        return "anonymous" if self.role is None else f"{self.role}-{self.relation}"

    @property
    def has_membership(self) -> bool:
        """A member of some municipality (the operator and county officers are not)."""
        return self.role is not None and self.relation not in {
            "platform",
            "county_of_a",
            "other_county",
        }

    @property
    def org_in_a(self) -> str | None:
        """The actor's organisation in A as the cast names it: own_org (A1), other_org (A2,
        also the spanning police area's member), or None."""
        if self.relation == "spanning_both":
            return "other_org"
        return self.relation if self.relation in {"own_org", "other_org"} else None

    @property
    def is_member_of_a(self) -> bool:
        # A member of the police area that spans A and B is, in A, a member of A2.
        return self.relation in {"own_org", "other_org", "spanning_both"}


ACTORS = (
    [Actor(None, None)]
    + [
        Actor(role.value, relation)
        for role in Role
        for relation in ("own_org", "other_org", "other_municipality")
    ]
    + [Actor(role, relation) for role, relation in EXTRA_ACTORS]
)


def members_of_a(actor: Actor) -> bool:
    return actor.is_member_of_a


def roles_of_a(*roles: str) -> Callable[[Actor], bool]:
    def allowed(actor: Actor) -> bool:
        return actor.is_member_of_a and actor.role in roles

    return allowed


def nobody(actor: Actor) -> bool:
    return False


@dataclass(frozen=True)
class Endpoint:
    name: str
    path: Callable[[World], str]
    allowed: Callable[[Actor], bool]
    method: str = "get"
    data: Callable[[World], dict[str, Any]] | None = None
    # Strings only members of municipality A may ever see (names of A's objects).
    secrets: Callable[[World], list[str]] = field(default=lambda world: [])
    api: bool = False
    ok: tuple[int, ...] = (200,)
    # What a signed-in actor who is denied gets: 404 where the object must not exist for them.
    denied_status: Callable[[Actor], int] = field(default=lambda actor: 403)

    def expected_anonymous(self) -> tuple[int, ...]:
        # The web sends strangers to sign in; the API answers 401 (token) or 403 (session).
        return (401, 403) if self.api else (302,)


# application/json and its relatives: application/geo+json, application/vnd.oai.openapi+json.
_JSON_CONTENT_TYPE = re.compile(r"^application/([\w.-]+\+)?json(;|$)")

_SKIP_TABLES = {
    "django_session",
    "axes_accessattempt",
    "axes_accesslog",
    "axes_accessfailurelog",
    # The TSI access log records refused attempts on purpose (issue 6); tests/cases
    # checks that a refused attempt writes exactly one row with granted=False.
    "cases_caseaccess",
}
# Refusals are on record on purpose: `audit_counts` counts them apart from other events.
# The audit chain's end moves with each of them.
_REFUSAL_TABLES = {"core_auditevent", "core_refusalburst", "core_auditchainhead"}
# TSI roles always need a second factor: the harness signs them in with one.
_TSI_ROLES = {"tsi_participant", "tsi_coordinator", "leadership"}


def database_state() -> dict[str, str]:
    """A digest of every row of every table, to prove that nothing changed.

    Raw SQL, not the ORM: the stored bytes are what must not change, and converting
    each value (decrypting the TSI fields, for one) made this the slowest part of the
    matrix."""
    state = {}
    with connection.cursor() as cursor:
        for model in apps.get_models():
            table = model._meta.db_table
            if table in _SKIP_TABLES:
                continue
            # A refusal's burst count and the audit chain's end move with every refusal
            # (the events themselves are compared, refusals left out).
            if table in ("core_refusalburst", "core_auditchainhead"):
                continue
            pk = connection.ops.quote_name(model._meta.pk.column)
            # A refusal is on record, not a change: the log's other events are compared.
            where = f" WHERE action NOT LIKE '{REFUSED}%'" if table == "core_auditevent" else ""
            cursor.execute(f"SELECT * FROM {connection.ops.quote_name(table)}{where} ORDER BY {pk}")  # noqa: S608  (names from the model registry)
            rows = cursor.fetchall()
            state[model._meta.label] = hashlib.sha256(repr(rows).encode()).hexdigest()
    return state


def row_counts() -> tuple[int, ...]:
    """The number of rows of every table (many-to-many tables too), in one query; the
    audit log's are counted by `audit_counts`."""
    tables = sorted(
        model._meta.db_table
        for model in apps.get_models(include_auto_created=True)
        if model._meta.db_table not in _SKIP_TABLES | _REFUSAL_TABLES
    )
    quote = connection.ops.quote_name
    # Table names come from the models, never from a request.
    counts = ", ".join(f"(SELECT COUNT(*) FROM {quote(table)})" for table in tables)  # noqa: S608
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT {counts}")
        return tuple(cursor.fetchone())


_INSERT = re.compile(r"^\s*(?:INSERT|REPLACE)\b.*?\bINTO\s+\"?([\w.]+)", re.IGNORECASE | re.DOTALL)
_UPDATE_OR_DELETE = re.compile(r"^\s*(?:UPDATE|DELETE\s+FROM)\s+\"?([\w.]+)", re.IGNORECASE)
_SCHEMA_CHANGE = re.compile(r"^\s*(?:CREATE|DROP|ALTER|TRUNCATE)\b", re.IGNORECASE)


class WriteRecorder:
    """A database execute wrapper that notes every statement that changed a row."""

    def __init__(self) -> None:
        self.writes: list[str] = []

    def __call__(self, execute: Any, sql: str, params: Any, many: bool, context: Any) -> Any:
        result = execute(sql, params, many, context)
        if self._changes(sql, context["cursor"]):
            self.writes.append(sql[:300])
        return result

    @staticmethod
    def _changes(sql: str, cursor: Any) -> bool:
        if _SCHEMA_CHANGE.match(sql):
            return True
        if insert := _INSERT.match(sql):
            # An INSERT … RETURNING reports its rowcount only once fetched: any insert counts.
            return insert.group(1) not in _SKIP_TABLES | _REFUSAL_TABLES
        if write := _UPDATE_OR_DELETE.match(sql):
            # rowcount is -1 where the driver cannot tell: that counts as a change too.
            # The log itself refuses UPDATE and DELETE (a trigger), so only a burst's
            # count can change there.
            skip = _SKIP_TABLES | {"core_refusalburst", "core_auditchainhead"}
            return write.group(1) not in skip and cursor.rowcount != 0
        return False


def audit_counts() -> tuple[int, int]:
    """(refusals on record, each summarised repeat counted; every other audit event)."""
    refused = Q(action__startswith=REFUSED)
    on_record = RefusalBurst.objects.aggregate(n=Sum("count"))["n"] or 0
    return on_record, AuditEvent.objects.exclude(refused).count()


def last_refusal() -> str:
    event = AuditEvent.objects.filter(action__startswith=REFUSED).order_by("-pk").first()
    return event.action if event is not None else ""


@contextmanager
def recording_writes() -> Iterator[WriteRecorder]:
    recorder = WriteRecorder()
    with connection.execute_wrapper(recorder):
        yield recorder


def call(client: Client, endpoint: Endpoint, world: World) -> Any:
    path = endpoint.path(world)
    data = endpoint.data(world) if endpoint.data else None
    method = getattr(client, endpoint.method)
    if endpoint.api and endpoint.method != "get":
        return method(path, data=data, content_type="application/json")
    return method(path, data=data) if data is not None else method(path)


def sign_in(client: Client, user: Any) -> None:
    """Sign in as `user`; a TSI role and the operator also give their second factor
    (they always need one)."""
    client.force_login(user)
    if user.is_operator or user.memberships.filter(role__in=_TSI_ROLES).exists():
        _verify_second_factor(client, user)


def _verify_second_factor(client: Client, user: Any) -> None:
    from django_otp.plugins.otp_totp.models import TOTPDevice

    device = TOTPDevice.objects.create(user=user, name="matrix", confirmed=True)
    session = client.session
    session["otp_device_id"] = device.persistent_id
    session.save()


def _check_refusal_on_record(
    status: int, endpoint: Endpoint, actor: Actor, before: tuple[int, int], *, denied: bool
) -> None:
    """A 401 or 403 wrote exactly one refusal; any other answer none. A denied request
    wrote no other audit event (an allowed one may: that is its write's record)."""
    (refusals_before, audit_before), (refusals_after, audit_after) = before, audit_counts()
    expected = 1 if status in (401, 403) else 0
    assert refusals_after - refusals_before == expected, (
        f"{endpoint.name}: {actor.id} got {status} and wrote "
        f"{refusals_after - refusals_before} refusals, not {expected}"
    )
    if expected:
        assert last_refusal() in (f"{REFUSED}permission", f"{REFUSED}token"), (
            f"{endpoint.name}: {actor.id} refused as {last_refusal()!r}"
        )
    if denied:
        assert audit_after == audit_before, f"{endpoint.name}: denied {actor.id} wrote audit"


def check(client: Client, endpoint: Endpoint, actor: Actor, world: World) -> None:
    if actor.role is not None:
        sign_in(client, world.user(actor.role, actor.relation or "own_org"))
    counts_before = row_counts()
    audit_before = audit_counts()
    mails_before = len(mail.outbox)

    # Side effects run after commit (mail, for one): run them, so they can be counted.
    with recording_writes() as recorder, TestCase.captureOnCommitCallbacks(execute=True):
        response = call(client, endpoint, world)

    body = response.content.decode("utf-8", errors="replace")
    headers = "\n".join(f"{k}: {v}" for k, v in response.items())
    allowed = actor.role is not None and endpoint.allowed(actor)
    if endpoint.api:
        # The API answers everybody in JSON: never a sign-in page, never a redirect.
        content_type = response.get("Content-Type", "")
        assert _JSON_CONTENT_TYPE.match(content_type), (endpoint.name, actor.id, content_type)
    if allowed:
        assert response.status_code in endpoint.ok, (endpoint.name, actor.id, response.status_code)
    else:
        expected = (
            endpoint.expected_anonymous()
            if actor.role is None
            else (endpoint.denied_status(actor),)
        )
        assert response.status_code in expected, (endpoint.name, actor.id, response.status_code)
        assert not recorder.writes, f"{endpoint.name}: denied {actor.id} wrote {recorder.writes}"
        assert row_counts() == counts_before, f"{endpoint.name}: denied {actor.id} changed data"
        assert len(mail.outbox) == mails_before, f"{endpoint.name}: denied {actor.id} sent mail"
    _check_refusal_on_record(
        response.status_code, endpoint, actor, audit_before, denied=not allowed
    )
    if not allowed or not actor.is_member_of_a:
        for secret in endpoint.secrets(world):
            assert secret not in body, f"{endpoint.name}: {actor.id} saw {secret!r}"
            assert secret not in headers, f"{endpoint.name}: {actor.id} saw {secret!r} in headers"

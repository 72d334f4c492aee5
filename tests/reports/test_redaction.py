"""A coordinator removes personal data from an observation's text (reports.redaction):
the removed text is gone from every table, export and cache; the audit event says that
it happened, not what; the reporter is told; nobody else may do it."""

from __future__ import annotations

import io
import json
import pickle  # nosec B403 - reads back this test process's own cache entries
import zipfile
import zlib
from pathlib import Path

import pytest
from django.apps import apps
from django.conf import settings
from django.core.cache import caches
from django.core.exceptions import PermissionDenied
from django.db import connection
from openpyxl import load_workbook

from samordna.core.models import AuditEvent
from samordna.reports import jobs
from samordna.reports.models import ExportJob, Observation
from samordna.reports.redaction import EXPORT_GONE, REDACTED, observation_redact
from tests.permissions import database_state
from tests.public.helpers import publish
from tests.reports.factories import file_observation

# A name the guard cannot know: it has to be removed by hand. ASCII, so that no
# escaping in JSON or XML could hide it from the search.
NAME = "Kalle Hemlund"
TEXT = f"Sågs prata med {NAME} vid busskuren. {NAME} hade sprejburk."
ACTION = f"Pratade med {NAME}."
REASON = "Namn på en boende."
TEXT_TYPES = ("char", "text", "json", "clob")


# --- where the text could be ---------------------------------------------------------------


def tables_holding(needle: str) -> list[str]:
    """ "table.column" for every text or JSON column of every model, read as stored (raw
    SQL), whose value holds `needle` in any case. The columns come from django.apps, so
    a model added later is searched too."""
    needle = needle.lower()
    found = []
    with connection.cursor() as cursor:
        for model in apps.get_models():
            if not model._meta.managed or model._meta.proxy:
                continue
            columns = [
                field.column
                for field in model._meta.concrete_fields
                if any(t in (field.db_type(connection) or "").lower() for t in TEXT_TYPES)
            ]
            if not columns:
                continue
            table = connection.ops.quote_name(model._meta.db_table)
            names = ", ".join(connection.ops.quote_name(c) for c in columns)
            sql = f"SELECT {names} FROM {table}"  # noqa: S608  # nosec B608 - names from the models
            cursor.execute(sql)
            for row in cursor.fetchall():
                for column, value in zip(columns, row, strict=True):
                    if value is not None and needle in _text(value).lower():
                        found.append(f"{model._meta.db_table}.{column}")
    return sorted(set(found))


def _text(value: object) -> str:
    if isinstance(value, bytes | memoryview):
        return bytes(value).decode("utf-8", errors="replace")
    text = str(value)
    # JSON may store "å" as "\u00e5": read it back as text too.
    try:
        return text + json.dumps(json.loads(text), ensure_ascii=False)
    except (ValueError, TypeError):
        return text


def caches_holding(needle: str) -> list[str]:
    """The configured caches (every alias in settings.CACHES) whose entries hold `needle`."""
    found = []
    for alias in settings.CACHES:
        cache = caches[alias]
        for entry in _entries(cache):
            if needle.lower() in entry.lower():
                found.append(alias)
    return found


def _entries(cache) -> list[str]:
    if hasattr(cache, "_cache"):  # LocMemCache: pickled values in a dict
        return [
            repr(pickle.loads(value)) + value.decode("latin-1")  # noqa: S301  # nosec B301
            for value in list(cache._cache.values())
        ]
    if hasattr(cache, "_dir"):  # FileBasedCache: expiry, then a zlib'ed pickle
        out = []
        for path in Path(cache._dir).glob("*.djcache"):
            with path.open("rb") as handle:
                pickle.load(handle)  # noqa: S301  # nosec B301 - own cache
                value = zlib.decompress(handle.read())
                out.append(repr(pickle.loads(value)))  # noqa: S301  # nosec B301 - own cache
        return out
    raise AssertionError(f"unknown cache backend {cache!r}: teach this test to read it")


def download(client, path: str) -> str:
    response = client.get(path)
    assert response.status_code == 200, path
    data = b"".join(response.streaming_content) if response.streaming else response.content
    if data[:2] != b"PK":
        return data.decode("utf-8")
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        if "xl/workbook.xml" in archive.namelist():
            workbook = load_workbook(io.BytesIO(data))
            return repr([list(s.iter_rows(values_only=True)) for s in workbook.worksheets])
        return "".join(archive.read(n).decode("utf-8-sig") for n in archive.namelist())


EXPORTS = [
    "/export/iakttagelser.csv",
    "/export/iakttagelser.xlsx",
    "/api/v1/observations/",
    "/api/v1/observations/export/?format=csv",
    "/api/v1/observations/export/?format=xlsx",
]


@pytest.fixture
def var_dir(settings, tmp_path):
    settings.VAR_DIR = tmp_path
    return tmp_path


@pytest.fixture
def named(world):
    return file_observation(world, free_text=TEXT, immediate_action=ACTION)


# --- the redaction ---------------------------------------------------------------------------


def test_the_removed_text_is_in_no_table_export_or_cache(
    client, world, named, var_dir, django_capture_on_commit_callbacks
):
    coordinator = world.user("coordinator")
    # given the text in the database, in every export, in a finished background export,
    # and caches filled by the public page and a coordinator's pages
    assert tables_holding(NAME) == [
        "reports_observation.free_text",
        "reports_observation.immediate_action",
    ]
    client.force_login(coordinator)
    for path in EXPORTS:
        assert NAME in download(client, path), path
    with django_capture_on_commit_callbacks(execute=True):
        job = jobs.export_job_request(
            actor=coordinator, municipality=world.a, format="csv", filters={}, mine_only=False
        )
    job.refresh_from_db()
    old_file = jobs.file_path(job)
    assert job.status == ExportJob.Status.DONE
    assert old_file is not None
    assert old_file.exists()
    publish(world.a)
    for path in (f"/offentlig/{world.a.slug}/", f"/offentlig/{world.a.slug}/data.json"):
        assert client.get(path).status_code == 200, path
    assert _entries(caches["default"]), "the public pages are cached"
    assert client.get(f"/granskning/{named.pk}/").status_code == 200

    # when the coordinator removes the name, typed in another case and spacing
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            f"/granskning/{named.pk}/ta-bort-text/",
            {"passage": "kalle   HEMLUND", "reason": REASON},
        )

    # then the rows say [borttaget] where the name was, everything else kept
    assert response.status_code == 302
    named.refresh_from_db()
    assert named.free_text == f"Sågs prata med {REDACTED} vid busskuren. {REDACTED} hade sprejburk."
    assert named.immediate_action == f"Pratade med {REDACTED}."
    assert named.text_redacted_at is not None
    # and the name is in no table, no export, no cache, and the old file is gone
    assert tables_holding(NAME) == []
    assert tables_holding("Hemlund") == []
    for path in EXPORTS:
        assert "Hemlund" not in download(client, path), path
    assert caches_holding("Hemlund") == []
    assert not old_file.exists()
    job.refresh_from_db()
    assert (job.status, job.file_name, job.error) == (ExportJob.Status.FAILED, "", EXPORT_GONE)
    # and the audit event says who, which, why and how much, not what
    event = AuditEvent.objects.get(action="observation.redact")
    assert (event.actor, event.target_id) == (coordinator, str(named.pk))
    assert event.changes == {
        "fields": ["free_text", "immediate_action"],
        "occurrences": 3,
        "characters_removed": 3 * len(NAME),
        "all_text": False,
        "reason": REASON,
    }
    assert "hemlund" not in json.dumps(event.changes).lower()


def test_the_reporter_sees_that_text_was_removed(client, world, named):
    # given a redacted observation
    coordinator = world.user("coordinator")
    observation_redact(actor=coordinator, observation=named, passage=NAME, reason=REASON)
    # when its reporter opens their reports
    client.force_login(world.user("reporter"))
    page = client.get("/mina-rapporter/").content.decode()
    # then they read that the coordinator removed part of it, and not the name
    assert "Delar av texten togs bort av samordnaren." in page
    assert REDACTED in page
    assert NAME not in page
    # and the API copy says when
    listed = client.get("/api/v1/reports/").json()
    [row] = [o for r in listed["results"] for o in r["observations"] if o["id"] == named.pk]
    assert row["text_redacted_at"] is not None


def test_all_of_the_text_can_be_removed(client, world, named):
    # given the coordinator on the observation's page
    client.force_login(world.user("coordinator"))
    page = client.get(f"/granskning/{named.pk}/").content.decode()
    assert 'for="redact-passage"' in page
    assert 'for="redact-everything"' in page
    # when they tick "ta bort all text"
    response = client.post(
        f"/granskning/{named.pk}/ta-bort-text/", {"everything": "on", "reason": REASON}
    )
    # then both free texts are [borttaget]; the address, a place, stays
    assert response.status_code == 302
    named.refresh_from_db()
    assert (named.free_text, named.immediate_action) == (REDACTED, REDACTED)
    assert named.address
    event = AuditEvent.objects.get(action="observation.redact")
    assert event.changes["characters_removed"] == len(TEXT) + len(ACTION)


def test_a_short_passage_repeated_in_the_address_keeps_it_within_its_column(world):
    # given an address that is the same three letters over and over
    observation = file_observation(world, address="Ekv " * 50)
    # when "Ekv" is removed everywhere
    observation_redact(
        actor=world.user("coordinator"), observation=observation, passage="Ekv", reason=REASON
    )
    # then the address is [borttaget]s, cut at the column's 200 characters
    observation.refresh_from_db()
    assert len(observation.address) == 200
    assert "Ekv" not in observation.address


@pytest.mark.parametrize(
    ("data", "field", "message"),
    [
        ({"passage": "", "reason": REASON}, "passage", "Skriv eller klistra in texten"),
        ({"passage": "Nisse Okänd", "reason": REASON}, "passage", "Texten finns inte"),
        ({"passage": "a ", "reason": REASON}, "passage", "minst 3 tecken"),
        ({"passage": NAME}, "reason", "Skriv varför texten tas bort."),
        ({"passage": NAME, "reason": f"Stod {NAME}"}, "reason", "får inte innehålla texten"),
        ({"passage": NAME, "reason": "x" * 201}, "reason", "för långt"),
        ({"passage": NAME, "reason": "Ring 070-123 45 67"}, "reason", "telefonnummer"),
    ],
)
def test_bad_input_is_explained_and_changes_nothing(client, world, named, data, field, message):
    # given the coordinator and a database state
    client.force_login(world.user("coordinator"))
    before = database_state()
    # when the form is sent with something wrong
    response = client.post(f"/granskning/{named.pk}/ta-bort-text/", data)
    # then the page says what, at the field, and nothing changed
    assert response.status_code == 200
    assert message in " ".join(response.context["redact"].errors.get(field, []))
    assert database_state() == before


@pytest.mark.parametrize(
    ("role", "relation"),
    [
        ("reporter", "own_org"),
        ("partner", "own_org"),
        ("analyst", "own_org"),
        ("coordinator", "other_municipality"),
    ],
)
def test_only_the_municipalitys_reviewers_may_redact(client, world, named, role, relation):
    # given someone who may not review the observation
    user = world.user(role, relation)
    client.force_login(user)
    before = database_state()
    # when they post a redaction, or call the service
    response = client.post(
        f"/granskning/{named.pk}/ta-bort-text/", {"passage": NAME, "reason": REASON}
    )
    with pytest.raises(PermissionDenied):
        observation_redact(actor=user, observation=named, passage=NAME, reason=REASON)
    # then they are refused and nothing changed: the name is still there
    assert response.status_code in (403, 404)
    assert database_state() == before
    assert Observation.objects.get(pk=named.pk).free_text == TEXT
    # and the refused request left no copy of the passage (a refusal is on record)
    assert tables_holding(NAME) == [
        "reports_observation.free_text",
        "reports_observation.immediate_action",
    ]

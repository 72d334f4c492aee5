"""Imports as background jobs (issue 15): every registered importer refuses hostile
files in Swedish and writes nothing; the write is all or nothing; the task applies
the person's permission again; progress is saved as rows are read."""

from __future__ import annotations

import secrets

import pytest

from samordna.core.models import AuditEvent, Membership
from samordna.reports.models import Observation, Report
from samordna.surveys.models import Survey
from samordna.tabular import jobs, readers
from samordna.tabular.jobs import IMPORTERS
from samordna.tabular.models import ImportJob
from samordna.tabular.pending import PendingUpload
from samordna.tabular.tasks import (
    import_check_task,
    import_commit_task,
    import_job_confirm,
    import_job_start,
)
from tests.tabular import hostile_files

REPORT_HEADER = ["kategori", "datum", "tid", "longitud", "latitud", "otrygghet", "säkerhet"]
REPORT_ROW = ["skadegorelse-klotter", "2025-11-03", "14:30", "15,21", "59,275", "2", "sett"]
SURVEY_HEADER = ["Område", "År", "Frågeområde", "Kön", "Index", "Antal svarande"]
SURVEY_ROW = ["Hemligområdet Alfa", "2025", "Ordningsstörningar", "T", "2,4", "120"]

# Every importer registered in tabular.jobs, with who uploads and what they said.
SETUP = {
    "reports": lambda world: (
        world.user("reporter"),
        {"organisation_id": world.a1.pk, "mapping": ""},
        REPORT_HEADER,
        REPORT_ROW,
    ),
    "surveys": lambda world: (
        world.user("analyst"),
        {
            "municipality_id": world.a.pk,
            "kind": "police_trygghetsmatning",
            "title": "Polisens mätning",
            "year": None,
            "source_note": "",
            "mapping": "",
        },
        SURVEY_HEADER,
        SURVEY_ROW,
    ),
}

HOSTILE = {
    "zip_bomb": ("bomb.xlsx", lambda h, r: hostile_files.zip_bomb(h), "packas upp"),
    "20M_rows": ("lang.xlsx", lambda h, r: hostile_files.declared_rows(h), "fler än 2 000 rader"),
    "deep_json": ("djup.json", lambda h, r: hostile_files.deep_json(), "för djupt nästlad"),
    "nul_bytes": ("nul.csv", hostile_files.nul_csv, "styrtecken (t.ex. NUL)"),
}


def _written():
    imports = AuditEvent.objects.filter(action__regex=r"^(report|survey)\.")
    return (
        Observation.objects.count(),
        Report.objects.count(),
        Survey.objects.count(),
        imports.count(),
    )


def _csv(header, rows):
    return "\n".join(";".join(r) for r in [header, *rows]).encode() + b"\n"


@pytest.fixture
def start(django_capture_on_commit_callbacks):
    """Start a job on an uploaded file; its check runs at once unless `run` is False."""
    paths = []

    def start_job(user, kind, params, name, data, *, run=True):
        upload = PendingUpload(token=f"u{user.pk}-{secrets.token_urlsafe(9)}", name=name)
        upload.path.write_bytes(data)
        paths.append(upload.path)
        with django_capture_on_commit_callbacks(execute=run):
            job = import_job_start(actor=user, kind=kind, upload=upload, params=params)
        job.refresh_from_db()
        return job

    yield start_job
    for path in paths:
        path.unlink(missing_ok=True)


def _confirm(job, capture, *, run=True):
    with capture(execute=run):
        queued = import_job_confirm(job)
    job.refresh_from_db()
    return queued


def test_every_registered_importer_is_tested_here():
    assert set(SETUP) == set(IMPORTERS)


@pytest.mark.parametrize("case", sorted(HOSTILE))
@pytest.mark.parametrize("kind", sorted(SETUP))
def test_hostile_files_get_a_swedish_refusal_and_nothing_is_written(
    kind, case, world, start, monkeypatch, django_capture_on_commit_callbacks
):
    # given a file meant to take the worker's memory or time (20 M rows: the same walk,
    # stopped at a lower bound)
    monkeypatch.setattr(readers, "ROWS_MAX", 2_000)
    user, params, header, row = SETUP[kind](world)
    name, build, expected = HOSTILE[case]
    before = _written()

    # when it is uploaded and someone tries to confirm it anyway
    job = start(user, kind, params, name, build(header, row))
    confirmed = _confirm(job, django_capture_on_commit_callbacks)

    # then the preview names the problem in Swedish and nothing was written
    assert job.status == ImportJob.Status.CHECKED
    assert job.errors_found >= 1
    assert expected in " ".join(reason for *_, reason in job.problems)
    assert not confirmed
    assert _written() == before


def test_a_clean_file_is_checked_then_written(world, start, django_capture_on_commit_callbacks):
    user, params, header, row = SETUP["reports"](world)
    job = start(user, "reports", params, "rapporter.csv", _csv(header, [row]))
    assert job.status == ImportJob.Status.CHECKED
    assert job.summary == "1 nya, 0 fanns redan (provkörning, inget sparades)"
    assert Observation.objects.count() == 0

    assert _confirm(job, django_capture_on_commit_callbacks)

    assert job.status == ImportJob.Status.DONE
    assert job.summary == "1 nya, 0 fanns redan"
    assert Observation.objects.count() == 1


def test_a_failing_last_row_at_the_write_leaves_no_row(
    world, start, django_capture_on_commit_callbacks
):
    # given a clean file, checked
    user, params, header, row = SETUP["reports"](world)
    rows = [[*row[:1], f"2025-11-{day:02d}", *row[2:]] for day in range(1, 21)]
    job = start(user, "reports", params, "rapporter.csv", _csv(header, rows))
    assert job.status == ImportJob.Status.CHECKED
    before = _written()
    # when, before the write runs, its last row has become wrong
    bad = [*rows[:-1], [*row[:5], "9", "sett"]]
    jobs.upload_path(job).write_bytes(_csv(header, bad))
    _confirm(job, django_capture_on_commit_callbacks)

    # then the write is refused and not one of the 19 good rows is there
    assert job.status == ImportJob.Status.FAILED
    assert job.problems[0][0] == 21
    assert _written() == before


def test_an_error_while_writing_rolls_everything_back(
    world, start, monkeypatch, django_capture_on_commit_callbacks
):
    user, params, header, row = SETUP["reports"](world)
    job = start(
        user,
        "reports",
        params,
        "rapporter.csv",
        _csv(header, [row, [*row[:1], "2025-11-04", *row[2:]]]),
    )
    before = _written()

    def crash(*args, **kwargs):
        raise RuntimeError("the database went away after the insert")

    monkeypatch.setattr("samordna.reports.imports.service.refresh_counts", crash)
    _confirm(job, django_capture_on_commit_callbacks)

    assert job.status == ImportJob.Status.FAILED
    assert job.error == jobs.FAILED
    assert _written() == before


@pytest.mark.parametrize("step", ["check", "commit"])
def test_the_task_checks_the_permission_again(
    step, world, start, django_capture_on_commit_callbacks
):
    # given a job queued by a reporter
    user, params, header, row = SETUP["reports"](world)
    job = start(user, "reports", params, "rapporter.csv", _csv(header, [row]), run=step == "commit")
    if step == "commit":
        _confirm(job, django_capture_on_commit_callbacks, run=False)
    before = _written()

    # when they lose the role before the task runs
    Membership.objects.filter(user=user).update(is_active=False)
    task = import_check_task if step == "check" else import_commit_task
    task.enqueue(job.pk)

    # then the task refuses, and nothing is written
    job.refresh_from_db()
    assert job.status == ImportJob.Status.FAILED
    assert job.error == jobs.NOT_ALLOWED
    assert _written() == before


def test_progress_is_saved_as_rows_are_read(world, start, monkeypatch):
    monkeypatch.setattr(jobs, "PROGRESS_EVERY", 2)
    saved = []
    original = jobs.Progress.save

    def save(progress):
        original(progress)
        job = ImportJob.objects.get(pk=progress.job.pk)
        saved.append((job.rows_read, job.errors_found))

    monkeypatch.setattr(jobs.Progress, "save", save)
    user, params, header, row = SETUP["reports"](world)
    bad = [*row[:5], "9", "sett"]  # unsafety 1-3
    rows = [row, bad, [*row[:1], "2025-11-05", *row[2:]], bad, bad]

    job = start(user, "reports", params, "rapporter.csv", _csv(header, rows))

    # saved every second row while reading, with the errors found so far
    assert saved == [(2, 0), (4, 1)]
    assert (job.rows_read, job.errors_found) == (5, 3)

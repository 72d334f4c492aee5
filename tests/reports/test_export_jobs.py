"""Background exports (reports.jobs): queued when too large to download, claimed by one
worker, written whole or not at all, and seen and downloaded by the requester only."""

from __future__ import annotations

import io
import zipfile
from datetime import timedelta

import pytest
from django.core.management import call_command
from django.utils import timezone

from samordna.core.models import AuditEvent
from samordna.reports import exports, jobs
from samordna.reports.models import ExportJob
from tests.permissions import database_state
from tests.reports.factories import category, file_observation
from tests.reports.test_exports import csv_rows, exported_ids, xlsx_rows

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def var_dir(settings, tmp_path):
    settings.VAR_DIR = tmp_path
    settings.SAMORDNA_EXPORT_SYNC_LIMIT = 2
    return tmp_path


@pytest.fixture
def filed(world):
    """Three klotter of A (A1 and A2), one brand of A1, one klotter of B1."""
    return {
        "klotter": [
            file_observation(world),
            file_observation(world),
            file_observation(world, world.a2),
        ],
        "brand": file_observation(world, category=category("anlagd-brand")),
        "b1": file_observation(world, world.b1),
    }


def export_files(var_dir) -> list[str]:
    directory = var_dir / "exports"
    return sorted(p.name for p in directory.iterdir()) if directory.exists() else []


def request_job(actor, **overrides) -> ExportJob:
    values = {"municipality": None, "format": "csv", "filters": {}, "mine_only": False}
    return jobs.export_job_request(actor=actor, **(values | overrides))


def download(client, job) -> bytes:
    response = client.get(f"/export/jobb/{job.pk}/fil/")
    assert response.status_code == 200
    return b"".join(response.streaming_content)


def test_a_too_large_export_runs_in_the_background_and_is_downloaded(client, world, filed):
    # given a coordinator of A whose klotter filter is over the limit (2)
    coordinator = world.user("coordinator")
    client.force_login(coordinator)
    refused = client.get("/export/iakttagelser.csv?category=skadegorelse-klotter")
    # then the refusal explains and offers the background export of the same filter
    page = refused.content.decode()
    assert refused.status_code == 400
    assert "högst 2 kan exporteras" in page
    assert "Exportera i bakgrunden" in page
    assert 'name="category" value="skadegorelse-klotter"' in page
    # when they ask for it, and the worker runs
    response = client.post("/export/jobb/", {"format": "csv", "category": "skadegorelse-klotter"})
    job = ExportJob.objects.get()
    assert response.status_code == 302
    assert response["Location"] == f"/export/jobb/{job.pk}/"
    assert 'http-equiv="refresh"' in client.get(f"/export/jobb/{job.pk}/").content.decode()
    call_command("run_export_jobs", "--once", stdout=io.StringIO())
    # then the job is done, the page links the file and no longer refreshes itself
    job.refresh_from_db()
    assert (job.status, job.rows_done, job.rows_total) == ("done", 3, 3)
    page = client.get(f"/export/jobb/{job.pk}/").content.decode()
    assert "http-equiv" not in page
    assert f"/export/jobb/{job.pk}/fil/" in page
    assert f"/export/jobb/{job.pk}/" in client.get("/export/jobb/").content.decode()
    # and the file holds exactly A's klotter, with a manifest that counts them
    lines, manifest = csv_rows(download(client, job))
    assert exported_ids(lines) == {o.pk for o in filed["klotter"]}
    assert manifest["rows"] == len(lines) - 1 == 3
    assert {"filter": "Kommun", "value": "Alfastad"} in manifest["filters"]
    # all of it audited: asked, written, downloaded
    actions = list(
        AuditEvent.objects.filter(actor=coordinator, action__startswith="observation.").values_list(
            "action", flat=True
        )
    )
    assert sorted(actions) == [
        "observation.export",
        "observation.export_job.download",
        "observation.export_job.request",
    ]
    written = AuditEvent.objects.get(action="observation.export")
    assert written.changes["rows"] == written.changes["rows_in_file"] == 3
    assert written.municipality == world.a


def test_the_api_queues_shows_and_serves_a_job(client, world, filed):
    # given A1's reporter asking the API for an XLSX of everything they see
    client.force_login(world.user("reporter"))
    created = client.post(
        "/api/v1/observations/export/jobs/", {"format": "xlsx"}, content_type="application/json"
    )
    assert created.status_code == 202
    job_id = created.json()["id"]
    assert created.json()["status"] == "queued"
    assert created.json()["file"] is None
    # when the worker runs
    jobs.export_job_run(jobs.export_job_claim())
    shown = client.get(f"/api/v1/observations/export/jobs/{job_id}/").json()
    # then the file has A1's rows only (the requester's permissions), counted in the manifest
    assert shown["status"] == "done"
    assert shown["file"] == f"/api/v1/observations/export/jobs/{job_id}/file/"
    response = client.get(shown["file"])
    rows, about = xlsx_rows(b"".join(response.streaming_content))
    assert exported_ids(rows) == {o.pk for o in filed["klotter"][:2]} | {filed["brand"].pk}
    assert about["Antal rader"] == len(rows) - 1 == shown["rows_done"] == 3
    listed = client.get("/api/v1/observations/export/jobs/").json()
    assert [j["id"] for j in listed] == [job_id]


def test_progress_is_saved_while_the_file_is_written(world, filed, monkeypatch):
    # given a job and progress saved every second row
    monkeypatch.setattr(jobs, "PROGRESS_EVERY", 2)
    request_job(world.user("coordinator"))
    job = jobs.export_job_claim()
    seen: list[int] = []

    def writer(kind, rows, out, info):
        count = 0
        for _ in rows:
            count += 1
            seen.append(ExportJob.objects.get(pk=job.pk).rows_done)
        return info.manifest(count)

    monkeypatch.setattr(jobs, "_write_to", writer)
    # when it runs
    jobs.export_job_run(job)
    # then the progress page could read 2 of 4 while the last two rows were written
    assert seen == [0, 0, 2, 2]
    job.refresh_from_db()
    assert (job.rows_done, job.rows_total, job.status) == (4, 4, "done")


def test_a_failure_leaves_no_file_and_says_so(client, world, filed, monkeypatch, var_dir):
    # given a writer that breaks off half way
    def broken(rows, out, info):
        out.write(b"PK half a file")
        raise OSError("disk full")

    monkeypatch.setattr(exports, "write_xlsx", broken)
    job = request_job(world.user("coordinator"), format="xlsx")
    # when the worker runs it
    call_command("run_export_jobs", "--once", stdout=io.StringIO())
    # then it failed, in Swedish, with nothing on disk and nothing to download
    job.refresh_from_db()
    assert job.status == "failed"
    assert job.error == jobs.FAILED
    assert job.file_name == ""
    assert export_files(var_dir) == []
    client.force_login(world.user("coordinator"))
    assert "Exporten kunde inte skrivas" in client.get(f"/export/jobb/{job.pk}/").content.decode()
    assert client.get(f"/export/jobb/{job.pk}/fil/").status_code == 404
    assert not AuditEvent.objects.filter(action="observation.export").exists()


@pytest.mark.parametrize(
    ("role", "relation"),
    [("admin", "own_org"), ("coordinator", "other_org"), ("admin", "other_municipality")],
)
def test_nobody_else_sees_or_downloads_a_job(client, world, filed, role, relation):
    # given a finished job of A's coordinator
    job = request_job(world.user("coordinator"), filters={"category": "skadegorelse-klotter"})
    jobs.export_job_run(jobs.export_job_claim())
    client.force_login(world.user(role, relation))
    before = database_state()
    # when someone else, even an admin of A, asks for it
    answers = [
        client.get(f"/export/jobb/{job.pk}/"),
        client.get(f"/export/jobb/{job.pk}/fil/"),
        client.get(f"/api/v1/observations/export/jobs/{job.pk}/"),
        client.get(f"/api/v1/observations/export/jobs/{job.pk}/file/"),
    ]
    # then it does not exist for them, is not listed, and nothing was recorded
    assert [a.status_code for a in answers] == [404] * 4
    assert f"/export/jobb/{job.pk}/" not in client.get("/export/jobb/").content.decode()
    assert client.get("/api/v1/observations/export/jobs/").json() == []
    assert database_state() == before


def test_a_claim_is_exclusive(world, filed):
    # given one queued job
    job = request_job(world.user("analyst"))
    # when two workers claim
    first, second = jobs.export_job_claim(), jobs.export_job_claim()
    # then one has it, running, and the other gets nothing
    assert first is not None
    assert first.pk == job.pk
    assert first.status == "running"
    assert first.started_at is not None
    assert second is None


def test_cleanup_removes_old_jobs_and_their_files(world, filed, var_dir):
    # given a finished job of eight days ago and one of today
    old, new = request_job(world.user("analyst")), request_job(world.user("analyst"))
    for _ in (old, new):
        jobs.export_job_run(jobs.export_job_claim())
    old.refresh_from_db()
    ExportJob.objects.filter(pk=old.pk).update(created_at=timezone.now() - timedelta(days=8))
    new.refresh_from_db()
    # when the worker cleans up
    removed = jobs.export_jobs_cleanup()
    # then the old job and its file are gone, today's stays
    assert removed == 1
    assert list(ExportJob.objects.values_list("pk", flat=True)) == [new.pk]
    assert export_files(var_dir) == [new.file_name]


def test_a_bad_filter_is_refused_at_request_time(client, world, filed):
    # given a coordinator asking with a week that does not exist
    client.force_login(world.user("coordinator"))
    before = database_state()
    web = client.post("/export/jobb/", {"format": "csv", "week": "2026-W99"})
    api = client.post(
        "/api/v1/observations/export/jobs/",
        {"format": "csv", "filters": {"week": "2026-W99"}},
        content_type="application/json",
    )
    # then both say why, and no job (nor audit event) was made
    assert web.status_code == api.status_code == 400
    assert "2026-W47" in web.content.decode()
    assert "week" in api.json()
    assert database_state() == before


def test_my_reports_needs_someone_who_reports(client, world, filed):
    client.force_login(world.user("analyst"))
    before = database_state()
    response = client.post("/export/jobb/", {"format": "csv", "mina": "1"})
    assert response.status_code == 403
    assert database_state() == before


def test_the_command_runs_what_is_queued(world, filed):
    # given three queued jobs
    for _ in range(3):
        request_job(world.user("analyst"))
    out = io.StringIO()
    # when the worker may take one, and then runs once
    call_command("run_export_jobs", "--once", "--max-jobs", "1", stdout=out)
    statuses = sorted(ExportJob.objects.values_list("status", flat=True))
    assert statuses == ["done", "queued", "queued"]
    call_command("run_export_jobs", "--once", stdout=out)
    # then every job is done, each with all four of A's rows
    assert set(ExportJob.objects.values_list("status", "rows_done")) == {("done", 4)}
    assert out.getvalue().count("Klar, 4 rader") == 3


def test_a_csv_file_is_a_complete_zip(world, filed, var_dir):
    job = request_job(world.user("analyst"))
    jobs.export_job_run(jobs.export_job_claim())
    job.refresh_from_db()
    assert export_files(var_dir) == [job.file_name]
    assert job.file_name.startswith(f"{job.pk}-")
    with zipfile.ZipFile(var_dir / "exports" / job.file_name) as archive:
        assert archive.namelist() == ["iakttagelser.csv", "manifest.json"]


def test_pages_miss_and_repeat_no_row_when_times_are_equal(client, world, monkeypatch):
    # given five observations at the same moment, written two at a time
    monkeypatch.setattr(jobs, "PROGRESS_EVERY", 2)
    moment = timezone.now() - timedelta(hours=1)
    filed = [file_observation(world, occurred_from=moment) for _ in range(5)]
    job = request_job(world.user("coordinator"))
    # when the job runs
    jobs.export_job_run(jobs.export_job_claim())
    # then the file has each of them exactly once
    client.force_login(world.user("coordinator"))
    lines, manifest = csv_rows(download(client, job))
    assert sorted(exported_ids(lines)) == sorted(o.pk for o in filed)
    assert manifest["rows"] == len(lines) - 1 == 5


def test_committing_a_job_enqueues_its_task_which_writes_it_once(
    world, filed, var_dir, django_capture_on_commit_callbacks
):
    # given a coordinator's export request, committed (tests run tasks immediately)
    coordinator = world.user("coordinator")
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        job = request_job(coordinator)
    # then the task ran on commit and wrote the file with every row the coordinator sees
    job.refresh_from_db()
    assert len(callbacks) == 1
    assert job.status == ExportJob.Status.DONE
    assert job.rows_done == 4
    assert len(export_files(var_dir)) == 1
    # and the cron fallback finds nothing left to do: the job is not written twice
    out = io.StringIO()
    call_command("run_export_jobs", "--once", stdout=out)
    assert out.getvalue() == ""
    assert len(export_files(var_dir)) == 1

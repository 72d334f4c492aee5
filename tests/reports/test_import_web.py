"""The web import: upload -> preview (mapping, rows, every error) -> confirm; the
uploaded file lives only until confirm or cancel; outsiders get nothing."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from samordna.core.models import AuditEvent
from samordna.reports.models import Observation, Report
from samordna.reports.views_import import pending
from samordna.tabular.pending import directory
from tests.tabular.jobs import JobsClient

GOOD = (
    "kategori;datum;tid;longitud;latitud;otrygghet;säkerhet;Väder;fritext\n"
    "skadegorelse-klotter;2025-11-03;14:30;15,21;59,275;2;sett;regn;Klotter på busskuren.\n"
)
BAD = GOOD + "skadegorelse-klotter;2025-11-04;10:00;15,21;59,275;2;sett;sol;Ring 070-123 45 67\n"


@pytest.fixture
def client(client, django_capture_on_commit_callbacks):
    """The preview and the write run as jobs, queued by the requests."""
    return JobsClient(client, django_capture_on_commit_callbacks)


@pytest.fixture(autouse=True)
def _no_files_left_behind():
    """Previews a test leaves open would otherwise wait a day for the next upload's cleanup."""
    before = set(directory().iterdir())
    yield
    for path in set(directory().iterdir()) - before:
        path.unlink()


def _upload(client, content, name="rapporter.csv", mapping=""):
    file = SimpleUploadedFile(name, content.encode("utf-8"), content_type="text/csv")
    return client.post("/rapportera/import/", {"file": file, "mapping": mapping})


def _counts():
    # Signing in writes audit events of its own; count the reporting ones.
    events = AuditEvent.objects.filter(action__startswith="report.").count()
    return Observation.objects.count(), Report.objects.count(), events


def test_upload_preview_confirm_imports_and_removes_the_file(client, world):
    client.force_login(world.user("reporter"))

    response = _upload(client, GOOD)

    assert response.status_code == 302
    preview_url = response["Location"]
    token = preview_url.rstrip("/").rsplit("/", 1)[1]
    stored = pending.find(client.session, token)
    assert stored is not None
    assert stored.path.exists()
    page = client.get(preview_url)
    content = page.content.decode()
    assert page.status_code == 200
    assert "Klotter på busskuren." in content  # the first rows
    assert "Väder" in content
    assert "1 nya, 0 fanns redan" in content
    assert Observation.objects.count() == 0  # the preview is a dry run

    queued = client.post(preview_url, {"action": "confirm"})
    # The write runs as a job; the preview page then shows it done.
    done = client.get(queued["Location"])

    assert done.status_code == 302
    assert done["Location"] == "/rapportera/import/"
    observation = Observation.objects.get()
    assert observation.report.reporter == world.user("reporter")
    assert observation.organisation == world.a1
    assert not stored.path.exists()
    assert pending.find(client.session, token) is None
    assert AuditEvent.objects.filter(action="report.import").count() == 1


def test_the_preview_lists_every_error_and_confirm_writes_nothing(client, world):
    client.force_login(world.user("coordinator"))
    before = _counts()
    preview_url = _upload(client, BAD)["Location"]

    page = client.get(preview_url).content.decode()
    confirm = client.post(preview_url, {"action": "confirm"})
    report = client.get(preview_url + "fel.csv")

    assert "<td>3</td><td>fritext</td>" in page
    assert "telefonnummer" in page
    assert confirm.status_code == 200  # the preview again, with the errors
    assert _counts() == before
    assert "3;fritext;Ring 070-123 45 67;" in report.content.decode("utf-8-sig")


def test_a_mapping_override_is_applied_in_the_preview(client, world):
    client.force_login(world.user("reporter"))
    content = GOOD.replace("kategori", "Händelse", 1)
    preview_url = _upload(client, content)["Location"]
    assert "kolumn för ”kategori”" in client.get(preview_url).content.decode()

    client.post(preview_url, {"action": "remap", "mapping": "Händelse=kategori"})

    assert "1 nya, 0 fanns redan" in client.get(preview_url).content.decode()


def test_cancel_removes_the_file_and_writes_nothing(client, world):
    client.force_login(world.user("reporter"))
    preview_url = _upload(client, GOOD)["Location"]
    token = preview_url.rstrip("/").rsplit("/", 1)[1]
    path = pending.find(client.session, token).path

    client.post(preview_url, {"action": "cancel"})

    assert not path.exists()
    assert Observation.objects.count() == 0


def test_people_who_may_not_report_get_403_and_nothing_changes(client, world):
    before, files = _counts(), set(directory().iterdir())
    for user in (world.user("analyst"), world.user("management")):
        client.force_login(user)
        assert _upload(client, GOOD).status_code == 403
        assert client.get("/rapportera/import/").status_code == 403
    assert _counts() == before
    assert set(directory().iterdir()) == files  # no file kept for them


def test_another_persons_preview_is_not_found(client, world):
    client.force_login(world.user("reporter"))
    preview_url = _upload(client, GOOD)["Location"]
    before = _counts()

    client.force_login(world.user("reporter", "other_org"))
    assert client.get(preview_url).status_code == 404
    assert client.post(preview_url, {"action": "confirm"}).status_code == 404
    assert _counts() == before

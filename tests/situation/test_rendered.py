"""Rendered once, served many (issue 16, item 4): confirming answers without rendering
or mailing in the request; the task renders the PDF once and the mails carry that file;
a PDF not ready yet is a page that waits, asked of the worker once."""

from __future__ import annotations

import pytest
from django.core import mail
from django.test import TestCase
from django_tasks import default_task_backend

from samordna.situation import rendered, services
from samordna.situation.distribution import recipient_add
from samordna.situation.models import SituationPicture
from tests.situation.factories import observe

WEEK = "2026-W40"
PDF_URL = f"/lagesbild/{WEEK}/export.pdf"
DUMMY = {"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}

pytestmark = pytest.mark.django_db


def _picture(world) -> SituationPicture:
    observe(world, WEEK)
    return services.picture_prepare(actor=world.user("coordinator"), municipality=world.a, key=WEEK)


def _pdf_files() -> list[str]:
    return sorted(p.name for p in rendered.directory().glob("*.pdf"))


def test_confirming_queues_the_work_and_the_mails_carry_the_pdf_rendered_once(
    world, settings, monkeypatch
):
    # given two recipients who get the PDF, and a worker that has not run yet
    coordinator = world.user("coordinator")
    for user in ("partner", "analyst"):
        recipient_add(
            actor=coordinator, municipality_id=world.a.pk, user=world.user(user), attach_pdf=True
        )
    settings.TASKS = DUMMY
    picture = _picture(world)
    # when the coordinator confirms
    with TestCase.captureOnCommitCallbacks(execute=True):
        services.picture_confirm(actor=coordinator, picture=picture)
    # then nothing was rendered or mailed in the call: one task waits for the worker
    assert mail.outbox == []
    assert _pdf_files() == []
    queued = [r.task.name for r in default_task_backend.results]
    assert queued == ["distribute_picture"]
    # when the worker runs it
    renders = []
    real_render = rendered.render
    monkeypatch.setattr(
        rendered, "render", lambda doc, fmt: renders.append(fmt) or real_render(doc, fmt)
    )
    result = default_task_backend.results[0]
    result.task.call(*result.args, **result.kwargs)
    # then the PDF was rendered once, stored, and both mails carry exactly that file
    assert renders == ["pdf"]
    [stored] = _pdf_files()
    data = (rendered.directory() / stored).read_bytes()
    assert sorted(len(m.attachments) for m in mail.outbox) == [1, 1]
    assert all(m.attachments[0][1] == data for m in mail.outbox)
    picture.refresh_from_db()
    assert picture.status == SituationPicture.Status.DISTRIBUTED


def test_a_confirmed_pdf_is_served_from_storage_without_rendering_again(client, world, monkeypatch):
    picture = _picture(world)
    with TestCase.captureOnCommitCallbacks(execute=True):
        services.picture_confirm(actor=world.user("coordinator"), picture=picture)
    client.force_login(world.user("partner"))
    first = client.get(PDF_URL)
    assert first.status_code == 200
    assert first.content.startswith(b"%PDF")

    def refuse(*args, **kwargs):
        raise AssertionError("rendered again")

    monkeypatch.setattr(rendered, "render", refuse)
    again = client.get(PDF_URL)
    assert again.content == first.content


def test_a_pdf_not_ready_is_a_waiting_page_and_asked_of_the_worker_once(client, world, settings):
    # given a worker that has not run
    settings.TASKS = DUMMY
    _picture(world)
    client.force_login(world.user("coordinator"))
    # when the coordinator asks for the draft's PDF, twice
    first, second = client.get(PDF_URL), client.get(PDF_URL)
    # then both get the page that refreshes itself, and the worker is asked once
    for response in (first, second):
        page = response.content.decode()
        assert response.status_code == 202
        assert "PDF:en skapas" in page
        assert 'http-equiv="refresh"' in page
    queued = [r.task.name for r in default_task_backend.results]
    assert queued == ["render_draft_file"]
    # when the worker has run, the same address gives the file
    result = default_task_backend.results[0]
    result.task.call(*result.args, **result.kwargs)
    done = client.get(PDF_URL)
    assert done.status_code == 200
    assert done.content.startswith(b"%PDF")


def test_confirming_says_who_gets_it_and_warns_when_nobody_does(client, world):
    coordinator = world.user("coordinator")
    _picture(world)
    client.force_login(coordinator)
    response = client.post(f"/lagesbild/{WEEK}/confirm/", follow=True)
    assert "Sändlistan är tom, så den skickas inte." in response.content.decode()

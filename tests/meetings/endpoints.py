"""Meeting endpoints in the permission matrix (tests/permissions.py).

`ENDPOINTS` need only the world. `MEETING_ENDPOINTS` need a meeting of A (with a
secret focus text) and an intervention of A1 to follow up; tests/meetings/
test_permissions.py makes them before the "nothing changed" snapshot.
"""

from __future__ import annotations

from datetime import timedelta

from django.utils import timezone

from samordna.interventions.models import Intervention
from samordna.meetings.models import Meeting
from tests.interventions.factories import SECRET_TITLE
from tests.meetings.factories import SECRET_FOCUS, WEEK
from tests.permissions import Actor, Endpoint

RUNNERS = {"coordinator", "admin"}
READERS = RUNNERS | {"partner", "analyst", "management"}


def _readers_anywhere(actor: Actor) -> bool:
    return actor.role in READERS


def _runners_anywhere(actor: Actor) -> bool:
    return actor.role in RUNNERS


def _readers_of_a(actor: Actor) -> bool:
    return actor.is_member_of_a and actor.role in READERS


def _runners_of_a(actor: Actor) -> bool:
    return actor.is_member_of_a and actor.role in RUNNERS


def _denied_reading(actor: Actor) -> int:
    # A reader elsewhere: the meeting does not exist for them (404). No reader role: 403.
    return 404 if actor.role in READERS and not actor.is_member_of_a else 403


def _denied_running(actor: Actor) -> int:
    return 404 if actor.role in RUNNERS and not actor.is_member_of_a else 403


def _meeting(world) -> Meeting:
    return Meeting.objects.get(municipality=world.a, period_key=WEEK)


def _intervention(world) -> Intervention:
    return Intervention.objects.get(municipality=world.a, title=SECRET_TITLE)


def _secrets(world) -> list[str]:
    return [SECRET_FOCUS, SECRET_TITLE, world.area_a.name]


def _step(name: str, suffix: str, data, ok: tuple[int, ...] = (302,)) -> Endpoint:
    return Endpoint(
        name=f"meeting-{name}",
        path=lambda w: f"/veckomote/{_meeting(w).pk}/{suffix(w) if callable(suffix) else suffix}",
        method="post",
        data=data,
        allowed=_runners_of_a,
        ok=ok,
        secrets=_secrets,
        denied_status=_denied_running,
    )


def _attendance(world) -> dict:
    row = _meeting(world).attendance.order_by("id").first()
    return {f"present_{row.pk}": "on", f"note_{row.pk}": "I tid."}


def _decision(world) -> dict:
    return {
        "beslut-title": "Extra kvällsvandring",
        "beslut-owner_organisation": world.a2.pk,
        "beslut-deadline": (timezone.localdate() + timedelta(days=3)).isoformat(),
    }


def _report(world) -> dict:
    prefix = f"insats{_intervention(world).pk}"
    return {f"{prefix}-status": "in_progress", f"{prefix}-rag": "red", f"{prefix}-note": ""}


ENDPOINTS = [
    Endpoint(name="meetings-list", path=lambda w: "/veckomote/", allowed=_readers_anywhere),
    Endpoint(
        name="meetings-start",
        path=lambda w: "/veckomote/starta/",
        method="post",
        data=lambda w: {"week": WEEK},
        allowed=_runners_anywhere,
        ok=(302,),
    ),
]

MEETING_ENDPOINTS = [
    Endpoint(
        name="meetings-list-with-meeting",
        path=lambda w: "/veckomote/",
        allowed=_readers_anywhere,
        secrets=lambda w: [SECRET_FOCUS],
    ),
    Endpoint(
        name="meeting-detail",
        path=lambda w: f"/veckomote/{_meeting(w).pk}/",
        allowed=_readers_of_a,
        secrets=_secrets,
        denied_status=_denied_reading,
    ),
    Endpoint(
        name="meeting-minutes",
        path=lambda w: f"/veckomote/{_meeting(w).pk}/minnesanteckningar/",
        allowed=_readers_of_a,
        secrets=_secrets,
        denied_status=_denied_reading,
    ),
    _step("attendance", "narvaro/", _attendance),
    _step(
        "attendance-add",
        "narvaro/ny/",
        lambda w: {"ny-function": "other", "ny-organisation": w.a1.pk, "ny-present": "on"},
    ),
    _step("report", lambda w: f"insats/{_intervention(w).pk}/", _report),
    _step("item", "punkt/4/", lambda w: {"punkt4-notes": "Två bränder.", "punkt4-done": "on"}),
    _step(
        "assessments",
        "bedomning/",
        lambda w: {f"assessment_{w.area_a.pk}": "worse", f"text_{w.area_a.pk}": "Mer klotter."},
    ),
    _step("focus", "fokus/", lambda w: {"focus_areas": [w.area_a.pk], "focus_text": "Torget."}),
    _step("decision", "beslut/", _decision),
    _step("confirm", "faststall/", lambda w: {}),
    _step("close", "avsluta/", lambda w: {}),
]

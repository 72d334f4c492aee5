"""Reporting API endpoints in the permission matrix (tests/permissions.py).

`ENDPOINTS` need nothing but the world and run in tests/test_permission_matrix.py.
`OBSERVATION_ENDPOINTS` need an observation of A1 to exist before the request (the
shared world has none: the demo tests count every observation in the database), so
tests/reports/test_permissions.py files one and then runs the same harness.
"""

from __future__ import annotations

import uuid
from datetime import timedelta

from django.utils import timezone

from samordna.reports.models import Observation
from tests.permissions import Actor, Endpoint, roles_of_a
from tests.reports.factories import POINT_A, SECRET_ADDRESS, SECRET_TEXT


def _any_member(actor: Actor) -> bool:
    return actor.role is not None


def _report_body(organisation_slug: str) -> dict:
    return {
        "client_uuid": str(uuid.uuid4()),
        "organisation": organisation_slug,
        "observations": [
            {
                "category": "skadegorelse-klotter",
                "occurred_from": (timezone.now() - timedelta(hours=2)).isoformat(),
                "unsafety": 2,
                "certainty": "observed",
                "longitude": POINT_A[0],
                "latitude": POINT_A[1],
                "free_text": "Nytt klotter på elskåpet.",
            }
        ],
    }


def _reporting_role_in(relation: str):
    def allowed(actor: Actor) -> bool:
        return actor.org_in_a == relation and actor.role in {"reporter", "coordinator", "partner"}

    return allowed


def _secrets(world) -> list[str]:
    return [SECRET_TEXT, SECRET_ADDRESS]


ENDPOINTS = [
    Endpoint(
        name="api-report-list",
        path=lambda w: "/api/v1/reports/",
        allowed=_any_member,
        api=True,
        secrets=_secrets,
    ),
    Endpoint(
        name="api-observation-list",
        path=lambda w: "/api/v1/observations/?municipality=alfa",
        allowed=_any_member,
        api=True,
        secrets=_secrets,
    ),
    Endpoint(
        name="api-observation-geojson",
        path=lambda w: "/api/v1/observations/geojson/",
        allowed=_any_member,
        api=True,
        secrets=_secrets,
    ),
    Endpoint(
        name="api-report-create-a1",
        path=lambda w: "/api/v1/reports/",
        method="post",
        data=lambda w: _report_body(w.a1.slug),
        allowed=_reporting_role_in("own_org"),
        api=True,
        ok=(201,),
    ),
    Endpoint(
        name="api-report-create-a2",
        path=lambda w: "/api/v1/reports/",
        method="post",
        data=lambda w: _report_body(w.a2.slug),
        allowed=_reporting_role_in("other_org"),
        api=True,
        ok=(201,),
    ),
]


def _observation(world) -> Observation:
    return Observation.objects.get(organisation=world.a1)


def _may_view(actor: Actor) -> bool:
    # The view policy: coordinators, analysts and admins of A; those who file for A1
    # (reporters and partners) see A1's own.
    if not actor.is_member_of_a:
        return False
    return actor.role in {"coordinator", "analyst", "admin"} or (
        actor.role in {"reporter", "partner"} and actor.relation == "own_org"
    )


def _hidden_or_forbidden(actor: Actor) -> int:
    # Seen but not to be changed: 403. Not seen at all: it does not exist (404).
    return 403 if _may_view(actor) else 404


def _page_hidden_or_forbidden(actor: Actor) -> int:
    # A page also stops whoever holds no membership (the operator, a county officer) at
    # the door (403); the API answers them as anyone who cannot see the row.
    return 403 if not actor.has_membership else _hidden_or_forbidden(actor)


_reviewers = roles_of_a("coordinator", "admin")

OBSERVATION_ENDPOINTS = [
    *ENDPOINTS[:3],
    Endpoint(
        name="api-report-detail",
        path=lambda w: f"/api/v1/reports/{_observation(w).report_id}/",
        allowed=_may_view,
        api=True,
        denied_status=lambda actor: 404,
        secrets=_secrets,
    ),
    Endpoint(
        name="api-observation-detail",
        path=lambda w: f"/api/v1/observations/{_observation(w).pk}/",
        allowed=_may_view,
        api=True,
        denied_status=lambda actor: 404,
        secrets=_secrets,
    ),
    Endpoint(
        name="api-observation-correct",
        path=lambda w: f"/api/v1/observations/{_observation(w).pk}/",
        method="patch",
        data=lambda w: {"category": "anlagd-brand", "time_band": "evening"},
        allowed=_reviewers,
        api=True,
        denied_status=_hidden_or_forbidden,
        secrets=_secrets,
    ),
    Endpoint(
        name="api-observation-reject",
        path=lambda w: f"/api/v1/observations/{_observation(w).pk}/reject/",
        method="post",
        data=lambda w: {"reason": "Gäller inte vårt område."},
        allowed=_reviewers,
        api=True,
        denied_status=_hidden_or_forbidden,
        secrets=_secrets,
    ),
]


# --- The reporter's web pages ---------------------------------------------------

# Those who file reports (reports.policies.REPORTING_ROLES), each in their own municipality.
_reporters = lambda actor: actor.role in {"reporter", "coordinator", "partner"}  # noqa: E731


def _report_form(world):
    # Nothing that belongs to municipality A: a reporter of B files for B as well.
    from samordna.reports.models import Category

    category = Category.objects.get(code="skadegorelse-klotter", municipality=None)
    return {
        "client_uuid": str(uuid.UUID(int=2024)),
        "obs-TOTAL_FORMS": "1",
        "obs-INITIAL_FORMS": "0",
        "obs-0-category": category.pk,
        "obs-0-date": "2024-01-02",  # a fixed past day: the same data for every actor
        "obs-0-time_band": "evening",
        "obs-0-address": "Storgatan 12",
        "obs-0-unsafety": "2",
        "obs-0-certainty": "observed",
        "obs-0-reported_to_police": "no",
    }


WEB_ENDPOINTS = [
    Endpoint(
        name="web-report-form",
        path=lambda w: "/rapportera/",
        allowed=_reporters,
        # Only members of A may see A's places and areas in the lists and on the map.
        secrets=lambda w: [w.area_a.name, w.place_a.name],
    ),
    Endpoint(
        name="web-report-submit",
        path=lambda w: "/rapportera/",
        method="post",
        data=_report_form,
        allowed=_reporters,
        ok=(302,),
        secrets=lambda w: [w.area_a.name, w.place_a.name],
    ),
    Endpoint(
        name="web-report-add-block",
        path=lambda w: "/rapportera/",
        method="post",
        data=lambda w: _report_form(w) | {"add": "1"},
        allowed=_reporters,
        secrets=lambda w: [w.area_a.name, w.place_a.name],
    ),
    Endpoint(
        # Reporting into B by choice (issue 19): those who report in B, the member of the
        # police area in both among them; a reporter elsewhere finds no such municipality.
        name="web-report-form-in-b",
        path=lambda w: "/rapportera/?kommun=beta",
        allowed=lambda actor: (
            _reporters(actor)
            and actor.relation in {"other_municipality", "spanning_both", "spanning_b_only"}
        ),
        denied_status=lambda actor: 404 if _reporters(actor) and actor.has_membership else 403,
        secrets=lambda w: [w.area_a.name, w.place_a.name],
    ),
    Endpoint(
        name="web-report-submitted",
        path=lambda w: "/rapportera/tack/",
        allowed=_reporters,
        # Nothing was filed in this session: straight on to "my reports".
        ok=(302,),
    ),
    Endpoint(
        name="web-my-reports",
        path=lambda w: "/mina-rapporter/",
        allowed=_reporters,
        secrets=lambda w: [w.area_a.name, w.place_a.name],
    ),
]

ENDPOINTS += WEB_ENDPOINTS

ENDPOINTS += [
    Endpoint(
        name="web-import-upload",
        path=lambda w: "/rapportera/import/",
        allowed=_reporters,
    ),
    Endpoint(
        name="web-import-preview-unknown",
        path=lambda w: "/rapportera/import/finns-inte/",
        # Nobody's upload: it does not exist, for those who may import and for the rest.
        allowed=lambda actor: False,
        denied_status=lambda actor: 404 if _reporters(actor) else 403,
    ),
]


# --- Exports (reports.views_export, api.observations_export) -------------------------
# Not in ENDPOINTS: a granted export is a streamed file (a ZIP), which the harness's
# check() cannot read. tests/reports/test_exports.py runs these with the same actors
# and checks, reading the files' content, after filing an observation of A1.

EXPORT_ENDPOINTS = [
    Endpoint(
        name="api-observation-export-csv",
        path=lambda w: "/api/v1/observations/export/?format=csv",
        allowed=_any_member,
        api=True,
        secrets=_secrets,
    ),
    Endpoint(
        name="api-observation-export-xlsx",
        path=lambda w: "/api/v1/observations/export/?format=xlsx&municipality=alfa",
        allowed=_any_member,
        api=True,
        secrets=_secrets,
    ),
    Endpoint(
        name="web-observation-export-csv",
        path=lambda w: "/export/iakttagelser.csv",
        allowed=lambda actor: actor.has_membership,
        secrets=_secrets,
    ),
    Endpoint(
        name="web-observation-export-xlsx",
        path=lambda w: "/export/iakttagelser.xlsx?status=submitted",
        allowed=lambda actor: actor.has_membership,
        secrets=_secrets,
    ),
    Endpoint(
        name="web-my-observations-export",
        path=lambda w: "/export/iakttagelser.xlsx?mina=1",
        allowed=_reporters,
        secrets=_secrets,
    ),
]


# --- The review queue (coordinators and admins) -----------------------------------


def _review_url(suffix: str = ""):
    return lambda w: f"/granskning/{_observation(w).pk}/{suffix}"


def _correction(world) -> dict:
    from samordna.reports.models import Category

    when = timezone.localtime(timezone.now() - timedelta(hours=5))
    return {
        "category": Category.objects.get(code="anlagd-brand", municipality=None).pk,
        "area": world.area_a.pk,
        "occurred_from": when.strftime("%Y-%m-%dT%H:%M"),
        "time_band": "evening",
    }


# Every reviewer sees their own municipality's queue; nobody else's rows.
_reviewer_anywhere = lambda actor: actor.role in {"coordinator", "admin"}  # noqa: E731

ENDPOINTS += [
    Endpoint(
        name="web-review-queue",
        path=lambda w: "/granskning/?status=",
        allowed=_reviewer_anywhere,
        secrets=_secrets,
    ),
    Endpoint(
        name="web-review-bulk-confirm",
        path=lambda w: "/granskning/alla/?status=submitted",
        method="post",
        data=lambda w: {"action": "reviewed"},
        allowed=_reviewer_anywhere,
        secrets=_secrets,
    ),
]

OBSERVATION_ENDPOINTS += [
    ENDPOINTS[-2],
    Endpoint(
        name="web-review-bulk-reviewed",
        path=lambda w: "/granskning/alla/?status=submitted",
        method="post",
        data=lambda w: {"action": "reviewed", "expected": 1, "confirmed": "1"},
        # A's reviewers change A's one row; B's confirm a filter that matches none of them.
        allowed=_reviewer_anywhere,
        ok=(200, 302),
        secrets=_secrets,
    ),
    Endpoint(
        name="web-review-detail",
        path=_review_url(),
        allowed=_reviewers,
        denied_status=_page_hidden_or_forbidden,
        secrets=_secrets,
    ),
    Endpoint(
        name="web-review-correct",
        path=_review_url("ratta/"),
        method="post",
        data=_correction,
        allowed=_reviewers,
        ok=(302,),
        denied_status=_page_hidden_or_forbidden,
        secrets=_secrets,
    ),
    Endpoint(
        name="web-review-reject",
        path=_review_url("avvisa/"),
        method="post",
        data=lambda w: {"reason": "Gäller inte vårt område."},
        allowed=_reviewers,
        ok=(302,),
        denied_status=_page_hidden_or_forbidden,
        secrets=_secrets,
    ),
    Endpoint(
        name="web-review-duplicate",
        path=_review_url("dubblett/"),
        method="post",
        # No candidate exists: the form says so, and nothing changes.
        data=lambda w: {"of": "999999"},
        allowed=_reviewers,
        denied_status=_page_hidden_or_forbidden,
        secrets=_secrets,
    ),
    Endpoint(
        name="web-review-redact",
        path=_review_url("ta-bort-text/"),
        method="post",
        data=lambda w: {"passage": "busskur", "reason": "Namn på en plats som pekar ut någon."},
        allowed=_reviewers,
        ok=(302,),
        denied_status=_page_hidden_or_forbidden,
        secrets=_secrets,
    ),
    Endpoint(
        name="web-review-reviewed",
        path=_review_url("granskad/"),
        method="post",
        allowed=_reviewers,
        ok=(302,),
        denied_status=_page_hidden_or_forbidden,
        secrets=_secrets,
    ),
]


# --- Background exports (reports.views_export_jobs, api.export_jobs) ------------------
# A job is its requester's alone: every member may list theirs and queue one; a job
# that is not theirs (here: none exists) is a 404 for everyone.

ENDPOINTS += [
    Endpoint(name="web-export-jobs", path=lambda w: "/export/jobb/", allowed=_any_member),
    Endpoint(
        name="web-export-job-request",
        path=lambda w: "/export/jobb/",
        method="post",
        data=lambda w: {"format": "csv", "status": "submitted"},
        allowed=lambda actor: actor.has_membership,
        ok=(302,),
    ),
    Endpoint(
        name="web-export-job-unknown",
        path=lambda w: "/export/jobb/999999/",
        allowed=lambda actor: False,
        denied_status=lambda actor: 404,
    ),
    Endpoint(
        name="web-export-job-file-unknown",
        path=lambda w: "/export/jobb/999999/fil/",
        allowed=lambda actor: False,
        denied_status=lambda actor: 404,
    ),
    Endpoint(
        name="api-export-jobs",
        path=lambda w: "/api/v1/observations/export/jobs/",
        allowed=_any_member,
        api=True,
    ),
    Endpoint(
        name="api-export-job-request",
        path=lambda w: "/api/v1/observations/export/jobs/",
        method="post",
        data=lambda w: {"format": "xlsx", "filters": {"municipality": "alfa"}},
        allowed=_any_member,
        api=True,
        ok=(202,),
    ),
    Endpoint(
        name="api-export-job-unknown",
        path=lambda w: "/api/v1/observations/export/jobs/999999/",
        allowed=lambda actor: False,
        api=True,
        denied_status=lambda actor: 404,
    ),
    Endpoint(
        name="api-export-job-file-unknown",
        path=lambda w: "/api/v1/observations/export/jobs/999999/file/",
        allowed=lambda actor: False,
        api=True,
        denied_status=lambda actor: 404,
    ),
]


# --- Feedback (återkoppling): every signed-in person has their own page ---------------

ENDPOINTS += [
    Endpoint(name="web-feedback", path=lambda w: "/aterkoppling/", allowed=_any_member),
]


# --- The municipality's categories (coordinators and admins, each in their own) ------
# The world has no local categories, so these act on a national one, which every
# municipality's coordinators may rename or retire for themselves. Another municipality's
# local category is a 404: tests/reports/test_categories.py.


def _national_url(suffix: str):
    def path(world) -> str:
        from samordna.reports.models import Category

        pk = Category.objects.get(code="skadegorelse-klotter", municipality=None).pk
        return f"/kategorier/{pk}/{suffix}"

    return path


def _rename(world) -> dict:
    from samordna.reports.models import Category

    pk = Category.objects.get(code="skadegorelse-klotter", municipality=None).pk
    return {f"c{pk}-name": "Klotter"}


ENDPOINTS += [
    Endpoint(name="web-categories", path=lambda w: "/kategorier/", allowed=_reviewer_anywhere),
    Endpoint(
        name="web-category-add",
        path=lambda w: "/kategorier/ny/",
        method="post",
        data=lambda w: {"name": "Nattvandring", "parent": ""},
        allowed=_reviewer_anywhere,
        ok=(302,),
    ),
    Endpoint(
        name="web-category-rename",
        path=_national_url("namn/"),
        method="post",
        data=_rename,
        allowed=_reviewer_anywhere,
        ok=(302,),
    ),
    Endpoint(
        name="web-category-retire",
        path=_national_url("ur-bruk/"),
        method="post",
        allowed=_reviewer_anywhere,
        ok=(302,),
    ),
    Endpoint(
        name="web-category-restore",
        path=_national_url("aterinfor/"),
        method="post",
        allowed=_reviewer_anywhere,
        ok=(302,),
    ),
    Endpoint(
        name="web-category-delete",
        # Never for a national category: refused with a message, nothing changes.
        path=_national_url("ta-bort/"),
        method="post",
        allowed=_reviewer_anywhere,
        ok=(302,),
    ),
]

# The report form's defaults ("Mer detaljer"), set by the same people as the categories.
ENDPOINTS += [
    Endpoint(
        name="web-report-defaults", path=lambda w: "/kategorier/forval/", allowed=_reviewer_anywhere
    ),
    Endpoint(
        name="web-report-defaults-change",
        path=lambda w: "/kategorier/forval/",
        method="post",
        data=lambda w: {"unsafety": "2", "certainty": "heard", "reported_to_police": "no"},
        allowed=_reviewer_anywhere,
        ok=(302,),
    ),
]

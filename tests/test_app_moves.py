"""The action plan (interventions -> plans) and the tertial analysis (problems -> tertial)
moved app without moving a row: rows written by the models of the previous layout are
read by the new ones after `migrate`.

Given the database migrated back to the state before the move, when rows are written with
that state's (historical) models and the database is migrated forward again, then the same
rows, their many-to-many links and the goals' links to the plans are read through
`plans.*` and `tertial.*`, and the content types moved with their models. The moves
are state only, so this runs the same on SQLite and PostgreSQL.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from typing import Any

import pytest
from django.apps import apps as global_apps
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from samordna.goals.models import Goal
from samordna.plans.models import ActionPlan, Agreement, CitizenPromise
from samordna.tertial.models import TertialAnalysis

# The latest migrations before the move, and the apps the move created (none applied).
BEFORE = [
    ("interventions", "0003_intervention_causes_intervention_control_areas_and_more"),
    ("problems", "0001_initial"),
    ("goals", "0002_initial"),
    ("plans", None),
    ("tertial", None),
]
# A transactional test empties only these apps' tables afterwards; the session's cast
# (municipalities, users) stays. The rows this test writes elsewhere it deletes itself.
FLUSHED = ["samordna.plans", "samordna.tertial"]


@pytest.fixture
def every_app() -> Iterator[None]:
    """The migration loader reads every installed app's migrations: undo the test's
    `available_apps` for the body of the test, and put it back for the flush."""
    global_apps.unset_available_apps()
    try:
        yield
    finally:
        global_apps.set_available_apps(FLUSHED)


def _migrate(targets: list[tuple[str, str | None]]) -> Any:
    """Migrate to `targets`; the historical models of the state reached."""
    executor = MigrationExecutor(connection)
    executor.migrate(targets)
    executor.loader.build_graph()
    return executor.loader.project_state([t for t in targets if t[1] is not None]).apps


def _content_type(state_apps: Any, app_label: str) -> int:
    """The id of the action plan's content type under `app_label` (it moves with it)."""
    content_types = state_apps.get_model("contenttypes", "ContentType")
    return int(content_types.objects.get(app_label=app_label, model="actionplan").pk)


def _write_previous_layout(old: Any) -> dict[str, Any]:
    """A plan with a row, an agreement with a promise and a commitment, a goal linked to
    the plan, a tertial analysis with a selection: with the models before the move."""
    municipality = old.get_model("core", "Municipality").objects.create(
        name="Flyttby", slug="flyttby", code="9977"
    )
    organisation = old.get_model("core", "Organisation").objects.create(
        municipality=municipality, name="Flyttby kommun", slug="kommun", kind="municipal"
    )
    picture = old.get_model("situation", "SituationPicture").objects.create(
        municipality=municipality, kind="tertial", period_key="2026-T2", status="confirmed"
    )
    problem = old.get_model("problems", "Problem").objects.create(
        municipality=municipality, title="Skadegörelse vid torget"
    )
    intervention = old.get_model("interventions", "Intervention").objects.create(
        municipality=municipality,
        title="Belysning vid torget",
        owner_organisation=organisation,
        deadline=date(2026, 9, 30),
    )
    plan = old.get_model("interventions", "ActionPlan").objects.create(
        municipality=municipality,
        title="Åtgärdsplan 2026",
        period_key="2026-T2",
        picture=picture,
        mapping="Kartläggning",
        analysis="Analys",
    )
    old.get_model("interventions", "ActionPlanRow").objects.create(
        plan=plan,
        municipality=municipality,
        order=1,
        cause_text="Mörkt",
        intervention=intervention,
        measure="Ny belysning",
        operational_goal="Lampor uppe",
        when="Hösten",
        who="Tekniska",
    )
    agreement = old.get_model("interventions", "Agreement").objects.create(
        municipality=municipality,
        title="Samverkansöverenskommelse",
        police_area="Flyttby LPO",
        starts_on=date(2026, 1, 1),
        ends_on=date(2027, 12, 31),
    )
    agreement.focus_problems.add(problem)
    promise = old.get_model("interventions", "CitizenPromise").objects.create(
        agreement=agreement, municipality=municipality, year=2026, title="Trygg torg", slug="torg"
    )
    commitment = old.get_model("interventions", "Commitment").objects.create(
        promise=promise, municipality=municipality, organisation=organisation, text="Belysning"
    )
    commitment.interventions.add(intervention)
    goal = old.get_model("goals", "Goal").objects.create(
        municipality=municipality, title="Tryggare torg"
    )
    goal.action_plans.add(plan)
    analysis = old.get_model("problems", "TertialAnalysis").objects.create(
        municipality=municipality, period_key="2026-T2", conclusions="Torget först"
    )
    old.get_model("problems", "TertialSelection").objects.create(
        analysis=analysis, municipality=municipality, problem=problem, justification="Ökar"
    )
    return {
        "municipality": municipality.pk,
        "plan": plan.pk,
        "agreement": agreement.pk,
        "promise": promise.pk,
        "analysis": analysis.pk,
        "problem": problem.pk,
        "intervention": intervention.pk,
        "goal": goal.pk,
    }


def _delete_what_the_test_wrote(new: Any, municipality_id: int) -> None:
    """Children first: every foreign key here protects (many-to-many links go with
    their rows)."""
    for app, model in (
        ("plans", "Commitment"),
        ("plans", "CitizenPromise"),
        ("plans", "Agreement"),
        ("plans", "ActionPlanRow"),
        ("plans", "ActionPlan"),
        ("tertial", "TertialSelection"),
        ("tertial", "TertialAnalysis"),
        ("goals", "Goal"),
        ("interventions", "Intervention"),
        ("problems", "Problem"),
        ("situation", "SituationPicture"),
        ("core", "Organisation"),
    ):
        new.get_model(app, model).objects.filter(municipality_id=municipality_id).delete()
    new.get_model("core", "Municipality").objects.filter(pk=municipality_id).delete()


@pytest.mark.django_db(transaction=True, available_apps=FLUSHED)
def test_rows_of_the_previous_layout_are_read_by_the_new_apps(every_app: None) -> None:
    executor = MigrationExecutor(connection)
    latest = executor.loader.graph.leaf_nodes()
    plan_type = _content_type(executor.loader.project_state(latest).apps, "plans")
    old = _migrate(BEFORE)
    with pytest.raises(LookupError):
        old.get_model("plans", "ActionPlan")
    assert _content_type(old, "interventions") == plan_type
    ids: dict[str, Any] = {}
    try:
        ids = _write_previous_layout(old)

        new = _migrate(latest)

        plan = ActionPlan.objects.get(pk=ids["plan"])
        assert plan.title == "Åtgärdsplan 2026"
        assert plan.picture.period_key == "2026-T2"
        row = plan.rows.get()
        assert (row.measure, row.intervention_id) == ("Ny belysning", ids["intervention"])
        assert list(Goal.objects.get(pk=ids["goal"]).action_plans.all()) == [plan]
        agreement = Agreement.objects.get(pk=ids["agreement"])
        assert list(agreement.focus_problems.values_list("pk", flat=True)) == [ids["problem"]]
        promise = CitizenPromise.objects.get(pk=ids["promise"])
        assert promise.agreement == agreement
        commitment = promise.commitments.get()
        assert list(commitment.interventions.values_list("pk", flat=True)) == [ids["intervention"]]
        assert _content_type(new, "plans") == plan_type
        analysis = TertialAnalysis.objects.get(pk=ids["analysis"])
        assert analysis.conclusions == "Torget först"
        assert analysis.selections.get().problem_id == ids["problem"]
    finally:
        new = _migrate(latest)
        if ids:
            _delete_what_the_test_wrote(new, ids["municipality"])

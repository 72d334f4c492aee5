"""The action plan: built on a confirmed year or tertial picture, three parts, rows in
Brå's columns, decided and frozen, revised with a reason, versions compared."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from samordna.core.models import AuditEvent
from samordna.plans import goal_tables, selectors, services
from samordna.plans.models import ActionPlan, ActionPlanRevision, ActionPlanRow
from samordna.situation.models import SituationPicture
from tests.interventions.factories import make_intervention
from tests.plans.endpoints import MEASURE, confirmed_picture, make_plan


def _input(picture, **overrides):
    values = {
        "title": "Plan",
        "period_key": "2026",
        "picture": picture,
        "mapping": "Omfattning.",
        "other_information": "",
        "analysis": "Analys.",
    } | overrides
    return services.PlanInput(**values)


def _row(**overrides):
    values = {
        "cause_text": "Orsak",
        "measure": "Åtgärd",
        "operational_goal": "Mål",
        "when": "Hösten",
        "who": "Alfa bostäder",
    } | overrides
    return services.RowInput(**values)


def test_a_plan_on_a_confirmed_tertial_picture_keeps_three_parts(world):
    picture = confirmed_picture(world.a)
    plan = services.plan_create(
        actor=world.user("coordinator"),
        municipality=world.a,
        data=_input(picture, other_information="Trygghetsmätningen."),
    )
    assert (plan.mapping, plan.other_information, plan.analysis) == (
        "Omfattning.",
        "Trygghetsmätningen.",
        "Analys.",
    )
    assert plan.status == ActionPlan.Status.DRAFT
    assert AuditEvent.objects.filter(action="actionplan.create", target_id=str(plan.pk)).exists()


@pytest.mark.parametrize(
    ("kind", "status", "message"),
    [
        ("week", SituationPicture.Status.CONFIRMED, "inte en vecka"),
        ("tertial", SituationPicture.Status.DRAFT, "inte fastställd"),
        ("tertial", SituationPicture.Status.PROPOSED, "inte fastställd"),
    ],
)
def test_a_weekly_or_unconfirmed_picture_is_refused(world, kind, status, message):
    picture = confirmed_picture(world.a, kind=kind, status=status)
    with pytest.raises(ValidationError) as error:
        services.plan_create(actor=None, municipality=world.a, data=_input(picture))
    assert message in error.value.message_dict["picture"][0]
    assert not ActionPlan.objects.exists()


def test_another_municipalitys_picture_is_refused(world):
    picture = confirmed_picture(world.b)
    with pytest.raises(ValidationError) as error:
        services.plan_create(actor=None, municipality=world.a, data=_input(picture))
    assert "picture" in error.value.message_dict


def test_all_three_parts_are_checked_at_once(world):
    picture = confirmed_picture(world.a)
    data = _input(picture, title="", mapping="", analysis="Ring 070-123 45 67.")
    with pytest.raises(ValidationError) as error:
        services.plan_create(actor=None, municipality=world.a, data=data)
    assert {"title", "mapping", "analysis"} <= set(error.value.message_dict)


def test_only_coordinators_and_admins_write(world):
    picture = confirmed_picture(world.a)
    with pytest.raises(PermissionDenied):
        services.plan_create(
            actor=world.user("analyst"), municipality=world.a, data=_input(picture)
        )
    with pytest.raises(PermissionDenied):
        services.plan_create(
            actor=world.user("coordinator", "other_municipality"),
            municipality=world.a,
            data=_input(picture),
        )


def test_the_mapping_draft_comes_from_the_pictures_figures(world):
    picture = confirmed_picture(world.a)
    text = services.mapping_draft(picture.snapshot)
    assert "rapporterades 120 iakttagelser" in text
    assert "20 % fler än föregående period" in text
    assert "Norrområdet: 70" in text
    assert "Skadegörelse: 80" in text
    assert "Ökat mer än vanligt i: Norrområdet" in text
    assert "Polisen rapporterade 12 händelser" in text


def test_a_row_from_an_intervention_takes_its_texts_and_traffic_light(world):
    plan = make_plan(world, rows=0)
    intervention = make_intervention(world, title="Belysning i tunneln", days=30)
    intervention.rag = "amber"
    intervention.goal = "Alla lampor lyser"
    intervention.save()
    row = services.row_from_intervention(
        actor=world.user("coordinator"), plan=plan, intervention=intervention
    )
    assert row.intervention == intervention
    assert row.measure.startswith("Belysning i tunneln")
    assert row.operational_goal == "Alla lampor lyser"
    assert row.who == world.a1.name
    assert row.when.startswith("Senast")
    assert row.follow_up == "amber"


def test_a_row_follows_its_interventions_colour_when_it_has_none(world):
    plan = make_plan(world, rows=0)
    intervention = make_intervention(world, days=30)
    row = services.row_create(actor=None, plan=plan, data=_row(intervention=intervention))
    assert row.follow_up == intervention.rag


def test_a_row_of_another_municipalitys_intervention_is_refused(world):
    plan = make_plan(world, rows=0)
    from samordna.interventions.models import Intervention

    other = Intervention(municipality=world.b, pk=999999)
    with pytest.raises(ValidationError) as error:
        services.row_create(actor=None, plan=plan, data=_row(intervention=other))
    assert "intervention" in error.value.message_dict


def test_deciding_freezes_the_plan(world):
    plan = make_plan(world, rows=2, decided=True)
    assert plan.status == ActionPlan.Status.DECIDED
    revision = ActionPlanRevision.objects.get(plan=plan)
    assert revision.version == 1
    assert revision.decided_by_body == "Kommunstyrelsen"
    assert [r["measure"] for r in revision.snapshot["rows"]] == [MEASURE, "Åtgärd 2"]
    row = plan.rows.first()
    with pytest.raises(ValidationError, match="Revidera"):
        services.row_update(actor=None, row=row, data=_row())
    with pytest.raises(ValidationError, match="Revidera"):
        services.row_create(actor=None, plan=plan, data=_row())
    with pytest.raises(ValidationError, match="Revidera"):
        services.plan_update(actor=None, plan=plan, data=_input(plan.picture))
    with pytest.raises(ValidationError, match="Revidera"):
        services.row_delete(actor=None, row=row)
    assert plan.rows.count() == 2


def test_a_plan_without_rows_or_body_cannot_be_decided(world):
    plan = make_plan(world, rows=0)
    with pytest.raises(ValidationError) as error:
        services.plan_decide(actor=None, plan=plan, body="", decided_on=None)
    assert {"body", "decided_on"} <= set(error.value.message_dict)
    with pytest.raises(ValidationError, match="inga åtgärder"):
        services.plan_decide(
            actor=None, plan=plan, body="Kommunstyrelsen", decided_on=timezone.localdate()
        )
    with pytest.raises(ValidationError):
        services.plan_decide(
            actor=None,
            plan=plan,
            body="Kommunstyrelsen",
            decided_on=timezone.localdate() + timedelta(days=2),
        )
    assert not ActionPlanRevision.objects.exists()


def test_a_revision_needs_a_reason_and_makes_a_comparable_version(world):
    plan = make_plan(world, rows=2, decided=True)
    with pytest.raises(ValidationError) as error:
        services.plan_revise(actor=None, plan=plan, reason="  ")
    assert "reason" in error.value.message_dict
    plan.refresh_from_db()
    assert plan.status == ActionPlan.Status.DECIDED

    services.plan_revise(actor=world.user("admin"), plan=plan, reason="Ny lägesbild")
    plan.refresh_from_db()
    assert (plan.status, plan.version) == (ActionPlan.Status.DRAFT, 2)
    assert services.pending_reason(plan) == "Ny lägesbild"
    assert [key for key, _label in selectors.version_choices(plan)] == ["1", "current"]
    first, second = selectors.plan_rows(plan)
    services.row_update(actor=None, row=first, data=_row(measure="Ändrad åtgärd"))
    services.row_delete(actor=None, row=second)
    services.row_create(actor=None, plan=plan, data=_row(measure="Helt ny åtgärd"))

    with pytest.raises(ValidationError) as error:
        services.plan_decide(
            actor=None, plan=plan, body="Kommunstyrelsen", decided_on=timezone.localdate()
        )
    assert "reason" in error.value.message_dict
    services.plan_decide(
        actor=None,
        plan=plan,
        body="Kommunstyrelsen",
        decided_on=timezone.localdate(),
        reason="Ny lägesbild",
    )
    versions = list(plan.revisions.order_by("version"))
    assert [(r.version, r.reason) for r in versions] == [(1, ""), (2, "Ny lägesbild")]

    comparison = selectors.compare(versions[0].snapshot, versions[1].snapshot)
    assert [r["measure"] for r in comparison.added] == ["Helt ny åtgärd"]
    assert [r["measure"] for r in comparison.removed] == ["Åtgärd 2"]
    assert len(comparison.changed) == 1
    assert ("Åtgärd", MEASURE, "Ändrad åtgärd") in comparison.changed[0].fields
    # The first decision stays exactly as it was decided.
    assert [r["measure"] for r in versions[0].snapshot["rows"]] == [MEASURE, "Åtgärd 2"]


def test_rows_set_keeps_ids_adds_and_removes_all_or_nothing(world):
    plan = make_plan(world, rows=2)
    first, second = selectors.plan_rows(plan)
    with pytest.raises(ValidationError) as error:
        services.plan_rows_set(
            actor=None, plan=plan, rows=[(first.pk, _row()), (None, _row(measure=""))]
        )
    assert "rows.2.measure" in error.value.message_dict
    assert plan.rows.count() == 2
    services.plan_rows_set(
        actor=None, plan=plan, rows=[(None, _row(measure="Ny")), (first.pk, _row(measure="Ä"))]
    )
    rows = selectors.plan_rows(plan)
    assert [r.measure for r in rows] == ["Ny", "Ä"]
    assert rows[1].pk == first.pk
    assert not ActionPlanRow.objects.filter(pk=second.pk).exists()


def test_the_same_version_compares_empty(world):
    plan = make_plan(world, rows=1, decided=True)
    snapshot = plan.revisions.get().snapshot
    assert selectors.compare(snapshot, snapshot).is_empty


def test_goal_tables_render_the_goals_reports_dataclasses(world, monkeypatch):
    import sys
    import types
    from dataclasses import dataclass

    @dataclass(frozen=True)
    class IndicatorRow:
        indicator: str
        value: float | None
        target: float

    module = types.ModuleType("samordna.goals.report")
    module.indicator_rows = lambda m, key: [IndicatorRow("Andel otrygga", 23.45, 20.0)]
    module.survey_rows = lambda m, key: []
    monkeypatch.setitem(sys.modules, "samordna.goals.report", module)
    import samordna.goals

    monkeypatch.setattr(samordna.goals, "report", module, raising=False)
    tables = goal_tables.goal_tables(world.a, "2026")
    assert len(tables) == 1
    assert tables[0].headers == ["Indikator", "Värde", "Target"]
    assert tables[0].rows == [["Andel otrygga", "23,4", "20,0"]]

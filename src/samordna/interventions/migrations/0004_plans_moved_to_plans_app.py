"""The action plan, the agreement and the citizen promises now live in `plans` (plans
0001, same tables): the old models leave the state only, no table is dropped. Runs
after goals 0003 has pointed its goals at the new model."""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("interventions", "0003_intervention_causes_intervention_control_areas_and_more"),
        ("plans", "0001_initial"),
        ("goals", "0003_action_plans_in_plans_app"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.DeleteModel(name="Commitment"),
                migrations.DeleteModel(name="CitizenPromise"),
                migrations.DeleteModel(name="Agreement"),
                migrations.DeleteModel(name="ActionPlanRevision"),
                migrations.DeleteModel(name="ActionPlanRow"),
                migrations.DeleteModel(name="ActionPlan"),
            ],
            database_operations=[],
        ),
    ]

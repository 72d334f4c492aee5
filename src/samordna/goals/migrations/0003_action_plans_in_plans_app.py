"""`Goal.action_plans` points at `plans.ActionPlan`, the same table as before the move
(plans 0001): state only, the through table `goals_goal_action_plans` and its
`actionplan_id` column are unchanged."""

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("goals", "0002_initial"),
        ("plans", "0001_initial"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.AlterField(
                    model_name="goal",
                    name="action_plans",
                    field=models.ManyToManyField(blank=True, related_name='goals', to='plans.actionplan', verbose_name='åtgärdsplaner'),
                ),
            ],
            database_operations=[],
        ),
    ]

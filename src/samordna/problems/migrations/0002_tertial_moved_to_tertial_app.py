"""The tertial analysis now lives in `tertial` (tertial 0001, same tables): the old
models leave the state only, no table is dropped."""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("problems", "0001_initial"),
        ("tertial", "0001_initial"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.DeleteModel(name="TertialSelection"),
                migrations.DeleteModel(name="TertialAnalysis"),
            ],
            database_operations=[],
        ),
    ]

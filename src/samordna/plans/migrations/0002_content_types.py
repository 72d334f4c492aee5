"""The content types (and so the auth permissions hanging on them) of the models that moved
from `interventions` to `plans` follow them: the rows are renamed, not recreated, so their ids
stay. Nothing in Samordna reads them today (no admin, no generic relations, no model
permissions); this keeps the table free of stale rows should anything start to."""

from django.db import migrations

MODELS = [
    "actionplan",
    "actionplanrow",
    "actionplanrevision",
    "agreement",
    "citizenpromise",
    "commitment",
]


def _rename(apps, schema_editor, source, target):
    content_types = apps.get_model("contenttypes", "ContentType")
    db = schema_editor.connection.alias
    taken = set(
        content_types.objects.using(db)
        .filter(app_label=target, model__in=MODELS)
        .values_list("model", flat=True)
    )
    content_types.objects.using(db).filter(app_label=source, model__in=MODELS).exclude(
        model__in=taken
    ).update(app_label=target)


def forwards(apps, schema_editor):
    _rename(apps, schema_editor, "interventions", "plans")


def backwards(apps, schema_editor):
    _rename(apps, schema_editor, "plans", "interventions")


class Migration(migrations.Migration):
    dependencies = [
        ("contenttypes", "0002_remove_content_type_name"),
        ("plans", "0001_initial"),
        ("interventions", "0004_plans_moved_to_plans_app"),
    ]

    operations = [migrations.RunPython(forwards, backwards)]

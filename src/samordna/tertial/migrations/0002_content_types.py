"""The content types (and so the auth permissions hanging on them) of the models that moved
from `problems` to `tertial` follow them: the rows are renamed, not recreated, so their ids
stay. Nothing in Samordna reads them today (no admin, no generic relations, no model
permissions); this keeps the table free of stale rows should anything start to."""

from django.db import migrations

MODELS = ["tertialanalysis", "tertialselection"]


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
    _rename(apps, schema_editor, "problems", "tertial")


def backwards(apps, schema_editor):
    _rename(apps, schema_editor, "tertial", "problems")


class Migration(migrations.Migration):
    dependencies = [
        ("contenttypes", "0002_remove_content_type_name"),
        ("tertial", "0001_initial"),
        ("problems", "0002_tertial_moved_to_tertial_app"),
    ]

    operations = [migrations.RunPython(forwards, backwards)]

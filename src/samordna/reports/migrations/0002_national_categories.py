"""The national default categories (samordna.reports.taxonomy)."""

from django.db import migrations

from samordna.reports import taxonomy


def install(apps, schema_editor):
    taxonomy.install(apps.get_model("reports", "Category"))


def uninstall(apps, schema_editor):
    taxonomy.uninstall(apps.get_model("reports", "Category"))


class Migration(migrations.Migration):
    dependencies = [
        ("reports", "0001_initial"),
    ]

    operations = [
        migrations.RunPython(install, uninstall),
    ]

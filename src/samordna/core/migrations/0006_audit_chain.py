"""The audit log becomes a hash chain (core.audit_chain); events already written are
chained in the order they were written, with the append-only triggers lifted for
that one UPDATE and put back at once, in the same transaction."""

import importlib

from django.db import migrations, models

from samordna.core.audit_chain import CONTENT, hash_of

append_only = importlib.import_module("samordna.core.migrations.0002_audit_append_only")
LIFT = {
    "sqlite": append_only.SQLITE_DOWN,
    "postgresql": ["ALTER TABLE core_auditevent DISABLE TRIGGER core_auditevent_no_change;"],
}
RESTORE = {
    "sqlite": append_only.SQLITE_UP,
    "postgresql": ["ALTER TABLE core_auditevent ENABLE TRIGGER core_auditevent_no_change;"],
}


def chain_existing(apps, schema_editor):
    AuditEvent = apps.get_model("core", "AuditEvent")
    AuditChainHead = apps.get_model("core", "AuditChainHead")
    vendor = schema_editor.connection.vendor
    events = AuditEvent.objects.order_by("created_at", "id")
    sequence, previous = 0, ""
    if events.exists():
        for statement in LIFT.get(vendor, []):
            schema_editor.execute(statement)
        for values in events.values("id", *CONTENT).iterator(chunk_size=2000):
            sequence += 1
            digest = hash_of(sequence, previous, values)
            AuditEvent.objects.filter(pk=values["id"]).update(
                sequence=sequence, previous_hash=previous, hash=digest
            )
            previous = digest
        for statement in RESTORE.get(vendor, []):
            schema_editor.execute(statement)
    AuditChainHead.objects.create(pk=1, length=sequence, hash=previous)


class Migration(migrations.Migration):

    dependencies = [
        ('core', '0005_refusal_burst'),
    ]

    operations = [
        migrations.CreateModel(
            name='AuditChainHead',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('length', models.PositiveBigIntegerField(default=0)),
                ('hash', models.CharField(blank=True, max_length=64)),
            ],
            options={
                'verbose_name': 'granskningskedjans slut',
                'verbose_name_plural': 'granskningskedjans slut',
            },
        ),
        migrations.AddField(
            model_name='auditevent',
            name='hash',
            field=models.CharField(editable=False, max_length=64, null=True),
        ),
        migrations.AddField(
            model_name='auditevent',
            name='previous_hash',
            field=models.CharField(editable=False, max_length=64, null=True),
        ),
        migrations.AddField(
            model_name='auditevent',
            name='sequence',
            field=models.PositiveBigIntegerField(editable=False, null=True),
        ),
        migrations.AddConstraint(
            model_name='auditevent',
            constraint=models.UniqueConstraint(condition=models.Q(('sequence__isnull', False)), fields=('sequence',), name='core_auditevent_one_per_sequence'),
        ),
        migrations.RunPython(chain_existing, migrations.RunPython.noop),
    ]

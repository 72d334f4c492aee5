"""The tertial analysis moves from `problems` to `tertial`, keeping its tables
(`db_table`) and rows: state only, no SQL. Then problems 0002 forgets the old models."""

import django.db.models.deletion
import django.utils.timezone
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):

    initial = True

    dependencies = [
        ('core', '0004_tsi_roles'),
        ('meetings', '0001_meetings'),
        ('problems', '0001_initial'),
        ('situation', '0001_pictures_and_distribution'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name='TertialAnalysis',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('period_key', models.CharField(max_length=8, verbose_name='period')),
                        ('conclusions', models.TextField(blank=True, verbose_name='slutsatser')),
                        ('sources_used', models.TextField(blank=True, verbose_name='källor som använts')),
                        ('sources_left_out', models.TextField(blank=True, verbose_name='källor som inte använts, och varför')),
                        ('status', models.CharField(choices=[('draft', 'Pågår'), ('done', 'Klar')], default='draft', max_length=8, verbose_name='status')),
                        ('created_at', models.DateTimeField(default=django.utils.timezone.now)),
                        ('updated_at', models.DateTimeField(default=django.utils.timezone.now)),
                        ('created_by', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='+', to=settings.AUTH_USER_MODEL)),
                        ('meeting', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='+', to='meetings.meeting', verbose_name='möte')),
                        ('municipality', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='+', to='core.municipality')),
                        ('picture', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='+', to='situation.situationpicture', verbose_name='lägesbild')),
                    ],
                    options={
                        'verbose_name': 'tertialanalys',
                        'verbose_name_plural': 'tertialanalyser',
                        'db_table': 'problems_tertialanalysis',
                        'ordering': ['-period_key'],
                    },
                ),
                migrations.CreateModel(
                    name='TertialSelection',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('justification', models.TextField(verbose_name='motivering')),
                        ('selected_at', models.DateTimeField(default=django.utils.timezone.now)),
                        ('analysis', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='selections', to='tertial.tertialanalysis')),
                        ('municipality', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='+', to='core.municipality')),
                        ('problem', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='selections', to='problems.problem')),
                        ('selected_by', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='+', to=settings.AUTH_USER_MODEL)),
                    ],
                    options={
                        'db_table': 'problems_tertialselection',
                        'ordering': ['selected_at', 'id'],
                    },
                ),
                migrations.AddConstraint(
                    model_name='tertialanalysis',
                    constraint=models.UniqueConstraint(fields=('municipality', 'period_key'), name='tertial_analysis_once'),
                ),
                migrations.AddConstraint(
                    model_name='tertialselection',
                    constraint=models.UniqueConstraint(fields=('analysis', 'problem'), name='selection_once'),
                ),
            ],
            database_operations=[],
        ),
    ]

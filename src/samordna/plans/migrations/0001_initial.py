"""The action plan, the agreement and the citizen promises move from `interventions` to
`plans`, keeping their tables (`db_table`) and rows: state only, no SQL. Then
goals 0003 points `Goal.action_plans` here and interventions 0004 forgets the old
models, so the state never holds a reference to a model that is gone."""

import django.db.models.deletion
import django.utils.timezone
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):

    initial = True

    dependencies = [
        ('core', '0004_tsi_roles'),
        ('interventions', '0003_intervention_causes_intervention_control_areas_and_more'),
        ('problems', '0001_initial'),
        ('situation', '0001_pictures_and_distribution'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name='ActionPlan',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('title', models.CharField(max_length=200, verbose_name='rubrik')),
                        ('period_key', models.CharField(max_length=8, verbose_name='period')),
                        ('mapping', models.TextField(verbose_name='kartläggning av brottsligheten: omfattning och konsekvenser')),
                        ('other_information', models.TextField(blank=True, verbose_name='annan relevant information')),
                        ('analysis', models.TextField(verbose_name='analys')),
                        ('status', models.CharField(choices=[('draft', 'Utkast'), ('decided', 'Beslutad')], default='draft', max_length=8, verbose_name='status')),
                        ('version', models.PositiveSmallIntegerField(default=1, verbose_name='version')),
                        ('decided_by_body', models.CharField(blank=True, max_length=200, verbose_name='beslutande organ')),
                        ('decided_on', models.DateField(blank=True, null=True, verbose_name='beslutsdatum')),
                        ('decision_reference', models.CharField(blank=True, max_length=100, verbose_name='diarienummer')),
                        ('created_at', models.DateTimeField(default=django.utils.timezone.now)),
                        ('updated_at', models.DateTimeField(default=django.utils.timezone.now)),
                        ('created_by', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='+', to=settings.AUTH_USER_MODEL)),
                        ('municipality', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='+', to='core.municipality')),
                        ('picture', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='+', to='situation.situationpicture', verbose_name='lägesbild')),
                    ],
                    options={
                        'verbose_name': 'åtgärdsplan',
                        'verbose_name_plural': 'åtgärdsplaner',
                        'db_table': 'interventions_actionplan',
                        'ordering': ['-period_key', '-id'],
                    },
                ),
                migrations.CreateModel(
                    name='ActionPlanRow',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('order', models.PositiveSmallIntegerField(verbose_name='ordning')),
                        ('cause_text', models.TextField(verbose_name='orsak')),
                        ('measure', models.TextField(verbose_name='åtgärd')),
                        ('operational_goal', models.TextField(verbose_name='operativt mål')),
                        ('when', models.CharField(max_length=200, verbose_name='när')),
                        ('who', models.CharField(max_length=200, verbose_name='vem (kontakt)')),
                        ('follow_up', models.CharField(blank=True, choices=[('green', 'Grön – enligt plan'), ('amber', 'Gul – risk för försening'), ('red', 'Röd – försenad eller hindrad')], max_length=5, verbose_name='uppföljning')),
                        ('cause', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='+', to='problems.cause')),
                        ('intervention', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='plan_rows', to='interventions.intervention')),
                        ('municipality', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='+', to='core.municipality')),
                        ('plan', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='rows', to='plans.actionplan')),
                    ],
                    options={
                        'verbose_name': 'rad i åtgärdsplanen',
                        'verbose_name_plural': 'rader i åtgärdsplanen',
                        'db_table': 'interventions_actionplanrow',
                        'ordering': ['plan', 'order', 'id'],
                    },
                ),
                migrations.CreateModel(
                    name='Agreement',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('title', models.CharField(max_length=200, verbose_name='rubrik')),
                        ('police_area', models.CharField(max_length=200, verbose_name='lokalpolisområde')),
                        ('starts_on', models.DateField(verbose_name='gäller från')),
                        ('ends_on', models.DateField(verbose_name='gäller till')),
                        ('focus_text', models.TextField(blank=True, verbose_name='fokusproblem')),
                        ('probable_causes', models.TextField(blank=True, verbose_name='troliga orsaker')),
                        ('goals', models.TextField(blank=True, verbose_name='mätbara mål')),
                        ('documentation', models.TextField(blank=True, verbose_name='dokumentation')),
                        ('follow_up', models.TextField(blank=True, verbose_name='uppföljning')),
                        ('signatories', models.JSONField(blank=True, default=list, verbose_name='undertecknare')),
                        ('status', models.CharField(choices=[('draft', 'Utkast'), ('signed', 'Undertecknad'), ('ended', 'Avslutad')], default='draft', max_length=8, verbose_name='status')),
                        ('signed_on', models.DateField(blank=True, null=True, verbose_name='undertecknad')),
                        ('created_at', models.DateTimeField(default=django.utils.timezone.now)),
                        ('updated_at', models.DateTimeField(default=django.utils.timezone.now)),
                        ('created_by', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='+', to=settings.AUTH_USER_MODEL)),
                        ('focus_problems', models.ManyToManyField(blank=True, related_name='agreements', to='problems.problem', verbose_name='fokusproblem')),
                        ('municipality', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='+', to='core.municipality')),
                    ],
                    options={
                        'verbose_name': 'samverkansöverenskommelse',
                        'verbose_name_plural': 'samverkansöverenskommelser',
                        'db_table': 'interventions_agreement',
                        'ordering': ['-starts_on', '-id'],
                    },
                ),
                migrations.CreateModel(
                    name='CitizenPromise',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('year', models.PositiveSmallIntegerField(verbose_name='år')),
                        ('title', models.CharField(max_length=200, verbose_name='rubrik')),
                        ('slug', models.SlugField(max_length=80, verbose_name='adress')),
                        ('public_summary', models.TextField(blank=True, verbose_name='text till allmänheten')),
                        ('is_published', models.BooleanField(default=False, verbose_name='publicerat')),
                        ('created_at', models.DateTimeField(default=django.utils.timezone.now)),
                        ('updated_at', models.DateTimeField(default=django.utils.timezone.now)),
                        ('agreement', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='promises', to='plans.agreement')),
                        ('municipality', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='+', to='core.municipality')),
                    ],
                    options={
                        'verbose_name': 'medborgarlöfte',
                        'verbose_name_plural': 'medborgarlöften',
                        'db_table': 'interventions_citizenpromise',
                        'ordering': ['-year', 'title'],
                    },
                ),
                migrations.CreateModel(
                    name='Commitment',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('order', models.PositiveSmallIntegerField(default=0, verbose_name='ordning')),
                        ('text', models.TextField(verbose_name='åtagande')),
                        ('status', models.CharField(choices=[('planned', 'Planerat'), ('in_progress', 'Pågår'), ('done', 'Genomfört'), ('not_done', 'Inte genomfört')], default='planned', max_length=12, verbose_name='status')),
                        ('public_status', models.CharField(blank=True, max_length=300, verbose_name='status till allmänheten')),
                        ('updated_at', models.DateTimeField(default=django.utils.timezone.now)),
                        ('interventions', models.ManyToManyField(blank=True, related_name='commitments', to='interventions.intervention', verbose_name='insatser')),
                        ('municipality', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='+', to='core.municipality')),
                        ('organisation', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='+', to='core.organisation', verbose_name='part')),
                        ('promise', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='commitments', to='plans.citizenpromise')),
                    ],
                    options={
                        'verbose_name': 'åtagande',
                        'verbose_name_plural': 'åtaganden',
                        'db_table': 'interventions_commitment',
                        'ordering': ['promise', 'order', 'id'],
                    },
                ),
                migrations.CreateModel(
                    name='ActionPlanRevision',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('version', models.PositiveSmallIntegerField(verbose_name='version')),
                        ('reason', models.TextField(blank=True, verbose_name='skäl')),
                        ('decided_by_body', models.CharField(max_length=200, verbose_name='beslutande organ')),
                        ('decided_on', models.DateField(verbose_name='beslutsdatum')),
                        ('decision_reference', models.CharField(blank=True, max_length=100, verbose_name='diarienummer')),
                        ('snapshot', models.JSONField()),
                        ('at', models.DateTimeField(default=django.utils.timezone.now)),
                        ('by', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='+', to=settings.AUTH_USER_MODEL)),
                        ('municipality', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='+', to='core.municipality')),
                        ('plan', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='revisions', to='plans.actionplan')),
                    ],
                    options={
                        'db_table': 'interventions_actionplanrevision',
                        'ordering': ['plan', 'version'],
                        'constraints': [models.UniqueConstraint(fields=('plan', 'version'), name='plan_version_unique')],
                    },
                ),
                migrations.AddConstraint(
                    model_name='citizenpromise',
                    constraint=models.UniqueConstraint(fields=('municipality', 'slug'), name='promise_slug_unique'),
                ),
            ],
            database_operations=[],
        ),
    ]

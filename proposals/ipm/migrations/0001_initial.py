"""IPM cycles become an app of their own; their tables stay where they are.

Cycle, AgendaItem, Decision and the rest were models of the proposals app
(proposals/migrations/0003_ipm_cycles). They move here in Django's state only: the tables keep
their `proposals_*` names (`db_table`, and so do the two many-to-many tables derived from them),
so no table is created, copied or dropped and no row moves. proposals/0010 forgets them on its
side, and the content types are renamed (not recreated) so permissions and audit entries keep
pointing at them.
"""

import django.db.models.deletion
import django.utils.timezone
from django.conf import settings
from django.db import migrations, models

import proposals.ipm.models
from club.core.moves import relabel_content_types

MODELS = [
    "agendaitem",
    "analysis",
    "argument",
    "cycle",
    "cycletransition",
    "decision",
    "ipmparticipant",
    "meeting",
    "meetingdocument",
    "pilotcall",
    "pilotfeedback",
    "pilotvolunteer",
    "plenarysession",
    "workinggroup",
    "workinggroupmember",
]


class Migration(migrations.Migration):
    initial = True

    dependencies = [
        ("colleges", "0003_seat_limits_in_the_database"),
        ("proposals", "0009_source_thread_in_threads_app"),
        # Audit entries must hold the names they were hashed with before content types move.
        ("audit", "0002_target_type_label"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("auth", "0012_alter_user_first_name_max_length"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            database_operations=[],
            state_operations=[
                migrations.CreateModel(
                    name='Meeting',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('held_at', models.DateTimeField(verbose_name='date de la réunion')),
                        ('agenda', models.TextField(max_length=4000, verbose_name='ordre du jour')),
                        ('minutes', models.TextField(blank=True, max_length=20000, verbose_name='compte rendu')),
                    ],
                    options={
                        'verbose_name': 'réunion de groupe de travail',
                        'verbose_name_plural': 'réunions de groupe de travail',
                        'db_table': 'proposals_meeting',
                        'ordering': ['held_at', 'pk'],
                    },
                ),
                migrations.CreateModel(
                    name='AgendaItem',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('title', models.CharField(max_length=200, verbose_name='intitulé')),
                        ('vote_result', models.CharField(blank=True, max_length=300, verbose_name='résultat du vote')),
                        ('support_total', models.PositiveIntegerField(default=0, verbose_name='soutiens')),
                        ('escalated_at', models.DateTimeField(default=django.utils.timezone.now, verbose_name='porté le')),
                        ('reason', models.TextField(blank=True, max_length=4000, verbose_name='argumentaire du collège')),
                        ('college', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='+', to='colleges.college')),
                        ('escalated_by', models.ForeignKey(null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL)),
                        ('position', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='agenda_items', to='proposals.position')),
                        ('postponed_from', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='carried_over', to='ipm.agendaitem', verbose_name='reporté depuis')),
                    ],
                    options={
                        'verbose_name': "point à l'ordre du jour IPM",
                        'verbose_name_plural': "points à l'ordre du jour IPM",
                        'db_table': 'proposals_agendaitem',
                        'ordering': ['escalated_at', 'pk'],
                    },
                ),
                migrations.CreateModel(
                    name='Analysis',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('feasibility', models.CharField(choices=[('easy', 'Simple'), ('moderate', 'Moyenne'), ('hard', 'Complexe'), ('unknown', 'À évaluer')], max_length=20, verbose_name='faisabilité')),
                        ('effort', models.CharField(choices=[('s', 'Faible (moins de 10 jours)'), ('m', 'Moyen (10 à 50 jours)'), ('l', 'Important (plus de 50 jours)')], max_length=2, verbose_name='charge estimée')),
                        ('impact', models.TextField(max_length=4000, verbose_name='impact')),
                        ('portal_opinion', models.TextField(max_length=4000, verbose_name="avis de l'équipe du portail")),
                        ('updated_at', models.DateTimeField(default=django.utils.timezone.now, verbose_name='mise à jour le')),
                        ('item', models.OneToOneField(on_delete=django.db.models.deletion.CASCADE, related_name='analysis', to='ipm.agendaitem')),
                        ('updated_by', models.ForeignKey(null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL)),
                    ],
                    options={
                        'verbose_name': 'instruction',
                        'verbose_name_plural': 'instructions',
                        'db_table': 'proposals_analysis',
                    },
                ),
                migrations.CreateModel(
                    name='Argument',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('body', models.TextField(max_length=4000, verbose_name='argument')),
                        ('created_at', models.DateTimeField(default=django.utils.timezone.now, verbose_name='le')),
                        ('author', models.ForeignKey(null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL)),
                        ('item', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='arguments', to='ipm.agendaitem')),
                    ],
                    options={
                        'verbose_name': 'argument des membres',
                        'verbose_name_plural': 'arguments des membres',
                        'db_table': 'proposals_argument',
                        'ordering': ['created_at', 'pk'],
                    },
                ),
                migrations.CreateModel(
                    name='Cycle',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('number', models.PositiveSmallIntegerField(unique=True, verbose_name='numéro')),
                        ('phase', models.CharField(choices=[('collection', 'Collecte des demandes'), ('instruction', 'Instruction'), ('arbitration', 'Arbitrage'), ('closed', 'Clos')], default='collection', max_length=20, verbose_name='phase')),
                        ('collection_starts_on', models.DateField(verbose_name='début de la collecte')),
                        ('instruction_starts_on', models.DateField(blank=True, null=True, verbose_name="début de l'instruction")),
                        ('arbitration_starts_on', models.DateField(blank=True, null=True, verbose_name="début de l'arbitrage")),
                        ('closes_on', models.DateField(blank=True, null=True, verbose_name='clôture')),
                        ('description', models.TextField(blank=True, max_length=4000, verbose_name='présentation')),
                        ('created_at', models.DateTimeField(default=django.utils.timezone.now, verbose_name='créé le')),
                        ('phase_changed_at', models.DateTimeField(default=django.utils.timezone.now, verbose_name='phase modifiée le')),
                    ],
                    options={
                        'verbose_name': 'cycle IPM',
                        'verbose_name_plural': 'cycles IPM',
                        'db_table': 'proposals_cycle',
                        'ordering': ['-number'],
                        'constraints': [models.UniqueConstraint(condition=models.Q(('phase', 'collection')), fields=('phase',), name='ipm_one_cycle_in_collection'), models.CheckConstraint(condition=models.Q(('number__gte', 1)), name='ipm_cycle_number_positive')],
                    },
                ),
                migrations.AddField(
                    model_name='agendaitem',
                    name='cycle',
                    field=models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='items', to='ipm.cycle'),
                ),
                migrations.CreateModel(
                    name='CycleTransition',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('from_phase', models.CharField(blank=True, choices=[('collection', 'Collecte des demandes'), ('instruction', 'Instruction'), ('arbitration', 'Arbitrage'), ('closed', 'Clos')], max_length=20, verbose_name='de')),
                        ('to_phase', models.CharField(choices=[('collection', 'Collecte des demandes'), ('instruction', 'Instruction'), ('arbitration', 'Arbitrage'), ('closed', 'Clos')], max_length=20, verbose_name='vers')),
                        ('reason', models.TextField(blank=True, max_length=2000, verbose_name='motif')),
                        ('created_at', models.DateTimeField(default=django.utils.timezone.now, verbose_name='le')),
                        ('actor', models.ForeignKey(null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL)),
                        ('cycle', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='transitions', to='ipm.cycle')),
                    ],
                    options={
                        'verbose_name': 'changement de phase',
                        'verbose_name_plural': 'changements de phase',
                        'db_table': 'proposals_cycletransition',
                        'ordering': ['created_at', 'pk'],
                    },
                ),
                migrations.CreateModel(
                    name='IpmParticipant',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('organisation', models.CharField(max_length=120, verbose_name='organisation')),
                        ('role', models.CharField(choices=[('business', 'Représentant des entreprises'), ('public', 'Représentant du secteur public'), ('expert', 'Expert associé'), ('secretariat', "Secrétariat de l'IPM")], max_length=20, verbose_name="rôle à l'IPM")),
                        ('is_active', models.BooleanField(default=True, verbose_name='siège actuellement')),
                        ('registered_at', models.DateTimeField(default=django.utils.timezone.now, verbose_name='inscrit le')),
                        ('user', models.OneToOneField(on_delete=django.db.models.deletion.CASCADE, related_name='ipm_participant', to=settings.AUTH_USER_MODEL)),
                    ],
                    options={
                        'verbose_name': "participant à l'IPM",
                        'verbose_name_plural': "participants à l'IPM",
                        'db_table': 'proposals_ipmparticipant',
                        'ordering': ['organisation', 'pk'],
                    },
                ),
                migrations.CreateModel(
                    name='MeetingDocument',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('file', models.FileField(upload_to=proposals.ipm.models.document_path, verbose_name='fichier')),
                        ('content_type', models.CharField(max_length=80, verbose_name='type')),
                        ('original_name', models.CharField(blank=True, max_length=200, verbose_name="nom d'origine")),
                        ('size', models.PositiveIntegerField(verbose_name='taille')),
                        ('uploaded_at', models.DateTimeField(default=django.utils.timezone.now, verbose_name='envoyé le')),
                        ('meeting', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='documents', to='ipm.meeting')),
                        ('uploaded_by', models.ForeignKey(null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL)),
                    ],
                    options={
                        'verbose_name': 'document de réunion',
                        'verbose_name_plural': 'documents de réunion',
                        'db_table': 'proposals_meetingdocument',
                        'ordering': ['pk'],
                    },
                ),
                migrations.CreateModel(
                    name='PilotCall',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('description', models.TextField(max_length=4000, verbose_name='ce que les pilotes testeront')),
                        ('seats', models.PositiveSmallIntegerField(default=5, verbose_name='nombre de pilotes recherchés')),
                        ('status', models.CharField(choices=[('open', 'Appel à pilotes ouvert'), ('running', 'Pilote en cours'), ('closed', 'Pilote terminé')], default='open', max_length=20, verbose_name='état')),
                        ('opened_at', models.DateTimeField(default=django.utils.timezone.now, verbose_name='ouvert le')),
                        ('item', models.OneToOneField(on_delete=django.db.models.deletion.PROTECT, related_name='pilot_call', to='ipm.agendaitem')),
                        ('opened_by', models.ForeignKey(null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL)),
                    ],
                    options={
                        'verbose_name': 'appel à pilotes',
                        'verbose_name_plural': 'appels à pilotes',
                        'db_table': 'proposals_pilotcall',
                        'ordering': ['-opened_at', '-pk'],
                    },
                ),
                migrations.CreateModel(
                    name='PilotVolunteer',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('organisation', models.CharField(max_length=200, verbose_name='organisation')),
                        ('channel', models.CharField(choices=[('portal', 'Saisie sur le portail'), ('upload', 'Dépôt de fichier PDF'), ('api', 'API'), ('edi', 'EDI')], max_length=20, verbose_name='canal de facturation')),
                        ('selected', models.BooleanField(default=False, verbose_name='retenu')),
                        ('volunteered_at', models.DateTimeField(default=django.utils.timezone.now, verbose_name='le')),
                        ('call', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='volunteers', to='ipm.pilotcall')),
                        ('college', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='+', to='colleges.college')),
                        ('user', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='+', to=settings.AUTH_USER_MODEL)),
                    ],
                    options={
                        'verbose_name': 'volontaire pilote',
                        'verbose_name_plural': 'volontaires pilotes',
                        'db_table': 'proposals_pilotvolunteer',
                        'ordering': ['volunteered_at', 'pk'],
                    },
                ),
                migrations.CreateModel(
                    name='PilotFeedback',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('rating', models.PositiveSmallIntegerField(choices=[(1, '1 — Insuffisant'), (2, '2 — Passable'), (3, '3 — Satisfaisant'), (4, '4 — Très satisfaisant')], verbose_name='appréciation')),
                        ('worked', models.TextField(max_length=4000, verbose_name='ce qui fonctionne')),
                        ('issues', models.TextField(blank=True, max_length=4000, verbose_name='ce qui pose problème')),
                        ('ready_for_release', models.BooleanField(default=False, verbose_name='prêt pour la mise en production')),
                        ('created_at', models.DateTimeField(default=django.utils.timezone.now, verbose_name='le')),
                        ('volunteer', models.OneToOneField(on_delete=django.db.models.deletion.CASCADE, related_name='feedback', to='ipm.pilotvolunteer')),
                    ],
                    options={
                        'verbose_name': 'retour de pilote',
                        'verbose_name_plural': 'retours de pilotes',
                        'db_table': 'proposals_pilotfeedback',
                        'ordering': ['created_at', 'pk'],
                    },
                ),
                migrations.CreateModel(
                    name='PlenarySession',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('held_at', models.DateTimeField(verbose_name='date de la séance')),
                        ('location', models.CharField(blank=True, max_length=200, verbose_name='lieu')),
                        ('minutes', models.TextField(blank=True, max_length=20000, verbose_name='compte rendu')),
                        ('created_by', models.ForeignKey(null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL)),
                        ('cycle', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='sessions', to='ipm.cycle')),
                        ('items', models.ManyToManyField(blank=True, related_name='sessions', to='ipm.agendaitem', verbose_name='ordre du jour')),
                    ],
                    options={
                        'verbose_name': 'séance plénière IPM',
                        'verbose_name_plural': 'séances plénières IPM',
                        'db_table': 'proposals_plenarysession',
                        'ordering': ['held_at', 'pk'],
                    },
                ),
                migrations.CreateModel(
                    name='Decision',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('outcome', models.CharField(choices=[('accepted', 'Acceptée'), ('rejected', 'Rejetée'), ('postponed', 'Reportée'), ('pilot', 'Envoyée en pilote')], max_length=20, verbose_name='décision')),
                        ('priority', models.CharField(blank=True, choices=[('high', 'Haute'), ('normal', 'Normale'), ('low', 'Basse')], max_length=10, verbose_name='priorité')),
                        ('target_release', models.CharField(blank=True, max_length=60, verbose_name='version cible')),
                        ('reasons', models.TextField(max_length=4000, verbose_name='motifs')),
                        ('decided_at', models.DateTimeField(default=django.utils.timezone.now, verbose_name='enregistrée le')),
                        ('decided_by', models.ForeignKey(null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL)),
                        ('item', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='decisions', to='ipm.agendaitem')),
                        ('postponed_to', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='postponed_in', to='ipm.cycle', verbose_name='reporté au cycle')),
                        ('session', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='decisions', to='ipm.plenarysession')),
                    ],
                    options={
                        'verbose_name': "décision de l'IPM",
                        'verbose_name_plural': "décisions de l'IPM",
                        'db_table': 'proposals_decision',
                        'ordering': ['decided_at', 'pk'],
                    },
                ),
                migrations.CreateModel(
                    name='WorkingGroup',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('topic', models.CharField(max_length=200, verbose_name='sujet')),
                        ('description', models.TextField(blank=True, max_length=4000, verbose_name='mandat')),
                        ('created_at', models.DateTimeField(default=django.utils.timezone.now, verbose_name='réuni le')),
                        ('convened_by', models.ForeignKey(null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL)),
                        ('cycle', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='working_groups', to='ipm.cycle')),
                        ('items', models.ManyToManyField(blank=True, related_name='working_groups', to='ipm.agendaitem', verbose_name='points étudiés')),
                    ],
                    options={
                        'verbose_name': 'groupe de travail IPM',
                        'verbose_name_plural': 'groupes de travail IPM',
                        'db_table': 'proposals_workinggroup',
                        'ordering': ['created_at', 'pk'],
                    },
                ),
                migrations.AddField(
                    model_name='meeting',
                    name='group',
                    field=models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='meetings', to='ipm.workinggroup'),
                ),
                migrations.CreateModel(
                    name='WorkingGroupMember',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('role', models.CharField(choices=[('delegate', 'Délégué du club'), ('volunteer', 'Membre volontaire'), ('participant', "Participant à l'IPM"), ('staff', 'Équipe')], max_length=20, verbose_name='rôle')),
                        ('group', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='memberships', to='ipm.workinggroup')),
                        ('user', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='+', to=settings.AUTH_USER_MODEL)),
                    ],
                    options={
                        'verbose_name': 'membre du groupe de travail',
                        'verbose_name_plural': 'membres des groupes de travail',
                        'db_table': 'proposals_workinggroupmember',
                        'ordering': ['group', 'pk'],
                    },
                ),
                migrations.AddConstraint(
                    model_name='agendaitem',
                    constraint=models.UniqueConstraint(fields=('cycle', 'position'), name='ipm_position_once_per_cycle'),
                ),
                migrations.AddConstraint(
                    model_name='pilotvolunteer',
                    constraint=models.UniqueConstraint(fields=('call', 'user'), name='ipm_volunteer_once_per_call'),
                ),
                migrations.AddConstraint(
                    model_name='decision',
                    constraint=models.UniqueConstraint(fields=('item',), name='ipm_one_decision_per_item'),
                ),
                migrations.AddConstraint(
                    model_name='decision',
                    constraint=models.CheckConstraint(condition=models.Q(models.Q(('outcome', 'postponed'), ('postponed_to__isnull', False)), models.Q(models.Q(('outcome', 'postponed'), _negated=True), ('postponed_to__isnull', True)), _connector='OR'), name='ipm_postponed_names_its_cycle'),
                ),
                migrations.AddConstraint(
                    model_name='workinggroupmember',
                    constraint=models.UniqueConstraint(fields=('group', 'user'), name='ipm_one_group_membership'),
                ),
            ],
        ),
        migrations.RunPython(*relabel_content_types("proposals", "ipm", MODELS)),
    ]

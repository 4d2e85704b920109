"""The threads become an app of their own; their tables stay where they are.

Theme, Thread, Post and the rest were models of the colleges app (colleges/migrations/0002).
They move here in Django's state only: the tables keep their `colleges_*` names (`db_table`),
so no table is created, copied or dropped and no row moves. colleges/0004 forgets them on its
side, proposals/0009 points the requests' and positions' `source_thread` here in between, and
the content types are renamed (not recreated) so permissions, audit entries and tags keep
pointing at them.
"""

import django.db.models.deletion
import django.utils.timezone
import taggit.managers
from django.conf import settings
from django.db import migrations, models

import colleges.threads.models
from club.core.moves import relabel_content_types

MODELS = [
    "attachment",
    "moderationaction",
    "post",
    "postversion",
    "report",
    "theme",
    "themefollow",
    "thread",
    "threadfollow",
    "threadreadstate",
]


class Migration(migrations.Migration):
    initial = True

    dependencies = [
        ("colleges", "0003_seat_limits_in_the_database"),
        # Audit entries must hold the names they were hashed with before content types move.
        ("audit", "0002_target_type_label"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("taggit", "0006_rename_taggeditem_content_type_object_id_taggit_tagg_content_8fc721_idx"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            database_operations=[],
            state_operations=[
                migrations.CreateModel(
                    name='Post',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('body', models.TextField(verbose_name='message')),
                        ('body_html', models.TextField(editable=False)),
                        ('created_at', models.DateTimeField(default=django.utils.timezone.now, verbose_name='écrit le')),
                        ('edited_at', models.DateTimeField(blank=True, null=True, verbose_name='modifié le')),
                        ('revision', models.PositiveBigIntegerField(default=0, verbose_name='révision')),
                        ('is_hidden', models.BooleanField(default=False, verbose_name='masqué')),
                        ('hidden_reason', models.TextField(blank=True, verbose_name='motif du masquage')),
                        ('hidden_at', models.DateTimeField(blank=True, null=True, verbose_name='masqué le')),
                        ('author', models.ForeignKey(null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='thread_posts', to=settings.AUTH_USER_MODEL)),
                        ('hidden_by', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL)),
                        ('reply_to', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='replies', to='threads.post')),
                    ],
                    options={
                        'verbose_name': 'message',
                        'verbose_name_plural': 'messages',
                        'db_table': 'colleges_post',
                        'ordering': ['thread', 'pk'],
                    },
                ),
                migrations.CreateModel(
                    name='PostVersion',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('body', models.TextField(verbose_name='texte')),
                        ('written_at', models.DateTimeField(verbose_name='écrit le')),
                        ('replaced_at', models.DateTimeField(default=django.utils.timezone.now, verbose_name='remplacé le')),
                        ('post', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='versions', to='threads.post')),
                    ],
                    options={
                        'verbose_name': 'version précédente',
                        'verbose_name_plural': 'versions précédentes',
                        'db_table': 'colleges_postversion',
                        'ordering': ['post', '-replaced_at'],
                    },
                ),
                migrations.CreateModel(
                    name='Theme',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('title', models.CharField(max_length=200, verbose_name='titre')),
                        ('description', models.TextField(blank=True, max_length=5000, verbose_name='description')),
                        ('opened_at', models.DateTimeField(default=django.utils.timezone.now, verbose_name='ouvert le')),
                        ('closed_at', models.DateTimeField(blank=True, null=True, verbose_name='clos le')),
                        ('closed_by', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL)),
                        ('college', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='themes', to='colleges.college')),
                        ('opened_by', models.ForeignKey(null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL)),
                    ],
                    options={
                        'verbose_name': 'thème de travail',
                        'verbose_name_plural': 'thèmes de travail',
                        'db_table': 'colleges_theme',
                        'ordering': ['college', '-opened_at'],
                    },
                ),
                migrations.CreateModel(
                    name='ThemeFollow',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('created_at', models.DateTimeField(default=django.utils.timezone.now)),
                        ('theme', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='follows', to='threads.theme')),
                        ('user', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='+', to=settings.AUTH_USER_MODEL)),
                    ],
                    options={
                        'db_table': 'colleges_themefollow',
                    },
                ),
                migrations.CreateModel(
                    name='Thread',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('title', models.CharField(max_length=200, verbose_name='titre')),
                        ('created_at', models.DateTimeField(default=django.utils.timezone.now, verbose_name='ouvert le')),
                        ('last_post_at', models.DateTimeField(default=django.utils.timezone.now, verbose_name='dernier message le')),
                        ('post_count', models.PositiveIntegerField(default=0, verbose_name='messages')),
                        ('revision', models.PositiveBigIntegerField(default=0, verbose_name='révision')),
                        ('is_locked', models.BooleanField(default=False, verbose_name='verrouillé')),
                        ('is_pinned', models.BooleanField(default=False, verbose_name='épinglé')),
                        ('is_archived', models.BooleanField(default=False, verbose_name='archivé')),
                        ('college', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='threads', to='colleges.college')),
                        ('opened_by', models.ForeignKey(null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL)),
                        ('tags', taggit.managers.TaggableManager(blank=True, help_text='A comma-separated list of tags.', through='taggit.TaggedItem', to='taggit.Tag', verbose_name='étiquettes')),
                        ('theme', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='threads', to='threads.theme')),
                    ],
                    options={
                        'verbose_name': 'fil de discussion',
                        'verbose_name_plural': 'fils de discussion',
                        'db_table': 'colleges_thread',
                        'ordering': ['-is_pinned', '-last_post_at', '-pk'],
                    },
                ),
                migrations.AddField(
                    model_name='post',
                    name='thread',
                    field=models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='posts', to='threads.thread'),
                ),
                migrations.CreateModel(
                    name='ModerationAction',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('action', models.CharField(choices=[('open_theme', 'Thème ouvert'), ('edit_theme', 'Thème modifié'), ('close_theme', 'Thème clos'), ('reopen_theme', 'Thème rouvert'), ('hide_post', 'Message masqué'), ('unhide_post', 'Message rétabli'), ('dismiss_report', 'Signalement classé'), ('lock', 'Fil verrouillé'), ('unlock', 'Fil déverrouillé'), ('pin', 'Fil épinglé'), ('unpin', 'Fil désépinglé'), ('move', 'Fil déplacé'), ('archive', 'Fil archivé')], max_length=20, verbose_name='action')),
                        ('reason', models.TextField(blank=True, verbose_name='motif')),
                        ('details', models.JSONField(blank=True, default=dict)),
                        ('created_at', models.DateTimeField(default=django.utils.timezone.now, verbose_name='le')),
                        ('actor', models.ForeignKey(null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL)),
                        ('college', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='+', to='colleges.college')),
                        ('post', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, to='threads.post')),
                        ('theme', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, to='threads.theme')),
                        ('thread', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, to='threads.thread')),
                    ],
                    options={
                        'verbose_name': 'action de modération',
                        'verbose_name_plural': 'actions de modération',
                        'db_table': 'colleges_moderationaction',
                        'ordering': ['-created_at', '-pk'],
                    },
                ),
                migrations.CreateModel(
                    name='Attachment',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('token', models.CharField(default=colleges.threads.models.new_attachment_token, max_length=64, unique=True)),
                        ('file', models.FileField(max_length=200, upload_to=colleges.threads.models.attachment_path)),
                        ('content_type', models.CharField(choices=[('image/png', 'PNG'), ('image/jpeg', 'JPEG'), ('image/webp', 'WebP')], max_length=20)),
                        ('size', models.PositiveIntegerField()),
                        ('original_name', models.CharField(blank=True, max_length=200, verbose_name="nom d'origine")),
                        ('uploaded_at', models.DateTimeField(default=django.utils.timezone.now)),
                        ('uploaded_by', models.ForeignKey(null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL)),
                        ('post', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='attachments', to='threads.post')),
                        ('thread', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='attachments', to='threads.thread')),
                    ],
                    options={
                        'verbose_name': 'pièce jointe',
                        'verbose_name_plural': 'pièces jointes',
                        'db_table': 'colleges_attachment',
                        'ordering': ['post', 'pk'],
                    },
                ),
                migrations.CreateModel(
                    name='ThreadFollow',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('created_at', models.DateTimeField(default=django.utils.timezone.now)),
                        ('thread', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='follows', to='threads.thread')),
                        ('user', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='+', to=settings.AUTH_USER_MODEL)),
                    ],
                    options={
                        'db_table': 'colleges_threadfollow',
                    },
                ),
                migrations.CreateModel(
                    name='ThreadReadState',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('last_read_post_id', models.PositiveBigIntegerField(default=0)),
                        ('updated_at', models.DateTimeField(default=django.utils.timezone.now)),
                        ('thread', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='read_states', to='threads.thread')),
                        ('user', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='+', to=settings.AUTH_USER_MODEL)),
                    ],
                    options={
                        'db_table': 'colleges_threadreadstate',
                    },
                ),
                migrations.CreateModel(
                    name='Report',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('reason', models.TextField(max_length=2000, verbose_name='motif du signalement')),
                        ('created_at', models.DateTimeField(default=django.utils.timezone.now)),
                        ('resolved_at', models.DateTimeField(blank=True, null=True)),
                        ('post', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='reports', to='threads.post')),
                        ('reporter', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='+', to=settings.AUTH_USER_MODEL)),
                        ('resolved_by', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL)),
                    ],
                    options={
                        'verbose_name': 'signalement',
                        'verbose_name_plural': 'signalements',
                        'db_table': 'colleges_report',
                        'ordering': ['created_at', 'pk'],
                        'constraints': [models.UniqueConstraint(condition=models.Q(('resolved_at__isnull', True)), fields=('post', 'reporter'), name='one_open_report_per_person_and_post')],
                    },
                ),
                migrations.AddConstraint(
                    model_name='theme',
                    constraint=models.UniqueConstraint(fields=('college', 'title'), name='one_theme_title_per_college'),
                ),
                migrations.AddConstraint(
                    model_name='themefollow',
                    constraint=models.UniqueConstraint(fields=('user', 'theme'), name='one_follow_per_theme'),
                ),
                migrations.AddIndex(
                    model_name='thread',
                    index=models.Index(fields=['theme', 'is_pinned', 'last_post_at'], name='colleges_th_theme_i_d3c461_idx'),
                ),
                migrations.AddIndex(
                    model_name='post',
                    index=models.Index(fields=['thread', 'revision'], name='colleges_po_thread__33fc4f_idx'),
                ),
                migrations.AddConstraint(
                    model_name='threadfollow',
                    constraint=models.UniqueConstraint(fields=('user', 'thread'), name='one_follow_per_thread'),
                ),
                migrations.AddConstraint(
                    model_name='threadreadstate',
                    constraint=models.UniqueConstraint(fields=('user', 'thread'), name='one_read_state_per_thread'),
                ),
            ],
        ),
        migrations.RunPython(*relabel_content_types("colleges", "threads", MODELS)),
    ]

"""Work themes, their threads and posts, and how they are moderated, followed and read.

A theme belongs to one college (or the plenary); threads belong to a theme; posts to a thread.
Every change a reader must see live (new post, edit, hide) bumps the thread's `revision`
counter and stamps it on the post, so a client that lost its connection asks for
"everything after revision N" and gets exactly what it missed.

The tables keep the names they had when these models lived in the colleges app
(`colleges_thread`...): moving the models into their own app renamed nothing in the database.

Personal data (GDPR): Post.body, PostVersion.body, Attachment files, Report.reason and the
follow and read-state rows describe what a person wrote or read.
"""

import secrets

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from taggit.managers import TaggableManager

from colleges.models import College


class ThemeQuerySet(models.QuerySet):
    def open(self):
        return self.filter(closed_at__isnull=True)


class Theme(models.Model):
    """A work theme, e.g. « Gestion des rejets de factures », led by the college's facilitators."""

    college = models.ForeignKey(College, on_delete=models.PROTECT, related_name="themes")
    title = models.CharField(_("titre"), max_length=200)
    description = models.TextField(_("description"), blank=True, max_length=5000)
    opened_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    opened_at = models.DateTimeField(_("ouvert le"), default=timezone.now)
    closed_at = models.DateTimeField(_("clos le"), null=True, blank=True)
    closed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    objects = ThemeQuerySet.as_manager()

    class Meta:
        db_table = "colleges_theme"
        verbose_name = _("thème de travail")
        verbose_name_plural = _("thèmes de travail")
        ordering = ["college", "-opened_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["college", "title"], name="one_theme_title_per_college"
            ),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def is_open(self) -> bool:
        return self.closed_at is None


class ThreadQuerySet(models.QuerySet):
    def listed(self):
        """Threads shown in their theme: pinned first, then the most recently active."""
        return self.order_by("-is_pinned", "-last_post_at", "-pk")


class Thread(models.Model):
    theme = models.ForeignKey(Theme, on_delete=models.PROTECT, related_name="threads")
    # Denormalised from the theme so permission checks and lists need no extra join.
    college = models.ForeignKey(College, on_delete=models.PROTECT, related_name="threads")
    title = models.CharField(_("titre"), max_length=200)
    opened_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(_("ouvert le"), default=timezone.now)
    last_post_at = models.DateTimeField(_("dernier message le"), default=timezone.now)
    post_count = models.PositiveIntegerField(_("messages"), default=0)
    revision = models.PositiveBigIntegerField(_("révision"), default=0)
    is_locked = models.BooleanField(_("verrouillé"), default=False)
    is_pinned = models.BooleanField(_("épinglé"), default=False)
    is_archived = models.BooleanField(_("archivé"), default=False)

    tags = TaggableManager(_("étiquettes"), blank=True)

    objects = ThreadQuerySet.as_manager()

    class Meta:
        db_table = "colleges_thread"
        verbose_name = _("fil de discussion")
        verbose_name_plural = _("fils de discussion")
        ordering = ["-is_pinned", "-last_post_at", "-pk"]
        indexes = [models.Index(fields=["theme", "is_pinned", "last_post_at"])]

    def __str__(self) -> str:
        return self.title

    @property
    def accepts_posts(self) -> bool:
        return not (self.is_locked or self.is_archived)


class Post(models.Model):
    thread = models.ForeignKey(Thread, on_delete=models.CASCADE, related_name="posts")
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="thread_posts"
    )
    body = models.TextField(_("message"))
    body_html = models.TextField(editable=False)
    reply_to = models.ForeignKey(
        "self", on_delete=models.SET_NULL, null=True, blank=True, related_name="replies"
    )
    created_at = models.DateTimeField(_("écrit le"), default=timezone.now)
    edited_at = models.DateTimeField(_("modifié le"), null=True, blank=True)
    revision = models.PositiveBigIntegerField(_("révision"), default=0)
    is_hidden = models.BooleanField(_("masqué"), default=False)
    hidden_reason = models.TextField(_("motif du masquage"), blank=True)
    hidden_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    hidden_at = models.DateTimeField(_("masqué le"), null=True, blank=True)

    class Meta:
        db_table = "colleges_post"
        verbose_name = _("message")
        verbose_name_plural = _("messages")
        ordering = ["thread", "pk"]
        indexes = [models.Index(fields=["thread", "revision"])]

    def __str__(self) -> str:
        return f"{self.thread} #{self.pk}"

    def get_absolute_url(self) -> str:
        """The thread's page that holds this post (threads are paginated), at the post."""
        path = reverse("colleges:thread_detail", args=[self.thread_id])
        return f"{path}?message={self.pk}#message-{self.pk}"


class PostVersion(models.Model):
    """A previous text of an edited post, kept so edits stay accountable."""

    post = models.ForeignKey(Post, on_delete=models.CASCADE, related_name="versions")
    body = models.TextField(_("texte"))
    written_at = models.DateTimeField(_("écrit le"))
    replaced_at = models.DateTimeField(_("remplacé le"), default=timezone.now)

    class Meta:
        db_table = "colleges_postversion"
        verbose_name = _("version précédente")
        verbose_name_plural = _("versions précédentes")
        ordering = ["post", "-replaced_at"]

    def __str__(self) -> str:
        return f"{self.post} ({self.replaced_at:%d/%m/%Y %H:%M})"


def new_attachment_token() -> str:
    return secrets.token_urlsafe(24)


def attachment_path(instance: "Attachment", filename: str) -> str:
    # The stored name says nothing of the person's file name and cannot be guessed.
    return f"thread-attachments/{instance.token}.{instance.extension}"


class Attachment(models.Model):
    """A screenshot joined to a post; served only to people who may read the thread."""

    class Kind(models.TextChoices):
        PNG = "image/png", "PNG"
        JPEG = "image/jpeg", "JPEG"
        WEBP = "image/webp", "WebP"

    EXTENSIONS = {Kind.PNG: "png", Kind.JPEG: "jpg", Kind.WEBP: "webp"}

    thread = models.ForeignKey(Thread, on_delete=models.CASCADE, related_name="attachments")
    post = models.ForeignKey(Post, on_delete=models.CASCADE, related_name="attachments")
    token = models.CharField(max_length=64, unique=True, default=new_attachment_token)
    file = models.FileField(upload_to=attachment_path, max_length=200)
    content_type = models.CharField(max_length=20, choices=Kind.choices)
    size = models.PositiveIntegerField()
    original_name = models.CharField(_("nom d'origine"), max_length=200, blank=True)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    uploaded_at = models.DateTimeField(default=timezone.now)

    class Meta:
        db_table = "colleges_attachment"
        verbose_name = _("pièce jointe")
        verbose_name_plural = _("pièces jointes")
        ordering = ["post", "pk"]

    def __str__(self) -> str:
        return f"{self.get_content_type_display()} #{self.pk}"

    @property
    def extension(self) -> str:
        return self.EXTENSIONS[self.content_type]


class Report(models.Model):
    """A member's report of a post to the college's facilitators."""

    post = models.ForeignKey(Post, on_delete=models.CASCADE, related_name="reports")
    reporter = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+"
    )
    reason = models.TextField(_("motif du signalement"), max_length=2000)
    created_at = models.DateTimeField(default=timezone.now)
    resolved_at = models.DateTimeField(null=True, blank=True)
    resolved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        db_table = "colleges_report"
        verbose_name = _("signalement")
        verbose_name_plural = _("signalements")
        ordering = ["created_at", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["post", "reporter"],
                condition=Q(resolved_at__isnull=True),
                name="one_open_report_per_person_and_post",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.post} — {self.reporter}"


class ModerationAction(models.Model):
    """Every act of moderation, who did it and why: the log staff reads."""

    class Action(models.TextChoices):
        OPEN_THEME = "open_theme", _("Thème ouvert")
        EDIT_THEME = "edit_theme", _("Thème modifié")
        CLOSE_THEME = "close_theme", _("Thème clos")
        REOPEN_THEME = "reopen_theme", _("Thème rouvert")
        HIDE_POST = "hide_post", _("Message masqué")
        UNHIDE_POST = "unhide_post", _("Message rétabli")
        DISMISS_REPORT = "dismiss_report", _("Signalement classé")
        LOCK = "lock", _("Fil verrouillé")
        UNLOCK = "unlock", _("Fil déverrouillé")
        PIN = "pin", _("Fil épinglé")
        UNPIN = "unpin", _("Fil désépinglé")
        MOVE = "move", _("Fil déplacé")
        ARCHIVE = "archive", _("Fil archivé")

    college = models.ForeignKey(College, on_delete=models.PROTECT, related_name="+")
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    action = models.CharField(_("action"), max_length=20, choices=Action.choices)
    theme = models.ForeignKey(Theme, on_delete=models.SET_NULL, null=True, blank=True)
    thread = models.ForeignKey(Thread, on_delete=models.SET_NULL, null=True, blank=True)
    post = models.ForeignKey(Post, on_delete=models.SET_NULL, null=True, blank=True)
    reason = models.TextField(_("motif"), blank=True)
    details = models.JSONField(default=dict, blank=True)
    created_at = models.DateTimeField(_("le"), default=timezone.now)

    class Meta:
        db_table = "colleges_moderationaction"
        verbose_name = _("action de modération")
        verbose_name_plural = _("actions de modération")
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return f"{self.get_action_display()} — {self.created_at:%d/%m/%Y %H:%M}"


class ThreadFollow(models.Model):
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    thread = models.ForeignKey(Thread, on_delete=models.CASCADE, related_name="follows")
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        db_table = "colleges_threadfollow"
        constraints = [
            models.UniqueConstraint(fields=["user", "thread"], name="one_follow_per_thread"),
        ]

    def __str__(self) -> str:
        return f"{self.user} → {self.thread}"


class ThemeFollow(models.Model):
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    theme = models.ForeignKey(Theme, on_delete=models.CASCADE, related_name="follows")
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        db_table = "colleges_themefollow"
        constraints = [
            models.UniqueConstraint(fields=["user", "theme"], name="one_follow_per_theme"),
        ]

    def __str__(self) -> str:
        return f"{self.user} → {self.theme}"


class ThreadReadState(models.Model):
    """Up to which post a person has read a thread: posts after it are marked unread."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    thread = models.ForeignKey(Thread, on_delete=models.CASCADE, related_name="read_states")
    last_read_post_id = models.PositiveBigIntegerField(default=0)
    updated_at = models.DateTimeField(default=timezone.now)

    class Meta:
        db_table = "colleges_threadreadstate"
        constraints = [
            models.UniqueConstraint(fields=["user", "thread"], name="one_read_state_per_thread"),
        ]

    def __str__(self) -> str:
        return f"{self.user} — {self.thread} #{self.last_read_post_id}"


class Reaction(models.Model):
    """A reader's short answer to a post (« D'accord », « Merci »...): counted and signed, one per
    person, post and kind. No notification: a reaction is a nod, not a message.

    Personal data (GDPR): who reacted to which post; exported and erased with the account."""

    class Kind(models.TextChoices):
        AGREE = "agree", _("D'accord")
        ME_TOO = "me_too", _("Moi aussi")
        QUESTION = "question", _("Question")
        THANKS = "thanks", _("Merci")

    EMOJI = {"agree": "👍", "me_too": "🎯", "question": "❓", "thanks": "🙏"}

    post = models.ForeignKey(Post, on_delete=models.CASCADE, related_name="reactions")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="post_reactions"
    )
    kind = models.CharField(_("réaction"), max_length=16, choices=Kind.choices)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("réaction")
        verbose_name_plural = _("réactions")
        constraints = [
            models.UniqueConstraint(
                fields=["post", "user", "kind"], name="one_reaction_per_person_post_and_kind"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.user} {self.kind} → {self.post_id}"

"""Notices per person, their choices per kind, and the e-mails sent.

Personal data (GDPR, see personal_data.py): every row here is about its `recipient`/`user`;
notices and e-mails are erased with the person. (Announcements and newsletters, once here, are
the roof's: club/announcements.)
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from club.core.notifications.kinds import Mode, kind_choices


class NotificationQuerySet(models.QuerySet):
    def unread(self):
        return self.filter(read_at__isnull=True)


class EmailDelivery(models.Model):
    """One e-mail, immediate or digest. Its key makes a retried or repeated send a no-op."""

    class Status(models.TextChoices):
        PENDING = "pending", _("à envoyer")
        SENT = "sent", _("envoyé")
        FAILED = "failed", _("abandonné")

    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="email_deliveries"
    )
    idempotency_key = models.CharField(_("clé d'unicité"), max_length=200, unique=True)
    # The kinds an unsubscribe link in this mail turns off (several for a digest).
    kinds = models.JSONField(_("types"), default=list)
    subject = models.CharField(_("objet"), max_length=250)
    body = models.TextField(_("texte"))
    url = models.CharField(_("lien"), max_length=300, blank=True)
    status = models.CharField(
        _("état"), max_length=10, choices=Status.choices, default=Status.PENDING
    )
    attempts = models.PositiveSmallIntegerField(_("tentatives"), default=0)
    next_attempt_at = models.DateTimeField(_("prochaine tentative"), default=timezone.now)
    last_error = models.TextField(_("dernière erreur"), blank=True)
    created_at = models.DateTimeField(_("créé le"), default=timezone.now)
    sent_at = models.DateTimeField(_("envoyé le"), null=True, blank=True)

    class Meta:
        verbose_name = _("courriel de notification")
        verbose_name_plural = _("courriels de notification")
        indexes = [
            models.Index(
                fields=["next_attempt_at"],
                condition=Q(status="pending"),
                name="delivery_pending_idx",
            )
        ]

    def __str__(self) -> str:
        return self.idempotency_key


class Notification(models.Model):
    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notices"
    )
    kind = models.CharField(_("type"), max_length=40, choices=kind_choices)
    subject = models.CharField(_("objet"), max_length=250)
    body = models.TextField(_("message"), blank=True)
    url = models.CharField(_("lien"), max_length=300, blank=True)
    created_at = models.DateTimeField(_("le"), default=timezone.now)
    read_at = models.DateTimeField(_("lue le"), null=True, blank=True)
    # How the person wanted it when it was stored: digests pick theirs up by this.
    email_mode = models.CharField(_("courriel"), max_length=10, choices=Mode.choices)
    delivery = models.ForeignKey(
        EmailDelivery, on_delete=models.SET_NULL, null=True, blank=True, related_name="notices"
    )

    objects = NotificationQuerySet.as_manager()

    class Meta:
        verbose_name = _("notification")
        verbose_name_plural = _("notifications")
        ordering = ["-created_at", "-pk"]
        indexes = [
            # The unread badge: a count over this partial index only.
            models.Index(
                fields=["recipient"], condition=Q(read_at__isnull=True), name="notice_unread_idx"
            ),
            models.Index(fields=["recipient", "-created_at"], name="notice_list_idx"),
            # What the next digest has to pick up.
            models.Index(
                fields=["email_mode", "recipient"],
                condition=Q(delivery__isnull=True),
                name="notice_digest_idx",
            ),
        ]

    def __str__(self) -> str:
        return self.subject

    @property
    def is_unread(self) -> bool:
        return self.read_at is None


class NotificationPreference(models.Model):
    """A person's choice for one kind; without a row, the kind's default applies."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notification_preferences"
    )
    kind = models.CharField(_("type"), max_length=40, choices=kind_choices)
    mode = models.CharField(_("courriels"), max_length=10, choices=Mode.choices)
    updated_at = models.DateTimeField(_("modifiée le"), default=timezone.now)

    class Meta:
        verbose_name = _("préférence de notification")
        verbose_name_plural = _("préférences de notification")
        constraints = [
            models.UniqueConstraint(fields=["user", "kind"], name="one_preference_per_kind"),
        ]

    def __str__(self) -> str:
        return f"{self.user} — {self.kind} — {self.mode}"

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class Announcement(models.Model):
    """A one-way message to a college's members (facilitators) or to all members (staff)."""

    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    # Empty: every member of the club.
    college = models.ForeignKey(
        "colleges.College",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="announcements",
        verbose_name=_("collège"),
    )
    title = models.CharField(_("titre"), max_length=200)
    body = models.TextField(_("message"), max_length=10000)
    created_at = models.DateTimeField(_("publiée le"), default=timezone.now)
    recipient_count = models.PositiveIntegerField(_("destinataires"), default=0)

    class Meta:
        # The table was made by the notifications app, before announcements moved to the roof.
        db_table = "notifications_announcement"
        verbose_name = _("annonce")
        verbose_name_plural = _("annonces")
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("announcements:detail", args=[self.pk])


class Newsletter(models.Model):
    """A periodic letter built from what the site published since the previous one."""

    title = models.CharField(_("titre"), max_length=200)
    introduction = models.TextField(_("introduction"), blank=True, max_length=4000)
    body = models.TextField(_("contenu"))
    # What the letter announced, as links inside the site: [{"key": "pages" | "whitepapers" |
    # "decisions", "entries": [{"title": …, "url": "/…"}]}]. The web page renders these (the
    # e-mail's text, `body`, carries absolute addresses for mail clients).
    sections = models.JSONField(_("rubriques"), default=list, blank=True)
    since = models.DateTimeField(_("nouveautés depuis le"))
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    sent_at = models.DateTimeField(_("envoyée le"), default=timezone.now)
    recipient_count = models.PositiveIntegerField(_("destinataires"), default=0)

    class Meta:
        db_table = "notifications_newsletter"
        verbose_name = _("lettre d'information")
        verbose_name_plural = _("lettres d'information")
        ordering = ["-sent_at", "-pk"]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("announcements:newsletter_detail", args=[self.pk])

"""One row per form sent with a one-time token, so that sending it again changes nothing."""

from django.conf import settings
from django.db import models
from django.utils import timezone


class Submission(models.Model):
    # The unique token is what makes a double click or a replayed POST harmless: the second
    # insert waits for the first transaction, then fails, and gets the first one's answer.
    token = models.UUIDField(unique=True)
    # Personal data: who sent the form (erased with the account).
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    path = models.CharField(max_length=500)
    # Where the first request sent the browser; the replay is sent there too.
    location = models.CharField(max_length=2000)
    created_at = models.DateTimeField(default=timezone.now, db_index=True)

    class Meta:
        verbose_name = "envoi de formulaire"
        verbose_name_plural = "envois de formulaires"

    def __str__(self) -> str:
        return f"{self.path} ({self.created_at:%Y-%m-%d %H:%M})"

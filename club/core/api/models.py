"""Personal access tokens for the API.

Only the SHA-256 of a token is stored: the secret is shown once, when it is made. `prefix` (the
first characters, not enough to guess the rest) lets people recognise a token in their list.

Personal data (GDPR): `user`, `name`, the dates of use (see club/core/api/personal_data.py).
"""

import hashlib
import secrets

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

TOKEN_PREFIX = "ccp_"
PREFIX_LENGTH = len(TOKEN_PREFIX) + 8


def hash_secret(secret: str) -> str:
    return hashlib.sha256(secret.encode()).hexdigest()


def new_secret() -> str:
    return TOKEN_PREFIX + secrets.token_urlsafe(32)


class AccessTokenQuerySet(models.QuerySet):
    def usable(self):
        """Tokens that authenticate: not revoked, not expired, their owner active."""
        now = timezone.now()
        return self.filter(revoked_at__isnull=True, user__is_active=True).filter(
            models.Q(expires_at__isnull=True) | models.Q(expires_at__gt=now)
        )


class AccessToken(models.Model):
    class Scope(models.TextChoices):
        READ = "read", _("Lecture seule")
        WRITE = "write", _("Lecture et écriture")

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="access_tokens",
        verbose_name=_("titulaire"),
    )
    name = models.CharField(_("nom"), max_length=100)
    scope = models.CharField(_("portée"), max_length=10, choices=Scope.choices, default=Scope.READ)
    prefix = models.CharField(_("début du jeton"), max_length=PREFIX_LENGTH)
    token_hash = models.CharField(_("empreinte"), max_length=64, unique=True, editable=False)
    created_at = models.DateTimeField(_("créé le"), default=timezone.now)
    last_used_at = models.DateTimeField(_("dernière utilisation"), null=True, blank=True)
    expires_at = models.DateTimeField(_("expire le"), null=True, blank=True)
    revoked_at = models.DateTimeField(_("révoqué le"), null=True, blank=True)
    # Made by a session that had verified a second factor: only such a token may exercise the
    # powers of its owner's role (club/core/api/auth.py).
    made_with_second_factor = models.BooleanField(
        _("créé avec la double authentification"), default=False, editable=False
    )

    objects = AccessTokenQuerySet.as_manager()

    class Meta:
        verbose_name = _("jeton d'accès à l'API")
        verbose_name_plural = _("jetons d'accès à l'API")
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return f"{self.name} ({self.prefix}…)"

    @property
    def is_revoked(self) -> bool:
        return self.revoked_at is not None

    @property
    def is_expired(self) -> bool:
        return self.expires_at is not None and self.expires_at <= timezone.now()

    @property
    def is_active(self) -> bool:
        return not (self.is_revoked or self.is_expired)

    @property
    def can_write(self) -> bool:
        return self.scope == self.Scope.WRITE


class IdempotentRequest(models.Model):
    """A POST sent with an `Idempotency-Key` and the answer it got, kept 24 hours: the same key
    and body again get this answer back and change nothing (club/core/api/idempotency.py).

    Personal data (GDPR): `user` and the answer's body, erased with the account, gone after a day.
    """

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    key = models.CharField(max_length=255)
    # SHA-256 of the method, path, query and body: another request under the same key is refused.
    fingerprint = models.CharField(max_length=64)
    # 0 while the first request runs.
    status = models.PositiveSmallIntegerField(default=0)
    content_type = models.CharField(max_length=100, blank=True)
    location = models.CharField(max_length=300, blank=True)
    body = models.TextField(blank=True)
    created_at = models.DateTimeField(default=timezone.now, db_index=True)

    class Meta:
        verbose_name = _("requête idempotente de l'API")
        verbose_name_plural = _("requêtes idempotentes de l'API")
        constraints = [
            models.UniqueConstraint(fields=["user", "key"], name="one_answer_per_idempotency_key")
        ]

    def __str__(self) -> str:
        return f"{self.key} ({self.status or '…'})"

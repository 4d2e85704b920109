"""The audit log: an append-only, hash-chained record of who did what to what, and why.

Each entry's `hash` is an HMAC-SHA256, under `settings.AUDIT_LOG_KEY` (not in the database),
of its canonical JSON (`AuditEntry.payload()`) followed by the previous entry's hash, so
changing or removing any entry breaks every hash after it and nobody without the key can
recompute them (club/core/audit/chain.py). The table refuses UPDATE and DELETE in the database
itself (club/core/audit/append_only.py), and `verify_audit_log --anchor` compares the log with
the head it recorded outside the database at its previous run, which catches a cut-off tail.
Entries are written only by `club.core.audit.services.record`.

Personal data: an entry keeps the author's and the target's labels as they were (a name, for
people), and is never rewritten, even by an erasure under the GDPR: the log is the club's
accountability record (a documented exception, docs/backup.md "Audit log"). Services
therefore put as little personal data in `before`/`after`/`reason` as the act allows.
"""

import datetime
import json

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core.serializers.json import DjangoJSONEncoder
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from club.core.audit.chain import chain_digest


class AppendOnlyError(Exception):
    """Someone tried to change or delete an audit entry through the ORM."""


def canonical_json(value) -> str:
    return json.dumps(
        value, cls=DjangoJSONEncoder, sort_keys=True, separators=(",", ":"), ensure_ascii=False
    )


class AuditEntryQuerySet(models.QuerySet):
    def update(self, **kwargs):
        raise AppendOnlyError("Le journal d'audit ne se modifie pas.")

    def delete(self):
        raise AppendOnlyError("Le journal d'audit ne s'efface pas.")


class AuditEntry(models.Model):
    sequence = models.PositiveBigIntegerField(_("numéro"), unique=True, editable=False)
    # The link may be lost if an account is ever deleted; the label and key stay, and are hashed.
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("auteur"),
    )
    actor_key = models.CharField(_("identifiant de l'auteur"), max_length=64, blank=True)
    actor_label = models.CharField(_("auteur"), max_length=300, blank=True)
    action = models.CharField(_("action"), max_length=100, db_index=True)
    target_type = models.ForeignKey(
        ContentType,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("type de l'objet"),
    )
    # The content type's name ("threads.thread") as it was when the entry was written: the hash
    # covers this text, so a model that later moves to another app leaves old entries valid.
    target_type_label = models.CharField(
        _("type de l'objet à l'écriture"), max_length=200, blank=True, editable=False
    )
    target_id = models.CharField(_("identifiant de l'objet"), max_length=64, blank=True)
    target_label = models.CharField(_("objet"), max_length=300, blank=True)
    before = models.JSONField(_("avant"), null=True, blank=True, encoder=DjangoJSONEncoder)
    after = models.JSONField(_("après"), null=True, blank=True, encoder=DjangoJSONEncoder)
    reason = models.TextField(_("motif"), blank=True)
    created_at = models.DateTimeField(_("le"), default=timezone.now, db_index=True)
    previous_hash = models.CharField(_("empreinte précédente"), max_length=64, blank=True)
    hash = models.CharField(_("empreinte"), max_length=64, unique=True)

    objects = AuditEntryQuerySet.as_manager()

    class Meta:
        verbose_name = _("entrée du journal d'audit")
        verbose_name_plural = _("journal d'audit")
        ordering = ["-sequence"]
        indexes = [models.Index(fields=["target_type", "target_id"])]
        constraints = [
            # Two writers that both chained onto the same entry collide here instead of forking.
            models.UniqueConstraint(fields=["previous_hash"], name="audit_chain_is_linear"),
        ]

    def __str__(self) -> str:
        return f"#{self.sequence} {self.action} — {self.target_label}"

    def save(self, *args, **kwargs):
        if not self._state.adding:
            raise AppendOnlyError("Le journal d'audit ne se modifie pas.")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise AppendOnlyError("Le journal d'audit ne s'efface pas.")

    @property
    def action_label(self) -> str:
        from club.core.audit.labels import action_label

        return action_label(self.action)

    @property
    def target_kind(self) -> str:
        """What kind of object the entry is about, in words ("candidature", "fil")."""
        model = self.target_type.model_class() if self.target_type_id else None
        if model is not None:
            return str(model._meta.verbose_name)
        return self.target_type_label

    def payload(self) -> dict:
        """Everything the hash covers, in JSON types only."""
        created_at = self.created_at.astimezone(datetime.UTC) if self.created_at else None
        return {
            "sequence": self.sequence,
            "actor": self.actor_key,
            "actor_label": self.actor_label,
            "action": self.action,
            "target_type": self.target_type_label,
            "target_id": self.target_id,
            "target_label": self.target_label,
            "before": self.before,
            "after": self.after,
            "reason": self.reason,
            "created_at": created_at.isoformat() if created_at else None,
        }

    def compute_hash(self) -> str:
        return chain_digest(canonical_json(self.payload()), self.previous_hash)

"""The API tokens a person holds, for the GDPR export and erasure (see club/core/gdpr/registry.py)."""

from django.utils.translation import gettext_lazy as _

from club.core.api.models import AccessToken, IdempotentRequest
from club.core.gdpr.registry import register


def _iso(value):
    return value.isoformat() if value else None


def export(user) -> list:
    # Names, scopes and dates only: the stored hash is no use to anybody.
    return [
        {
            "nom": token.name,
            "portee": token.get_scope_display(),
            "debut": token.prefix,
            "cree_le": _iso(token.created_at),
            "derniere_utilisation": _iso(token.last_used_at),
            "expire_le": _iso(token.expires_at),
            "revoque_le": _iso(token.revoked_at),
        }
        for token in AccessToken.objects.filter(user=user).order_by("pk")
    ]


def erase(user) -> None:
    AccessToken.objects.filter(user=user).delete()
    # The answers kept for retries (a day at most) may name the person.
    IdempotentRequest.objects.filter(user=user).delete()


register("api_tokens", label=_("Jetons d'accès à l'API"), exporter=export, eraser=erase, order=900)

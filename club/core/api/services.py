"""Making and revoking personal access tokens. Both leave an audit entry."""

from datetime import datetime

from django.db import transaction
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from club.core.accounts import powers, second_factor
from club.core.accounts.powers import is_staff
from club.core.api.models import PREFIX_LENGTH, AccessToken, hash_secret, new_secret
from club.core.audit.services import record
from club.core.domain import DomainError, ensure

MAX_ACTIVE_TOKENS = 20
WRITE_TOKEN_NEEDS_SECOND_FACTOR = gettext_lazy(
    "Votre rôle donne des pouvoirs sur le club : un jeton « Lecture et écriture » ne se crée "
    "qu'avec la double authentification. Activez-la, puis créez le jeton."
)


@transaction.atomic
def create_token(
    *, user, name: str, scope: str, expires_at: datetime | None = None
) -> tuple[AccessToken, str]:
    """A new token for `user`; returns it with its secret, which is never stored nor shown again."""
    ensure(user and user.is_authenticated and user.is_active, _("Compte inactif."))
    name = (name or "").strip()
    ensure(name, _("Donnez un nom au jeton, par exemple le logiciel qui l'utilisera."))
    ensure(scope in AccessToken.Scope.values, _("Choisissez une portée : lecture ou écriture."))
    ensure(
        expires_at is None or expires_at > timezone.now(),
        _("La date d'expiration doit être dans le futur."),
    )
    ensure(
        AccessToken.objects.filter(user=user).usable().count() < MAX_ACTIVE_TOKENS,
        _("Vous avez déjà %(max)s jetons actifs : révoquez-en un avant d'en créer un autre.")
        % {"max": MAX_ACTIVE_TOKENS},
    )
    # A write token acts with its owner's powers: a person who holds one makes it only from a
    # session that verified a second factor (a command or the demo seeding is trusted).
    verified = second_factor.verified_for(user)
    refused = (
        scope == AccessToken.Scope.WRITE
        and not verified
        and second_factor.in_request_of(user)
        and powers.holds_powers(user)
    )
    if refused:
        second_factor.withhold("api_token")
        raise DomainError(WRITE_TOKEN_NEEDS_SECOND_FACTOR, code="forbidden")
    secret = new_secret()
    token = AccessToken(
        user=user,
        name=name,
        scope=scope,
        prefix=secret[:PREFIX_LENGTH],
        token_hash=hash_secret(secret),
        expires_at=expires_at,
        made_with_second_factor=verified,
    )
    token.full_clean()
    token.save()
    record(
        actor=user,
        action="api_token.created",
        target=token,
        after={"scope": scope, "expires_at": expires_at},
    )
    return token, secret


@transaction.atomic
def revoke_token(*, token: AccessToken, actor) -> AccessToken:
    """Stop a token from working. Only its holder (or staff) may; revoking twice is harmless."""
    ensure(
        actor is not None and (actor.pk == token.user_id or is_staff(actor)),
        _("Ce jeton ne vous appartient pas."),
        code="forbidden",
    )
    locked = AccessToken.objects.select_for_update().get(pk=token.pk)
    if locked.revoked_at is None:
        locked.revoked_at = timezone.now()
        locked.save(update_fields=["revoked_at"])
        record(actor=actor, action="api_token.revoked", target=locked, after={"revoked": True})
    token.refresh_from_db()
    return token


def refusal_of(secret: str) -> tuple[str, str] | None:
    """Why a token that exists no longer opens anything (RFC 6750 `invalid_token`): a sentence
    for the person and a short ASCII reason for the header; None for a secret never issued."""
    if not secret or not secret.startswith("ccp_") or len(secret) > 200:
        return None
    token = (
        AccessToken.objects.select_related("user").filter(token_hash=hash_secret(secret)).first()
    )
    if token is None:
        return None
    if token.is_revoked:
        return _("Ce jeton a été révoqué : créez-en un autre sur votre page de compte."), "revoked"
    if token.is_expired:
        return (
            _("Ce jeton a expiré le %(date)s : créez-en un autre sur votre page de compte.")
            % {"date": date_format(timezone.localtime(token.expires_at), "DATE_FORMAT")},
            "expired",
        )
    return _("Le compte de ce jeton est désactivé ou supprimé."), "account closed"


def authenticate_secret(secret: str) -> AccessToken | None:
    """The usable token this secret opens, or None. Touches `last_used_at` once a minute at most."""
    if not secret or not secret.startswith("ccp_") or len(secret) > 200:
        return None
    token = (
        AccessToken.objects.usable()
        .select_related("user")
        .filter(token_hash=hash_secret(secret))
        .first()
    )
    if token is None or token.user.is_erased:
        return None
    now = timezone.now()
    if token.last_used_at is None or (now - token.last_used_at).total_seconds() > 60:
        AccessToken.objects.filter(pk=token.pk).update(last_used_at=now)
        token.last_used_at = now
    return token

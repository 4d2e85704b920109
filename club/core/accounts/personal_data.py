"""The account's personal data, for the GDPR export and erasure (see club/core/gdpr/registry.py)."""

import uuid

from allauth.account.models import EmailAddress
from allauth.mfa.models import Authenticator
from django.utils.translation import gettext_lazy as _

from club.core.accounts import guard
from club.core.accounts.models import ERASED_EMAIL_DOMAIN
from club.core.gdpr.registry import register


def _iso(value):
    return value.isoformat() if value else None


def export(user) -> dict:
    return {
        "adresse_electronique": user.email,
        "prenom": user.first_name,
        "nom": user.last_name,
        "inscrit_le": _iso(user.date_joined),
        "derniere_connexion": _iso(user.last_login),
        "equipe_du_club": user.is_staff,
        "adresses_electroniques": [
            {"adresse": address.email, "verifiee": address.verified, "principale": address.primary}
            for address in EmailAddress.objects.filter(user=user).order_by("pk")
        ],
        # The type and dates only: secrets and recovery codes never leave the server.
        "double_authentification": [
            {
                "type": authenticator.get_type_display(),
                "creee_le": _iso(authenticator.created_at),
                "derniere_utilisation": _iso(authenticator.last_used_at),
            }
            for authenticator in Authenticator.objects.filter(user=user).order_by("pk")
        ],
    }


def erase(user) -> None:
    # Recent wrong passwords typed for this address (kept a few minutes, under a keyed hash).
    guard.forget_account(login=user.email)
    EmailAddress.objects.filter(user=user).delete()
    Authenticator.objects.filter(user=user).delete()
    user.email = f"{uuid.uuid4().hex}@{ERASED_EMAIL_DOMAIN}"
    user.first_name = ""
    user.last_name = ""
    user.is_active = False
    user.is_staff = False
    user.is_superuser = False
    user.last_login = None
    user.set_unusable_password()
    user.save()
    user.groups.clear()
    user.user_permissions.clear()


# Last: other erasers may still need the person's address or name to find copies of it.
register("accounts", label=_("Compte"), exporter=export, eraser=erase, order=1000)

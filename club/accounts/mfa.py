"""Two-factor authentication, mandatory for people who hold powers (staff, facilitators, delegates)."""

from allauth.mfa.models import Authenticator
from allauth.mfa.utils import is_mfa_enabled


def has_mfa(user) -> bool:
    """Whether the person signs in with a second factor (TOTP app or security key)."""
    if not (user and user.is_authenticated):
        return False
    return is_mfa_enabled(user, [Authenticator.Type.TOTP, Authenticator.Type.WEBAUTHN])

"""Two-factor authentication, mandatory for people who hold powers (staff, facilitators, delegates)."""

from functools import wraps

from allauth.mfa.models import Authenticator
from allauth.mfa.utils import is_mfa_enabled
from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from club.core.accounts import powers


def has_mfa(user) -> bool:
    """Whether the person signs in with a second factor (TOTP app or security key)."""
    if not (user and user.is_authenticated):
        return False
    return is_mfa_enabled(user, [Authenticator.Type.TOTP, Authenticator.Type.WEBAUTHN])


MFA_REQUIRED_MESSAGE = _(
    "Votre rôle donne des pouvoirs sur le club : activez d'abord la double authentification "
    "(application d'authentification), puis revenez à cette page."
)


def holds_powers(user) -> bool:
    """Staff, facilitators, delegates and IPM participants: the people `mfa_required` serves.

    The apps that hand out powers say who holds them (club/core/accounts/powers.py)."""
    return powers.holds_powers(user)


def mfa_required(view_func):
    """Let people with powers act only once they sign in with a second factor.

    Put it on the views that exercise a power (validate, moderate, escalate...). Anonymous
    visitors are sent to the login page; people who hold no power at all are refused (403);
    a person with powers but without a second factor is sent to the
    set-up page with an explanation (shown on the password check allauth asks first); after
    activation allauth shows the recovery codes, and the message tells the person to come back.
    """

    @wraps(view_func)
    def wrapper(request, *args, **kwargs):
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        if not has_mfa(request.user):
            if not holds_powers(request.user):
                # Setting up a second factor would not give this person the power: refuse now
                # rather than send them through the set-up with a message about their "role".
                raise PermissionDenied
            messages.warning(request, MFA_REQUIRED_MESSAGE)
            return redirect_to_login(request.get_full_path(), reverse("mfa_activate_totp"), "next")
        return view_func(request, *args, **kwargs)

    return wrapper

"""The back offices (Wagtail /cms/, Django admin) are reached only with a second factor."""

import time

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from club.core.accounts.mfa import has_mfa

STAFF_MFA_MESSAGE = _(
    "L'administration du club exige la double authentification : activez une application "
    "d'authentification pour y accéder."
)


class StaffMfaMiddleware:
    """Send back-office visitors through allauth's login, and staff without 2FA to its set-up.

    The back offices' own login forms would skip allauth's second-factor step, so their login
    pages redirect to ours (or refuse people already signed in who lack access). A signed-in staff member without a second factor is sent to the
    TOTP set-up, with a message telling them to come back once it is active.
    """

    def __init__(self, get_response):
        self.get_response = get_response
        self.prefixes = tuple(getattr(settings, "MFA_REQUIRED_PATH_PREFIXES", ()))
        self.login_paths = tuple(prefix + "login/" for prefix in self.prefixes)
        # Wagtail's front-end login (for private pages) signs people in with a password only:
        # a staff member's stolen password would reach the back offices without the second
        # factor. Every login goes through allauth, which asks for it.
        self.foreign_login_paths = tuple(getattr(settings, "MFA_FOREIGN_LOGIN_PATHS", ()))

    def __call__(self, request):
        path = request.path
        if self.foreign_login_paths and path.startswith(self.foreign_login_paths):
            next_url = request.GET.get("next") or "/"
            return redirect_to_login(next_url, reverse("account_login"), "next")
        if self.prefixes and path.startswith(self.prefixes):
            user = request.user
            if path.startswith(self.login_paths):
                if user.is_authenticated:
                    # Signed in yet sent to log in: the back office refuses this person.
                    # Its own form would let them sign in as someone else without 2FA.
                    raise PermissionDenied
                next_url = request.GET.get("next") or path.removesuffix("login/")
                return redirect_to_login(next_url, reverse("account_login"), "next")
            # Whoever may enter the CMS (staff, or a whitepaper drafter given Wagtail access).
            has_powers = user.is_authenticated and (
                user.is_staff or user.is_superuser or user.has_perm("wagtailadmin.access_admin")
            )
            if has_powers and not has_mfa(user):
                messages.warning(request, STAFF_MFA_MESSAGE)
                return redirect_to_login(
                    request.get_full_path(), reverse("mfa_activate_totp"), "next"
                )
        return self.get_response(request)


# --- Idle sessions of people with back-office access ------------------------------------------

LAST_SEEN_KEY = "club_last_seen"
BACK_OFFICE_KEY = "club_back_office"
# Refreshing the time stamp at most once a minute spares a session write on every request.
LAST_SEEN_RESOLUTION = 60

IDLE_MESSAGE = _(
    "Par sécurité, votre session a expiré après %(minutes)d minutes d'inactivité : "
    "reconnectez-vous pour continuer."
)


def has_back_office_access(user) -> bool:
    return bool(user and user.is_authenticated and (user.is_staff or user.is_superuser))


def start_idle_clock(sender, request, user, **kwargs) -> None:
    """At sign-in, staff sessions get their first time stamp (connected in AccountsConfig)."""
    if request is not None and hasattr(request, "session") and has_back_office_access(user):
        request.session[BACK_OFFICE_KEY] = True
        request.session[LAST_SEEN_KEY] = int(time.time())


class IdleSessionTimeoutMiddleware:
    """Sign out people with back-office access after `STAFF_SESSION_IDLE_SECONDS` idle.

    Staff, and anyone who has entered a back office (a drafter with Wagtail access), hold
    powers a forgotten open session would hand to the next person at the keyboard. Other
    members keep Django's usual session length.
    """

    def __init__(self, get_response):
        self.get_response = get_response
        self.prefixes = tuple(getattr(settings, "MFA_REQUIRED_PATH_PREFIXES", ()))

    def __call__(self, request):
        user = getattr(request, "user", None)
        timeout = getattr(settings, "STAFF_SESSION_IDLE_SECONDS", 0)
        if timeout and user is not None and user.is_authenticated:
            session = request.session
            if not session.get(BACK_OFFICE_KEY) and (
                has_back_office_access(user)
                or (self.prefixes and request.path.startswith(self.prefixes))
            ):
                session[BACK_OFFICE_KEY] = True
            if session.get(BACK_OFFICE_KEY):
                now = int(time.time())
                last_seen = session.get(LAST_SEEN_KEY)
                if last_seen is not None and now - last_seen > timeout:
                    logout(request)
                    messages.warning(request, IDLE_MESSAGE % {"minutes": timeout // 60})
                    return redirect_to_login(request.get_full_path())
                if last_seen is None or now - last_seen >= LAST_SEEN_RESOLUTION:
                    session[LAST_SEEN_KEY] = now
        return self.get_response(request)

"""The back offices (Wagtail /cms/, Django admin) are reached only with a second factor."""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from club.accounts.mfa import has_mfa

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

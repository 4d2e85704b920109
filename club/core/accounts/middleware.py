"""Powers and the back offices (Wagtail /cms/, Django admin) need a verified second factor."""

import time

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext_lazy as _

from club.core.accounts import second_factor
from club.core.accounts.second_factor import has_mfa, session_verified

MFA_REQUIRED_MESSAGE = _(
    "Votre rôle donne des pouvoirs sur le club : activez d'abord la double authentification "
    "(application d'authentification), puis revenez à cette page."
)
MFA_CONFIRM_MESSAGE = _(
    "Votre rôle donne des pouvoirs sur le club : confirmez d'abord votre double "
    "authentification (code de votre application), puis revenez à cette page."
)
FORM_KEPT_MESSAGE = _(
    "Ce que vous aviez saisi est gardé : une fois la double authentification faite, vous "
    "pourrez l'envoyer à nouveau."
)
STAFF_MFA_MESSAGE = _(
    "L'administration du club exige la double authentification : activez une application "
    "d'authentification pour y accéder."
)

# Where the person goes back after enrolling (and the form they were sending, if any).
PENDING_RETURN = "club_after_second_factor"
# Fields of a refused form that are not kept: the CSRF token and the one-time submission token
# are made afresh when the form is sent again. Files cannot be kept.
NOT_KEPT = {"csrfmiddlewaretoken", "submission_token"}
KEPT_FORM_MAX_CHARS = 64_000


def second_factor_page(user) -> str:
    """Enrol one when the person has none; otherwise confirm it in this session."""
    return reverse("mfa_reauthenticate" if has_mfa(user) else "mfa_activate_totp")


def keep_return(request) -> bool:
    """Remember where to come back, and the form being sent; True when a form was kept."""
    entry = {"path": request.get_full_path(), "data": []}
    if request.method == "POST" and request.content_type in (
        "application/x-www-form-urlencoded",
        "multipart/form-data",
    ):
        data = [
            [key, value]
            for key, values in request.POST.lists()
            if key not in NOT_KEPT
            for value in values
        ]
        if sum(len(key) + len(value) for key, value in data) <= KEPT_FORM_MAX_CHARS:
            entry["data"] = data
    request.session[PENDING_RETURN] = entry
    return bool(entry["data"])


def enrolment_redirect(request, message=None):
    """Send a person whose power was withheld to enrol (or confirm) a second factor."""
    user = request.user
    kept = keep_return(request)
    if message is None:
        message = MFA_CONFIRM_MESSAGE if has_mfa(user) else MFA_REQUIRED_MESSAGE
    messages.warning(request, message)
    if kept:
        messages.info(request, FORM_KEPT_MESSAGE)
    next_url = reverse("account_resume") if kept else request.get_full_path()
    return redirect_to_login(next_url, second_factor_page(user), "next")


def pending_return(request) -> dict | None:
    entry = request.session.get(PENDING_RETURN)
    if not isinstance(entry, dict) or not url_has_allowed_host_and_scheme(
        entry.get("path") or "", allowed_hosts={request.get_host()}
    ):
        return None
    return entry


class SecondFactorMiddleware:
    """Every request runs as its person (`second_factor.acting`), so the rules gate their powers.

    A page or an operation refused (403 or 404) because a power was withheld for lack of a
    verified second factor answers instead with the way to get one: the set-up page (or the
    confirmation, for a person who has one) with a message, the form being sent kept for
    afterwards; the API's problem details say the same with a 403.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        with second_factor.acting(lambda: request.user, lambda: session_verified(request)) as state:
            response = self.get_response(request)
            if response.status_code in (403, 404) and state.withheld:
                response = self.withheld(request, response)
        return response

    def withheld(self, request, response):
        from club.core.api.errors import PROBLEM_CONTENT_TYPE, problem_response

        if response.get("Content-Type", "").startswith(PROBLEM_CONTENT_TYPE):
            message = MFA_CONFIRM_MESSAGE if has_mfa(request.user) else MFA_REQUIRED_MESSAGE
            if getattr(request, "api_token", None) is not None:
                message = API_TOKEN_MESSAGE
            return problem_response(403, str(message))
        if not request.user.is_authenticated:
            return response
        return enrolment_redirect(request)


API_TOKEN_MESSAGE = _(
    "Ce jeton ne peut pas exercer les pouvoirs de votre rôle : activez la double "
    "authentification sur votre compte, puis créez un nouveau jeton « Lecture et écriture » "
    "depuis une session où vous l'avez faite."
)


class SecondFactorWebsocketMiddleware:
    """The same for live connections: a consumer's rules gate the powers of its person."""

    def __init__(self, inner):
        self.inner = inner

    async def __call__(self, scope, receive, send):
        user = scope.get("user")
        session = scope.get("session")

        def verified() -> bool:
            return second_factor.session_proved_second_factor(session) and has_mfa(user)

        # The question is asked from the consumer's database threads, which copy this context.
        with second_factor.acting(lambda: user, verified):
            return await self.inner(scope, receive, send)


class StaffMfaMiddleware:
    """Send back-office visitors through allauth's login, and staff without 2FA to its set-up.

    The back offices' own login forms would skip allauth's second-factor step, so their login
    pages redirect to ours (or refuse people already signed in who lack access). A signed-in
    person with back-office access whose session has not verified a second factor is sent to
    the set-up (or the confirmation), with a message telling them to come back once it is done.
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
            if has_powers and not session_verified(request):
                return enrolment_redirect(request, STAFF_MFA_MESSAGE)
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

"""Who is calling: a personal access token, the site's session, or nobody.

Three sets of callbacks, one per kind of endpoint:
- `PUBLIC`: reads open to anybody (a token or a session still identify the caller);
- `MEMBER`: reads that need to know who asks;
- `WRITE`: acts; a read-only token gets 403, a session must send its CSRF token.
A token that is sent but unknown, expired or revoked is refused (401), never ignored.
"""

from django.conf import settings
from django.contrib.auth.models import AnonymousUser
from django.utils.translation import gettext as _
from ninja.errors import AuthenticationError
from ninja.security import HttpBearer
from ninja.security.apikey import APIKeyCookie
from ninja.utils import check_csrf

from club.core.accounts import second_factor
from club.core.api.errors import ApiProblem, InvalidToken
from club.core.api.services import authenticate_secret, refusal_of


class TokenAuth(HttpBearer):
    """`Authorization: Bearer ccp_…`, a personal access token made on the account page."""

    def __init__(self, *, write: bool = False) -> None:
        self.write = write
        super().__init__()

    def __call__(self, request):
        header = request.headers.get(self.header, "")
        if header and not header.lower().startswith("bearer "):
            raise AuthenticationError()
        return super().__call__(request)

    def authenticate(self, request, token: str):
        access = authenticate_secret(token.strip())
        if access is None:
            refused = refusal_of(token.strip())
            if refused is None:
                raise AuthenticationError()
            raise InvalidToken(*refused)
        if self.write and not access.can_write:
            raise ApiProblem(
                403,
                _(
                    "Ce jeton est en lecture seule : créez un jeton « Lecture et écriture » "
                    "sur votre page de compte pour agir par l'API."
                ),
            )
        request.user = access.user
        request.api_token = access
        # The rules now gate the token owner's powers: a token exercises them only when its
        # owner has a second factor and it was made by a session that had verified one.
        state = second_factor.current()
        if state is not None:
            state.become(access.user, lambda: token_may_exercise_powers(access))
        return access.user


def token_may_exercise_powers(access) -> bool:
    return access.made_with_second_factor and second_factor.has_mfa(access.user)


class SessionAuth(APIKeyCookie):
    """The browser's session on the site; unsafe methods need the CSRF token."""

    param_name: str = settings.SESSION_COOKIE_NAME

    def _get_key(self, request):
        return request.COOKIES.get(self.param_name)

    def authenticate(self, request, key):
        user = getattr(request, "user", None)
        if not (user and user.is_authenticated):
            return None
        if self.csrf and check_csrf(request):
            raise ApiProblem(
                403,
                _(
                    "Vérification CSRF échouée : avec la session du site, envoyez l'en-tête "
                    "X-CSRFToken (ou utilisez un jeton d'accès)."
                ),
            )
        request.api_token = None
        return user


class _Anonymous:
    """Lets a public read through without credentials."""

    def __call__(self, request):
        request.api_token = None
        return AnonymousUser()  # truthy: the operation runs


ANONYMOUS = _Anonymous()
PUBLIC = [TokenAuth(), SessionAuth(csrf=False), ANONYMOUS]
MEMBER = [TokenAuth(), SessionAuth(csrf=False)]
WRITE = [TokenAuth(write=True), SessionAuth(csrf=True)]


def caller(request):
    """The person calling (AnonymousUser for public reads without credentials)."""
    return request.user if getattr(request, "user", None) is not None else AnonymousUser()


def require(condition, detail: str | None = None, *, status: int = 403) -> None:
    """Refuse unless the named rule holds: 403 by default, 404 to hide that something exists."""
    if not condition:
        if status == 404:
            raise ApiProblem(404, _("Cette ressource n'existe pas ou ne vous est pas visible."))
        raise ApiProblem(status, detail or _("Vous n'avez pas le droit de faire cela."))

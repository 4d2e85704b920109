"""Powers need a verified second factor: the one place that decides it.

Every power a role grants beyond a member's (announcing, moderating, validating, opening ballots,
the IPM, the back offices...) comes from a *role predicate*: `is_staff`, `is_facilitator`,
`is_delegate`, `is_ipm_participant`... Each is wrapped in `powers.power(key)`, which asks
`exercisable(user, key)` here once the role is held. So the rules every layer asks (views,
templates, the API, services, consumers) refuse a power to a session that has not verified a
second factor, and no view can forget it: a new rule built from a role predicate inherits it.

What "verified" means depends on who is acting:
- a browser session (and the API called with it): the person has a second factor (TOTP or a
  security key) and this session proved it, by signing in through allauth's second-factor step
  (allauth asks it of everyone who has one), by confirming it since, or by enrolling it here;
- an API token: its owner has a second factor, and the token was made by a session that had
  verified one (club/core/api/auth.py);
- no request at all (a management command, the demo seeding, a scheduled task, a test calling
  a service): the code is trusted, as it is to call services at all.

Only the acting person's powers are gated: rules asked about someone else (who may moderate
this college, to notify them) answer as usual.

A power refused this way is *withheld*, not denied: the request remembers it, and the answer is
turned into the way to enrol (club/core/accounts/middleware.py for pages, the API's problem
details for operations) instead of a bare 403.
"""

from collections.abc import Callable
from contextlib import contextmanager
from contextvars import ContextVar

from allauth.account.internal.flows.login import AUTHENTICATION_METHODS_SESSION_KEY
from allauth.mfa.models import Authenticator
from allauth.mfa.utils import is_mfa_enabled

# Set at sign-in (True when the person already had a second factor: allauth asked for it) and
# when a second factor is enrolled or confirmed in the session.
SESSION_FLAG = "club_second_factor"


def has_mfa(user) -> bool:
    """Whether the person has a second factor (TOTP app or security key), whatever the session."""
    if not (user and user.is_authenticated):
        return False
    return is_mfa_enabled(user, [Authenticator.Type.TOTP, Authenticator.Type.WEBAUTHN])


def session_proved_second_factor(session) -> bool:
    if session is None:
        return False
    if session.get(SESSION_FLAG):
        return True
    records = session.get(AUTHENTICATION_METHODS_SESSION_KEY)
    return isinstance(records, list) and any(
        isinstance(record, dict) and record.get("method") == "mfa" for record in records
    )


def session_verified(request) -> bool:
    """Whether this browser session has verified the signed-in person's second factor."""
    user = getattr(request, "user", None)
    if not (user and user.is_authenticated):
        return False
    return session_proved_second_factor(getattr(request, "session", None)) and has_mfa(user)


class Acting:
    """Who acts in the current request or connection, and whether they verified a second factor.

    Both are resolved lazily: most requests never ask a role predicate a question that the
    person's role answers with yes, and then no query is spent here.
    """

    def __init__(self, user: Callable[[], object], verified: Callable[[], bool]) -> None:
        self._user = user
        self._verified = verified
        self._answer: bool | None = None
        self.withheld: list[str] = []

    def become(self, user, verified: Callable[[], bool]) -> None:
        """The API authenticated someone else than the session's person (a token's owner)."""
        self._user = lambda: user
        self._verified = verified
        self._answer = None

    @property
    def user_id(self):
        user = self._user()
        return user.pk if user is not None and user.is_authenticated else None

    @property
    def verified(self) -> bool:
        if self._answer is None:
            self._answer = bool(self._verified())
        return self._answer


_acting: ContextVar[Acting | None] = ContextVar("club_acting", default=None)


@contextmanager
def acting(user: Callable[[], object], verified: Callable[[], bool]):
    """Run a request (or a connection) on behalf of `user`; rules gate their powers."""
    state = Acting(user, verified)
    token = _acting.set(state)
    try:
        yield state
    finally:
        _acting.reset(token)


def current() -> Acting | None:
    return _acting.get()


def exercisable(user, key: str) -> bool:
    """May `user`, who holds the power `key`, exercise it here? Records it when withheld."""
    state = _acting.get()
    if state is None or user is None or getattr(user, "pk", None) is None:
        return True
    if user.pk != state.user_id:
        return True  # a question about someone else
    if state.verified:
        return True
    withhold(key)
    return False


def verified_for(user) -> bool:
    """Whether `user` acts with a verified second factor: the request's answer when the request
    acts as them; elsewhere (a command, the demo) whether they have a second factor at all."""
    state = _acting.get()
    if state is not None and user is not None and user.pk == state.user_id:
        return state.verified
    return has_mfa(user)


def in_request_of(user) -> bool:
    state = _acting.get()
    return state is not None and user is not None and user.pk == state.user_id


def withhold(key: str) -> None:
    """Record that a power was refused for lack of a verified second factor."""
    state = _acting.get()
    if state is not None and key not in state.withheld:
        state.withheld.append(key)


def withheld() -> list[str]:
    """The powers refused in this request for lack of a verified second factor."""
    state = _acting.get()
    return list(state.withheld) if state is not None else []


# --- The session's proof, kept up to date by signals (connected in AccountsConfig) ------------


def _mark(request, user, value: bool) -> None:
    session = getattr(request, "session", None)
    if session is None:
        return
    current_user = getattr(request, "user", None)
    if current_user is not None and current_user.is_authenticated and current_user.pk != user.pk:
        return
    session[SESSION_FLAG] = value
    state = _acting.get()
    if state is not None:
        state._answer = None


def on_login(sender, request, user, **kwargs) -> None:
    """allauth asks every person who has a second factor for it before signing them in."""
    if request is not None:
        _mark(request, user, has_mfa(user))


def on_second_factor_proved(sender, request=None, user=None, **kwargs) -> None:
    """Enrolling a factor (a code typed from the new app) or using one proves it in this session."""
    if request is not None and user is not None:
        _mark(request, user, True)

"""The login guard: wrong passwords slow and then stop the guesser, never the account's owner.

Failures are counted over a sliding window (`settings.LOGIN_GUARD["window"]` seconds) in the
database, so the guard holds while Redis is down and on every process, and three ways:

- for one account from one address (the pair): after `pair_captcha` failures that address must
  solve the captcha to try that account again; after `pair_block` it may not try it at all;
- for one address, whatever the accounts: `address_captcha`, then `address_block` (spraying
  one password over many accounts);
- for one account, from every address together: `account_captcha` only. A guesser spread over
  many addresses slows down behind the captcha, but can never lock the owner out.

So the owner's correct password from an address that has not failed is never refused: at
most the captcha is asked. allauth's own counter keyed on the e-mail alone (which let anyone
lock anyone) is not used for passwords; it still limits second-factor codes.
"""

import hashlib
import hmac
from dataclasses import dataclass
from datetime import timedelta

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db.models import Count, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from club.core.accounts.models import LoginFailure

DEFAULTS = {
    "window": 15 * 60,
    "pair_captcha": 3,
    "pair_block": 10,
    "address_captcha": 10,
    "address_block": 50,
    "account_captcha": 10,
}

PAIR_BLOCKED = _(
    "Trop d'échecs de connexion à ce compte depuis votre adresse réseau : les connexions à ce "
    "compte sont bloquées depuis votre adresse pendant encore %(wait)s. Le compte lui-même "
    "n'est pas bloqué : depuis un autre réseau, ou après avoir réinitialisé votre mot de "
    "passe, vous pouvez vous connecter."
)
ADDRESS_BLOCKED = _(
    "Trop d'échecs de connexion depuis votre adresse réseau : toutes les connexions depuis "
    "cette adresse sont bloquées pendant encore %(wait)s, quel que soit le compte. Réessayez "
    "plus tard ou depuis un autre réseau."
)
CAPTCHA_HELP = _(
    "Par sécurité, après plusieurs échecs de connexion, cochez la case « Je ne suis pas un "
    "robot », attendez la fin de la vérification, puis saisissez à nouveau votre mot de passe."
)


def rules() -> dict:
    return {**DEFAULTS, **getattr(settings, "LOGIN_GUARD", {})}


def account_key(login: str) -> str:
    """A keyed hash of the e-mail typed: the table never holds the address itself."""
    key = hashlib.sha256(f"{settings.SECRET_KEY}:club.login-guard".encode()).digest()
    return hmac.new(key, login.strip().lower().encode(), hashlib.sha256).hexdigest()


@dataclass(frozen=True)
class Standing:
    pair: int
    address: int
    account: int

    @property
    def blocked(self) -> str:
        """ "pair", "address" or "" (not blocked)."""
        limits = rules()
        if self.pair >= limits["pair_block"]:
            return "pair"
        if self.address >= limits["address_block"]:
            return "address"
        return ""

    @property
    def needs_captcha(self) -> bool:
        limits = rules()
        return (
            self.pair >= limits["pair_captcha"]
            or self.address >= limits["address_captcha"]
            or self.account >= limits["account_captcha"]
        )


def _since():
    return timezone.now() - timedelta(seconds=rules()["window"])


def standing(*, login: str | None, address: str) -> Standing:
    """The failures counted against this attempt, in one query."""
    recent = LoginFailure.objects.filter(at__gte=_since())
    if login is None:  # a blank form: only the address is known
        return Standing(pair=0, account=0, address=recent.filter(address=address).count())
    account = account_key(login)
    counts = recent.filter(Q(account=account) | Q(address=address)).aggregate(
        pair=Count("pk", filter=Q(account=account, address=address)),
        address=Count("pk", filter=Q(address=address)),
        account=Count("pk", filter=Q(account=account)),
    )
    return Standing(**counts)


def _wait(*, login: str, address: str, blocked: str) -> str:
    """How long until the oldest failure that keeps the block goes out of the window."""
    limits = rules()
    failures = LoginFailure.objects.filter(at__gte=_since(), address=address)
    if blocked == "pair":
        failures, threshold = failures.filter(account=account_key(login)), limits["pair_block"]
    else:
        threshold = limits["address_block"]
    times = list(failures.order_by("-at").values_list("at", flat=True)[:threshold])
    seconds = limits["window"]
    if len(times) >= threshold:
        seconds = (times[-1] + timedelta(seconds=limits["window"]) - timezone.now()).total_seconds()
    minutes = max(1, int(seconds + 59) // 60)
    return ngettext("%(count)d minute", "%(count)d minutes", minutes) % {"count": minutes}


def check(*, login: str, address: str) -> Standing:
    """Refuse the attempt, with what is blocked, when its pair or its address is blocked."""
    current = standing(login=login, address=address)
    blocked = current.blocked
    if blocked:
        message = PAIR_BLOCKED if blocked == "pair" else ADDRESS_BLOCKED
        wait = _wait(login=login, address=address, blocked=blocked)
        raise ValidationError(message % {"wait": wait}, code=f"login_blocked_{blocked}")
    return current


def record_failure(*, login: str, address: str) -> None:
    now = timezone.now()
    # Rows older than the window count for nothing: they go as new ones come (index on `at`).
    LoginFailure.objects.filter(at__lt=now - timedelta(seconds=rules()["window"])).delete()
    LoginFailure.objects.create(account=account_key(login), address=address, at=now)


def forget_pair(*, login: str, address: str) -> None:
    """A correct password: this address's earlier slips on this account are forgiven."""
    LoginFailure.objects.filter(account=account_key(login), address=address).delete()


def forget_account(*, login: str) -> None:
    """A password reset (or the account's erasure): nobody's failures on it count any more."""
    LoginFailure.objects.filter(account=account_key(login)).delete()

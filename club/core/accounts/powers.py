"""The powers a role grants beyond a member's: the domain apps name them, the ground floor gates them.

The ground floor (club/core) knows nothing of colleges or the IPM, yet every power over the club
needs a verified second factor (second_factor.py). So each app that hands out powers:

- registers each power with a *holder check* from its `AppConfig.ready()`, to tell who holds it
  (who must enrol a second factor, whom the login page reminds):

      from club.core.accounts.powers import register_power

      register_power("facilitator", holds=is_any_facilitator, label=_("animateur"))

  A check takes a user and answers quickly (one query at most), whatever the session;

- builds its rules on *role predicates* wrapped in `power(key)`:

      @power("facilitator")
      def is_facilitator(user, college) -> bool: ...

  Every rule made from `is_facilitator` (moderating, announcing, opening a ballot...) then holds
  only once the acting session verified a second factor. The permission matrix
  (tests/security/) asks every route as each role without a second factor and checks that
  whatever it needs a role for is withheld.

Staff is the ground floor's own power (`user.is_staff`): `is_staff` below.
"""

from collections.abc import Callable
from dataclasses import dataclass

import rules

from club.core.accounts.second_factor import exercisable


@dataclass(frozen=True)
class Power:
    key: str
    holds: Callable[[object], bool]
    label: str = ""


def _is_staff(user) -> bool:
    return bool(user.is_staff)


_POWERS: dict[str, Power] = {"staff": Power("staff", _is_staff, "staff")}


def register_power(key: str, *, holds: Callable[[object], bool], label: str = "") -> None:
    """Declare a power and how to tell who holds it; registering a key twice replaces it."""
    _POWERS[key] = Power(key, holds, label or key)


def registered_powers() -> list[Power]:
    return list(_POWERS.values())


def powers_of(user) -> list[Power]:
    """The powers this person holds now (none for anonymous visitors)."""
    if not (user and user.is_authenticated):
        return []
    return [power for power in _POWERS.values() if power.holds(user)]


def holds_powers(user) -> bool:
    """Whether the person holds at least one power; stops at the first one found."""
    if not (user and user.is_authenticated):
        return False
    return any(power.holds(user) for power in _POWERS.values())


def power(key: str):
    """Make a role predicate answer yes only when the role may be exercised here.

    Returns a `rules` predicate with the role predicate's name and arguments. The role is asked
    first; only a person who holds it is asked for the second factor, so members spend no query
    on it. A role refused for that reason is remembered by the request
    (`second_factor.withheld()`), which then shows the way to enrol.
    """

    def decorate(predicate) -> rules.Predicate:
        role = predicate if isinstance(predicate, rules.Predicate) else rules.Predicate(predicate)

        def gated(*args) -> bool:
            return bool(role.test(*args)) and exercisable(args[0] if args else None, key)

        gated_predicate = rules.Predicate(gated, name=role.name)
        gated_predicate.power = key
        return gated_predicate

    return decorate


@power("staff")
def is_staff(user) -> bool:
    """The club's team: every staff power (validation, newsletter, back office...) starts here."""
    return bool(user and user.is_authenticated and user.is_staff)

"""Who holds which power beyond a member's: the domain apps say, the ground floor asks.

The ground floor (club/core) knows nothing of colleges or the IPM, yet two-factor authentication
must be demanded of every person who holds a power over the club. So each app that hands out
powers registers one *holder check* from its `AppConfig.ready()`:

    from club.core.accounts.powers import register_power

    register_power("facilitator_or_delegate", holds=holds_privileged_role)

A check takes a user and answers quickly (one query at most). Staff is the ground floor's own
power (`user.is_staff`) and needs no registration.
"""

from collections.abc import Callable
from dataclasses import dataclass


@dataclass(frozen=True)
class Power:
    key: str
    holds: Callable[[object], bool]


def _is_staff(user) -> bool:
    return bool(user.is_staff)


_POWERS: dict[str, Power] = {"staff": Power("staff", _is_staff)}


def register_power(key: str, *, holds: Callable[[object], bool]) -> None:
    """Declare a power and how to tell who holds it; registering a key twice replaces it."""
    _POWERS[key] = Power(key, holds)


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

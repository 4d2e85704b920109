"""Which kinds of event the club tells people about: a registry the apps fill.

The notification engine lives on the ground floor and knows no domain: each app declares the
kinds of notice it sends (`Kind(...)`, beside the code that sends them, in its `notifications.py`)
and registers them from its `AppConfig.ready()` with `register_kinds(...)`.

A kind says how its notices reach people unless they choose otherwise (`default_mode`), whether
its e-mails can be turned off (`can_disable`: only the answer to a person's own application
cannot, it is the reply to something they asked for) and whether people must opt in first
(`opt_in`: the newsletter reaches only those who asked for it, on the site too). `order` sets
its place on the preferences page and in digests' headings.
"""

from dataclasses import dataclass

from django.db import models
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _


class Mode(models.TextChoices):
    IMMEDIATE = "immediate", _("Un courriel à chaque fois")
    DAILY = "daily", _("Un résumé par jour")
    WEEKLY = "weekly", _("Un résumé par semaine")
    NEVER = "never", _("Aucun courriel (sur le site seulement)")


DIGEST_MODES = (Mode.DAILY, Mode.WEEKLY)


@dataclass(frozen=True)
class Kind:
    key: str
    label: str | Promise
    description: str | Promise
    default_mode: str = Mode.IMMEDIATE
    can_disable: bool = True
    opt_in: bool = False
    order: int = 1000


# Every registered kind, by key, in `order`. Filled once at start-up (AppConfig.ready).
KINDS: dict[str, Kind] = {}


def register_kinds(*kinds: Kind) -> None:
    """Declare kinds of notice; a key registered twice must describe the same kind."""
    for kind in kinds:
        known = KINDS.get(kind.key)
        if known is not None and known != kind:
            raise ValueError(f"Notification kind {kind.key!r} is declared twice.")
        KINDS[kind.key] = kind
    ordered = sorted(KINDS.values(), key=lambda kind: (kind.order, kind.key))
    KINDS.clear()
    KINDS.update((kind.key, kind) for kind in ordered)


def kind_choices() -> list[tuple[str, str | Promise]]:
    """The model fields' choices, read when they are used: the apps register after models load."""
    return [(kind.key, kind.label) for kind in KINDS.values()]


def get_kind(key: str) -> Kind:
    return KINDS[key]

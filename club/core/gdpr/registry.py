"""Where every app declares the personal data it holds, for the GDPR export and erasure.

Each app that stores something about a person registers one *section* in a module named
`personal_data.py` at the root of the app (it is imported automatically when Django starts, see
`GdprConfig.ready`). A section has:

- an **exporter**: `exporter(user) -> dict | list`, JSON-serialisable (dates as ISO strings),
  with everything the app holds about that person and nothing about anybody else;
- an **eraser**: `eraser(user) -> None`, which anonymises or unlinks that data. It runs inside the
  erasure's single transaction, so it must not catch database errors: any failure rolls the
  whole erasure back. Rows that matter to others (posts, votes, memberships counted in past
  headcounts) stay, stripped of what identifies the person.

Example, for the app that will hold posts and votes (`votes/personal_data.py`)::

    from club.core.gdpr.registry import register
    from votes.models import Ballot, VoteCast

    def export(user):
        return {
            "participations": [
                {"scrutin": cast.ballot.title, "le": cast.cast_at.isoformat()}
                for cast in VoteCast.objects.filter(voter=user).select_related("ballot")
            ]
        }

    def erase(user):
        # The vote stays counted; only the link to the person goes.
        VoteCast.objects.filter(voter=user).update(voter=None)

    register("votes", label="Votes", exporter=export, eraser=erase, order=40)

Posts keep their author link: once erased, a person displays as "Membre supprimé" everywhere
(`User.is_erased`), so posts stay readable in their thread under a neutral name. An app whose
posts carry a copied author name should blank it in its eraser.

`order` sets the position of the section in the export and the order erasers run: the accounts
section (order 1000) runs last, so other erasers still see the person's original e-mail or name
if they need it to find copies.
"""

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.utils.functional import Promise


@dataclass(frozen=True)
class Section:
    name: str
    label: str | Promise
    exporter: Callable[[Any], Any]
    eraser: Callable[[Any], None] | None = None
    order: int = 100


_sections: dict[str, Section] = {}


def register(
    name: str,
    *,
    label: str | Promise,
    exporter: Callable[[Any], Any],
    eraser: Callable[[Any], None] | None = None,
    order: int = 100,
) -> Section:
    """Declare the personal data an app holds. Registering the same name twice replaces it."""
    section = Section(name=name, label=label, exporter=exporter, eraser=eraser, order=order)
    _sections[name] = section
    return section


def unregister(name: str) -> None:
    _sections.pop(name, None)


def sections() -> list[Section]:
    return sorted(_sections.values(), key=lambda section: (section.order, section.name))


def autodiscover() -> None:
    """Import each installed app's `personal_data` module, where it registers its section."""
    from django.utils.module_loading import autodiscover_modules

    autodiscover_modules("personal_data")

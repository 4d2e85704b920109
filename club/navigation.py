"""The site's menus, declared once. An entry whose page does not exist yet is left out."""

from dataclasses import dataclass

from django.urls import NoReverseMatch, reverse
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _


@dataclass(frozen=True)
class NavEntry:
    label: str | Promise
    url_name: str
    icon: str = ""


MAIN_NAV = [
    NavEntry(_("Collèges"), "colleges:index"),
    NavEntry(_("Demandes d'évolution"), "proposals:board"),
    NavEntry(_("Votes"), "votes:index"),
    NavEntry(_("Cycles IPM"), "proposals:cycles"),
    NavEntry(_("Livres blancs"), "whitepapers:index"),
    NavEntry(_("Actualités"), "pages:news"),
    NavEntry(_("Tableaux de bord"), "dashboards:public"),
]

ACCOUNT_NAV = [
    NavEntry(_("Mon espace"), "colleges:my_space", "fr-icon-account-circle-line"),
    NavEntry(_("Mon compte"), "account_index", "fr-icon-user-setting-line"),
]


def resolve_entries(entries: list[NavEntry], current_path: str) -> list[dict]:
    resolved = []
    for entry in entries:
        try:
            url = reverse(entry.url_name)
        except NoReverseMatch:
            continue
        resolved.append({"label": entry.label, "url": url, "icon": entry.icon, "active": False})
    # Only the most specific entry is current: /demandes/ipm/ is the IPM cycles, not the board.
    matching = [item for item in resolved if current_path.startswith(item["url"])]
    if matching:
        max(matching, key=lambda item: len(item["url"]))["active"] = True
    return resolved

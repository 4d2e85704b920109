"""What each audit action means, in words a person reads.

The log stores stable codes (`application.approved`), which scripts and the integrity check rely
on; people read labels. Each app names its own actions from its `AppConfig.ready()`, so the ground
floor knows no domain app; the ground floor names its own here.
"""

from django.utils.translation import gettext_lazy as _

_LABELS: dict[str, str] = {}


def register_action_labels(labels: dict) -> None:
    _LABELS.update(labels)


def action_label(code: str) -> str:
    """The label of `code`, or the code itself for an action nobody named (never a blank)."""
    return _LABELS.get(code, code)


def known_actions() -> list[tuple[str, str]]:
    """(code, label) of every named action, by label: the choices of the log's filter."""
    return sorted(((code, str(label)) for code, label in _LABELS.items()), key=lambda c: c[1])


register_action_labels(
    {
        "api_token.created": _("Jeton d'API créé"),
        "api_token.revoked": _("Jeton d'API révoqué"),
        "personal_data.erased": _("Données personnelles effacées"),
        "personal_data.exported": _("Données personnelles exportées"),
    }
)

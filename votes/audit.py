"""The ballots' audit actions, in words (club/core/audit/labels.py)."""

from django.utils.translation import gettext_lazy as _

ACTION_LABELS = {
    "ballot.opened": _("Scrutin ouvert"),
    "ballot.closed": _("Scrutin clos"),
    "election.results_applied": _("Résultat d'élection appliqué"),
}

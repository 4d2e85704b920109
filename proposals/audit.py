"""The change requests' and positions' audit actions, in words (club/core/audit/labels.py)."""

from django.utils.translation import gettext_lazy as _

ACTION_LABELS = {
    "request.merged": _("Demande fusionnée dans une autre"),
    "request.escalated": _("Demande portée à l'IPM"),
    "request.instruction_started": _("Instruction de la demande commencée"),
    "request.planned": _("Demande planifiée dans une version"),
    "request.pilot_started": _("Pilote de la demande commencé"),
    "request.delivered": _("Demande livrée"),
    "request.arbitrated_accept": _("Demande acceptée par l'IPM"),
    "request.arbitrated_reject": _("Demande refusée par l'IPM"),
    "request.arbitrated_postpone": _("Demande reportée par l'IPM"),
    "position.put_to_vote": _("Position soumise au vote"),
    "position.adopted": _("Position adoptée"),
    "position.not_adopted": _("Position non adoptée"),
    "position.escalate": _("Position portée à l'IPM"),
}

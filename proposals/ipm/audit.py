"""The IPM's audit actions, in words (club/core/audit/labels.py)."""

from django.utils.translation import gettext_lazy as _

ACTION_LABELS = {
    "ipm_cycle.created": _("Cycle IPM ouvert"),
    "ipm_cycle.moved": _("Cycle IPM passé à une autre phase"),
    "ipm_position.escalated": _("Position inscrite à un cycle IPM"),
    "ipm_item.instructed": _("Point IPM instruit"),
    "ipm_session.scheduled": _("Séance plénière programmée"),
    "ipm_session.minuted": _("Compte rendu de séance publié"),
    "ipm_decision.recorded": _("Décision IPM enregistrée"),
    "ipm_group.convened": _("Groupe de travail réuni"),
    "ipm_meeting.minuted": _("Compte rendu de réunion publié"),
    "ipm_participant.registered": _("Participant IPM inscrit"),
    "ipm_participant.ended": _("Fin de participation à l'IPM"),
    "ipm_pilot.opened": _("Appel à pilotes ouvert"),
    "ipm_pilot.selected": _("Pilote retenu"),
    "ipm_pilot.unselected": _("Pilote écarté"),
    "ipm_pilot.started": _("Pilote commencé"),
    "ipm_pilot.closed": _("Pilote clos"),
}

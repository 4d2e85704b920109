"""The colleges' audit actions, in words (club/core/audit/labels.py)."""

from django.utils.translation import gettext_lazy as _

ACTION_LABELS = {
    "application.approved": _("Candidature acceptée"),
    "application.rejected": _("Candidature refusée"),
    "application.info_requested": _("Complément demandé au candidat"),
    "application.moved": _("Candidature transférée vers un autre collège"),
    "charter.published": _("Charte publiée"),
    "charter.amended": _("Charte modifiée"),
    "membership.suspended": _("Adhésion suspendue"),
    "membership.reinstated": _("Adhésion rétablie"),
    "facilitatorrole.appointed": _("Animateur nommé"),
    "facilitatorrole.ended": _("Fin de mission d'un animateur"),
    "delegatemandate.appointed": _("Délégué nommé"),
    "delegatemandate.ended": _("Fin de mandat d'un délégué"),
    "delegatemandate.replaced": _("Délégué remplacé"),
}

"""What applicants are told about their application, through the club's notifications.

`notify` stores the notice with the decision and sends the e-mail once the transaction commits,
so nobody is told about a decision that was rolled back. The same decision is shown in the
applicant's space (`colleges:my_space`).
"""

from django.conf import settings
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from club.core.notifications.kinds import Kind
from club.core.notifications.services import notify
from colleges.models import ApplicationDecision

APPLICATION_DECIDED = "application_decided"

# The kinds of notice sent here, registered by `CollegesConfig.ready` (club/core/notifications/kinds.py).
NOTICE_KINDS = (
    Kind(
        APPLICATION_DECIDED,
        gettext_lazy("Décision sur ma candidature"),
        gettext_lazy("L'équipe du club accepte, refuse, transfère ou complète votre candidature."),
        can_disable=False,
        order=10,
    ),
)

Action = ApplicationDecision.Action


def _subject(decision: ApplicationDecision) -> str:
    college = decision.application.college
    return {
        Action.APPROVED: _("Bienvenue dans le collège « %(college)s »"),
        Action.REJECTED: _("Votre candidature au collège « %(college)s » n'a pas été retenue"),
        Action.INFO_REQUESTED: _(
            "Votre candidature au collège « %(college)s » : complément demandé"
        ),
        Action.MOVED: _("Votre candidature a été transférée au collège « %(college)s »"),
    }[decision.action] % {"college": college}


def _body(decision: ApplicationDecision) -> str:
    application = decision.application
    person = application.applicant
    college = application.college
    lines = [_("Bonjour %(name)s,") % {"name": person.get_full_name() or person.email}, ""]
    if decision.action == Action.APPROVED:
        lines.append(
            _(
                "L'équipe du Club Chorus Pro a accepté votre candidature : vous êtes désormais "
                "membre du collège « %(college)s » et de la plénière."
            )
            % {"college": college}
        )
    elif decision.action == Action.REJECTED:
        lines.append(
            _(
                "L'équipe du Club Chorus Pro n'a pas retenu votre candidature au collège « %(college)s »."
            )
            % {"college": college}
        )
    elif decision.action == Action.INFO_REQUESTED:
        lines.append(
            _(
                "L'équipe du Club Chorus Pro a besoin d'informations complémentaires pour étudier "
                "votre candidature au collège « %(college)s ». Complétez-la depuis votre espace."
            )
            % {"college": college}
        )
    elif decision.action == Action.MOVED:
        lines.append(
            _(
                "L'équipe du Club Chorus Pro a transféré votre candidature du collège "
                "« %(from)s » vers le collège « %(college)s », qui correspond mieux à votre activité. "
                "Pour qu'elle soit étudiée, acceptez la charte d'usage de ce collège et complétez "
                "les informations qu'il demande, depuis votre espace."
            )
            % {"from": decision.from_college, "college": college}
        )
    if decision.reason:
        lines += ["", _("Motif :"), decision.reason]
    lines += [
        "",
        _("Retrouvez vos candidatures et vos collèges dans votre espace."),
    ]
    return "\n".join(lines)


def application_decided(decision: ApplicationDecision) -> None:
    """Tell the applicant about one staff decision on their application."""
    # French is the club's language; the message does not depend on who clicked.
    with translation.override(settings.LANGUAGE_CODE):
        notify(
            [decision.application.applicant_id],
            APPLICATION_DECIDED,
            subject=_subject(decision),
            body=_body(decision),
            url=reverse("colleges:my_space"),
        )

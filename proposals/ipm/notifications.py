"""Who hears of the IPM's steps, through the club's notifications.

Cycles, agendas and decisions are public; the notices go to the people they concern: the
members of the college whose position is carried or decided, and for pilot calls every member
who may volunteer (`rules.can_volunteer`: an active member of any college).
"""

from django.conf import settings
from django.urls import reverse
from django.utils import translation
from django.utils.text import Truncator
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from club.core.notifications.kinds import Kind, Mode
from club.core.notifications.services import notify
from colleges.selectors import members_of_any_college, readers_of
from proposals.ipm.models import AgendaItem, Decision, PilotCall
from proposals.models import Follow

ITEM_ESCALATED = "item_escalated"
IPM_DECISION = "ipm_decision"
PILOT_CALL = "pilot_call"

# The kinds of notice sent here, registered by `IpmConfig.ready` (club/core/notifications/kinds.py).
NOTICE_KINDS = (
    Kind(
        ITEM_ESCALATED,
        gettext_lazy("Position portée à l'IPM"),
        gettext_lazy(
            "Une position de votre collège est inscrite à l'ordre du jour d'un cycle IPM."
        ),
        default_mode=Mode.DAILY,
        order=80,
    ),
    Kind(
        IPM_DECISION,
        gettext_lazy("Décision de l'IPM"),
        gettext_lazy("L'IPM décide d'un point porté par votre collège."),
        order=90,
    ),
    Kind(
        PILOT_CALL,
        gettext_lazy("Appel à pilotes"),
        gettext_lazy(
            "Une évolution acceptée cherche des membres pour la tester en avant-première."
        ),
        default_mode=Mode.WEEKLY,
        order=100,
    ),
)


def item_escalated(item: AgendaItem, *, actor) -> None:
    with translation.override(settings.LANGUAGE_CODE):
        notify(
            readers_of(item.college, staff=False).values_list("pk", flat=True),
            ITEM_ESCALATED,
            subject=_("La position « %(title)s » est portée au %(cycle)s de l'IPM")
            % {"title": item.title, "cycle": item.cycle.label},
            body=_(
                "Les délégués de votre collège « %(college)s » l'ont inscrite à l'ordre du jour."
            )
            % {"college": item.college},
            url=item.get_absolute_url(),
            actor=actor,
        )


def decision_recorded(decision: Decision, *, actor) -> None:
    """The college's members hear of it; followers of its requests already do, by their status."""
    item = decision.item
    followers = Follow.objects.filter(request__in=item.position.requests.all()).values("user_id")
    with translation.override(settings.LANGUAGE_CODE):
        notify(
            readers_of(item.college, staff=False)
            .exclude(pk__in=followers)
            .values_list("pk", flat=True),
            IPM_DECISION,
            subject=_("Décision de l'IPM sur « %(title)s » : %(outcome)s")
            % {"title": item.title, "outcome": decision.get_outcome_display()},
            body=_("Motifs : %(reasons)s") % {"reasons": Truncator(decision.reasons).chars(600)},
            url=item.get_absolute_url(),
            actor=actor,
        )


def pilot_call_opened(call: PilotCall, *, actor) -> None:
    with translation.override(settings.LANGUAGE_CODE):
        notify(
            members_of_any_college().values_list("pk", flat=True),
            PILOT_CALL,
            subject=_("Appel à pilotes : « %(title)s »") % {"title": call.item.title},
            body=Truncator(call.description).chars(600),
            url=reverse("proposals:ipm_pilot", args=[call.pk]),
            actor=actor,
        )

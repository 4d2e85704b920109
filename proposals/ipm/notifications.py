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

from club.core.notifications import kinds
from club.core.notifications.services import notify
from colleges.selectors import members_of_any_college, readers_of
from proposals.ipm.models import AgendaItem, Decision, PilotCall
from proposals.models import Follow


def item_escalated(item: AgendaItem, *, actor) -> None:
    with translation.override(settings.LANGUAGE_CODE):
        notify(
            readers_of(item.college, staff=False).values_list("pk", flat=True),
            kinds.ITEM_ESCALATED,
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
            kinds.IPM_DECISION,
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
            kinds.PILOT_CALL,
            subject=_("Appel à pilotes : « %(title)s »") % {"title": call.item.title},
            body=Truncator(call.description).chars(600),
            url=reverse("proposals:ipm_pilot", args=[call.pk]),
            actor=actor,
        )

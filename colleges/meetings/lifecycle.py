"""The lifecycle of a meeting, as a table (`club.core.lifecycle`).

    scheduled ──open_registration──▶ open ──hold──▶ held ──publish_minutes──▶ published
    scheduled|open ──cancel──▶ cancelled
    scheduled|open ──edit──▶ (same state; SEQUENCE + 1)
    open ──register / unregister──▶ (same state)
    held ──hold──▶ (attendance recorded again)

« Complet » is not a state: it is derived from the counts (`Meeting.is_full`); past the
capacity, a registration goes on the waiting list. The facilitator of the college (second
factor) or staff runs the meeting; members register. Steps are written to the audit log by
`services.py` (who, when, why, before and after).
"""

from django.utils.translation import gettext_lazy as _

from club.core.lifecycle import Lifecycle, register, step
from colleges.meetings import rules
from colleges.meetings.models import Meeting

Status = Meeting.Status
facilitator = rules.can_facilitate_meeting
member = rules.may_register

MEETINGS = register(
    Lifecycle(
        "meeting",
        model=Meeting,
        transitions=(
            step(
                "open_registration",
                {Status.SCHEDULED},
                Status.OPEN,
                facilitator,
                _("ouvrir les inscriptions"),
            ),
            step("edit", {Status.SCHEDULED, Status.OPEN}, None, facilitator, _("modifier")),
            step(
                "cancel",
                {Status.SCHEDULED, Status.OPEN},
                Status.CANCELLED,
                facilitator,
                _("annuler"),
            ),
            step(
                "register",
                {Status.OPEN},
                None,
                member,
                _("s'inscrire"),
                refusal=_(
                    "Les inscriptions à cette réunion ne sont pas ouvertes (« %(status)s »)."
                ),
            ),
            step(
                "unregister",
                {Status.SCHEDULED, Status.OPEN},
                None,
                rules.is_signed_in,
                _("se désinscrire"),
            ),
            step(
                "hold",
                {Status.SCHEDULED, Status.OPEN, Status.HELD},
                Status.HELD,
                facilitator,
                _("relever les présences"),
            ),
            step(
                "publish_minutes",
                {Status.HELD},
                Status.PUBLISHED,
                facilitator,
                _("publier le compte rendu"),
            ),
        ),
        refusal=_("Cette réunion est « %(status)s » : impossible de %(action)s."),
    )
)

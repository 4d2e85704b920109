"""The lifecycles of change requests and positions, as tables (`club.core.lifecycle`).

draft ──submit──▶ submitted ──open_discussion──▶ under_discussion
submitted | under_discussion ──put_in_vote (a position is put to vote)──▶ in_vote
in_vote ──adopt──▶ adopted            in_vote ──not_adopt──▶ not_adopted ──reopen──▶ under_discussion
adopted | postponed ──escalate (cycle N)──▶ escalated ──start_instruction──▶ under_instruction
under_instruction ──accept | reject | postpone──▶ accepted | rejected | postponed
accepted ──plan──▶ planned ──start_pilot──▶ in_pilot ──deliver──▶ delivered (planned may deliver too)
draft | submitted | under_discussion ──withdraw──▶ withdrawn
submitted | under_discussion ──merge──▶ merged (into a surviving request)
support: an act, not a move, open while the club and the IPM still work on the request.

Position: draft ──put_to_vote──▶ in_vote ──adopt | not_adopt──▶ adopted | not_adopted;
an adopted position may be escalated to an IPM cycle (an act: the position stays adopted).

Each transition names its permission (`proposals.rules`, about the person); the table holds the
state. `services.py` has one function per transition, all going through `Lifecycle.perform`.
"""

from django.utils.translation import gettext_lazy as _

from club.core.audit.services import record
from club.core.lifecycle import Lifecycle, register, step
from proposals import rules
from proposals.models import (
    SUPPORTABLE_STATUSES,
    ChangeRequest,
    ChangeRequestEvent,
    Position,
    Status,
)

author = rules.is_author
facilitator = rules.can_moderate_request
carrier = rules.can_carry_request

REQUEST_TRANSITIONS = (
    step("submit", {Status.DRAFT}, Status.SUBMITTED, author, _("déposer")),
    step(
        "open_discussion",
        {Status.SUBMITTED},
        Status.UNDER_DISCUSSION,
        facilitator,
        _("ouvrir la discussion"),
    ),
    step(
        "put_in_vote",
        {Status.SUBMITTED, Status.UNDER_DISCUSSION},
        Status.IN_VOTE,
        facilitator,
        _("soumettre au vote dans une position"),
    ),
    # A ballot's close records the college's vote: the system may adopt, or not.
    step("adopt", {Status.IN_VOTE}, Status.ADOPTED, facilitator, _("adopter"), by_system=True),
    step(
        "not_adopt",
        {Status.IN_VOTE},
        Status.NOT_ADOPTED,
        facilitator,
        _("ne pas adopter"),
        by_system=True,
    ),
    step(
        "reopen",
        {Status.NOT_ADOPTED},
        Status.UNDER_DISCUSSION,
        facilitator,
        _("rouvrir la discussion"),
    ),
    step(
        "escalate",
        {Status.ADOPTED, Status.POSTPONED},
        Status.ESCALATED,
        carrier,
        _("porter au cycle IPM"),
    ),
    step(
        "start_instruction",
        {Status.ESCALATED},
        Status.UNDER_INSTRUCTION,
        carrier,
        _("mettre en instruction"),
    ),
    step("accept", {Status.UNDER_INSTRUCTION}, Status.ACCEPTED, carrier, _("arbitrer : accepter")),
    step("reject", {Status.UNDER_INSTRUCTION}, Status.REJECTED, carrier, _("arbitrer : rejeter")),
    step(
        "postpone", {Status.UNDER_INSTRUCTION}, Status.POSTPONED, carrier, _("arbitrer : reporter")
    ),
    step("plan", {Status.ACCEPTED}, Status.PLANNED, carrier, _("planifier dans une version")),
    step("start_pilot", {Status.PLANNED}, Status.IN_PILOT, carrier, _("ouvrir un pilote")),
    step("deliver", {Status.PLANNED, Status.IN_PILOT}, Status.DELIVERED, carrier, _("livrer")),
    step(
        "withdraw",
        {Status.DRAFT, Status.SUBMITTED, Status.UNDER_DISCUSSION},
        Status.WITHDRAWN,
        author,
        _("retirer"),
    ),
    step(
        "merge",
        {Status.SUBMITTED, Status.UNDER_DISCUSSION},
        Status.MERGED,
        facilitator,
        _("fusionner dans une autre demande"),
    ),
    step(
        "support",
        SUPPORTABLE_STATUSES,
        None,
        rules.is_member_of_request_college & ~rules.is_author,
        _("soutenir"),
    ),
)


def _request_history(request, *, transition, from_state, actor, reason, details):
    return ChangeRequestEvent.objects.create(
        request=request,
        transition=transition.name,
        from_status=from_state,
        to_status=transition.target or from_state,
        actor=actor,
        reason=reason,
        details=details,
        created_at=request.status_changed_at,
    )


REQUESTS = register(
    Lifecycle(
        "change_request",
        model=ChangeRequest,
        transitions=REQUEST_TRANSITIONS,
        history=_request_history,
        refusal=_("Cette demande est « %(status)s » : impossible de %(action)s."),
    )
)
# Kept for the tests and templates that list transitions by name.
TRANSITIONS = {name: t for name, t in REQUESTS.transitions.items() if t.moves}

# Steps facilitators take from the request page, and steps delegates (or staff) record.
FACILITATOR_STEPS = ("open_discussion", "reopen")
IPM_STEPS = (
    "escalate",
    "start_instruction",
    "accept",
    "reject",
    "postpone",
    "plan",
    "start_pilot",
    "deliver",
)

# The main road, for the "where does it stand" stepper.
MAIN_ROAD = (
    Status.SUBMITTED,
    Status.UNDER_DISCUSSION,
    Status.IN_VOTE,
    Status.ADOPTED,
    Status.ESCALATED,
    Status.UNDER_INSTRUCTION,
    Status.ACCEPTED,
    Status.PLANNED,
    Status.DELIVERED,
)


# ---------------------------------------------------------------------------------------------
# Positions

PositionStatus = Position.Status
position_facilitator = rules.can_build_position_of


def _position_history(position, *, transition, from_state, actor, reason, details):
    """A position's steps go to the append-only audit log: who, when, why, from which state."""
    action = {
        "put_to_vote": "position.put_to_vote",
        "adopt": "position.adopted",
        "not_adopt": "position.not_adopted",
    }.get(transition.name, f"position.{transition.name}")
    return record(
        actor=actor,
        action=action,
        target=position,
        before={"status": from_state},
        after={"status": transition.target or from_state, **details},
        reason=reason,
    )


POSITIONS = register(
    Lifecycle(
        "position",
        model=Position,
        transitions=(
            step(
                "put_to_vote",
                {PositionStatus.DRAFT},
                PositionStatus.IN_VOTE,
                position_facilitator,
                _("soumettre au vote"),
                refusal=_(
                    "Cette position est « %(status)s » : elle ne peut plus être soumise au vote."
                ),
            ),
            step(
                "adopt",
                {PositionStatus.IN_VOTE},
                PositionStatus.ADOPTED,
                position_facilitator,
                _("enregistrer son adoption"),
                by_system=True,
                refusal=_("Cette position est « %(status)s » : aucun vote n'est en cours."),
            ),
            step(
                "not_adopt",
                {PositionStatus.IN_VOTE},
                PositionStatus.NOT_ADOPTED,
                position_facilitator,
                _("enregistrer son rejet"),
                by_system=True,
                refusal=_("Cette position est « %(status)s » : aucun vote n'est en cours."),
            ),
            step(
                "escalate",
                {PositionStatus.ADOPTED},
                None,
                rules.is_delegate_of_position_college,
                _("porter à l'IPM"),
            ),
        ),
        history=_position_history,
        refusal=_("Cette position est « %(status)s » : impossible de %(action)s."),
    )
)

"""The change request lifecycle, as a table. `services.py` has one function per transition.

draft ──submit──▶ submitted ──open_discussion──▶ under_discussion
submitted | under_discussion ──put_in_vote (a position is put to vote)──▶ in_vote
in_vote ──adopt──▶ adopted            in_vote ──not_adopt──▶ not_adopted ──reopen──▶ under_discussion
adopted | postponed ──escalate (cycle N)──▶ escalated ──start_instruction──▶ under_instruction
under_instruction ──accept | reject | postpone──▶ accepted | rejected | postponed
accepted ──plan──▶ planned ──start_pilot──▶ in_pilot ──deliver──▶ delivered (planned may deliver too)
draft | submitted | under_discussion ──withdraw──▶ withdrawn
submitted | under_discussion ──merge──▶ merged (into a surviving request)
"""

from dataclasses import dataclass

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from proposals.models import Status


@dataclass(frozen=True)
class Transition:
    name: str
    sources: frozenset
    target: str
    label: str | Promise


def _t(name, sources, target, label) -> Transition:
    return Transition(name, frozenset(sources), target, label)


TRANSITIONS: dict[str, Transition] = {
    t.name: t
    for t in (
        _t("submit", {Status.DRAFT}, Status.SUBMITTED, _("déposer")),
        _t(
            "open_discussion",
            {Status.SUBMITTED},
            Status.UNDER_DISCUSSION,
            _("ouvrir la discussion"),
        ),
        _t(
            "put_in_vote",
            {Status.SUBMITTED, Status.UNDER_DISCUSSION},
            Status.IN_VOTE,
            _("soumettre au vote dans une position"),
        ),
        _t("adopt", {Status.IN_VOTE}, Status.ADOPTED, _("adopter")),
        _t("not_adopt", {Status.IN_VOTE}, Status.NOT_ADOPTED, _("ne pas adopter")),
        _t("reopen", {Status.NOT_ADOPTED}, Status.UNDER_DISCUSSION, _("rouvrir la discussion")),
        _t(
            "escalate",
            {Status.ADOPTED, Status.POSTPONED},
            Status.ESCALATED,
            _("porter au cycle IPM"),
        ),
        _t(
            "start_instruction",
            {Status.ESCALATED},
            Status.UNDER_INSTRUCTION,
            _("mettre en instruction"),
        ),
        _t("accept", {Status.UNDER_INSTRUCTION}, Status.ACCEPTED, _("arbitrer : accepter")),
        _t("reject", {Status.UNDER_INSTRUCTION}, Status.REJECTED, _("arbitrer : rejeter")),
        _t("postpone", {Status.UNDER_INSTRUCTION}, Status.POSTPONED, _("arbitrer : reporter")),
        _t("plan", {Status.ACCEPTED}, Status.PLANNED, _("planifier dans une version")),
        _t("start_pilot", {Status.PLANNED}, Status.IN_PILOT, _("ouvrir un pilote")),
        _t("deliver", {Status.PLANNED, Status.IN_PILOT}, Status.DELIVERED, _("livrer")),
        _t(
            "withdraw",
            {Status.DRAFT, Status.SUBMITTED, Status.UNDER_DISCUSSION},
            Status.WITHDRAWN,
            _("retirer"),
        ),
        _t(
            "merge",
            {Status.SUBMITTED, Status.UNDER_DISCUSSION},
            Status.MERGED,
            _("fusionner dans une autre demande"),
        ),
    )
}

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


def allowed_from(status: str) -> list[Transition]:
    return [t for t in TRANSITIONS.values() if status in t.sources]


def is_allowed(name: str, status: str) -> bool:
    transition = TRANSITIONS.get(name)
    return transition is not None and status in transition.sources

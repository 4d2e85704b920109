"""Every act on IPM cycles, one transaction each, with history, audit entry and notices.

Change requests move only through `proposals.services` (escalate, start_instruction, arbitrate,
plan_release, start_pilot, deliver), which writes their history and tells their followers.
"""

from collections.abc import Iterable, Sequence
from datetime import date, datetime

from django.db import IntegrityError, transaction
from django.db.models import Q, Sum
from django.utils import timezone
from django.utils.translation import gettext as _

from club.core.audit.services import record
from club.core.domain import DomainError, ensure
from club.core.notifications.services import one_act
from colleges import rules as college_rules
from proposals import services as proposal_services
from proposals.ipm import notifications, rules
from proposals.ipm.lifecycle import CYCLES, ITEMS, cycle_move_to
from proposals.ipm.models import (
    AgendaItem,
    Analysis,
    Argument,
    Cycle,
    CycleTransition,
    Decision,
    IpmParticipant,
    Meeting,
    MeetingDocument,
    Outcome,
    Phase,
    PilotCall,
    PilotFeedback,
    PilotVolunteer,
    PlenarySession,
    WorkingGroup,
    WorkingGroupMember,
)
from proposals.lifecycle import POSITIONS
from proposals.models import ChangeRequest, Follow, Position, Status
from votes.models import Participation

FORBIDDEN = "forbidden"


def _staff(actor) -> None:
    ensure(
        college_rules.is_staff(actor), _("Seule l'équipe du club peut faire cela."), code=FORBIDDEN
    )


# ---------------------------------------------------------------------------------------------
# Cycles and their phases


PHASE_DATE_FIELD = {
    Phase.INSTRUCTION: "instruction_starts_on",
    Phase.ARBITRATION: "arbitration_starts_on",
    Phase.CLOSED: "closes_on",
}


@transaction.atomic
def create_cycle(*, number: int, collection_starts_on: date, actor, description: str = "") -> Cycle:
    """Open a numbered cycle for collection; the database allows one collecting cycle at a time."""
    _staff(actor)
    ensure(not Cycle.objects.filter(number=number).exists(), _("Ce numéro de cycle existe déjà."))
    ensure(
        not Cycle.objects.filter(phase=Phase.COLLECTION).exists(),
        _("Un autre cycle collecte déjà les demandes : passez-le d'abord en instruction."),
        code="collection_taken",
    )
    cycle = Cycle(number=number, collection_starts_on=collection_starts_on, description=description)
    cycle.full_clean(validate_constraints=False)
    try:
        with transaction.atomic():
            cycle.save()
    except IntegrityError as error:
        raise DomainError(
            _("Un autre cycle collecte déjà les demandes."), code="collection_taken"
        ) from error
    CycleTransition.objects.create(
        cycle=cycle, from_phase="", to_phase=Phase.COLLECTION, actor=actor
    )
    record(actor=actor, action="ipm_cycle.created", target=cycle, after={"number": number})
    return cycle


def _requests_of(item: AgendaItem, statuses: Iterable[str]) -> list[ChangeRequest]:
    return list(item.position.requests.filter(status__in=list(statuses)).order_by("pk"))


@transaction.atomic
def move_cycle(
    *, cycle: Cycle, to_phase: str, actor, reason: str = "", on: date | None = None
) -> Cycle:
    """Move a cycle to its next phase; entering instruction puts its requests in instruction."""
    _staff(actor)
    locked = Cycle.objects.select_for_update().get(pk=cycle.pk)
    name = cycle_move_to(to_phase)
    ensure(
        name is not None and CYCLES.allows(name, locked.phase),
        _("Le cycle est en phase « %(phase)s » : il ne peut pas passer en « %(to)s ».")
        % {"phase": locked.get_phase_display(), "to": Phase(to_phase).label},
        code="invalid_transition",
    )
    if to_phase == Phase.CLOSED:
        undecided = locked.items.filter(decisions__isnull=True).count()
        ensure(
            undecided == 0,
            _("%(n)s point(s) de l'ordre du jour attendent encore une décision.")
            % {"n": undecided},
        )
    from_phase = locked.phase
    CYCLES.perform(
        locked,
        name,
        actor=actor,
        reason=reason,
        phase_changed_at=timezone.now(),
        **{PHASE_DATE_FIELD[to_phase]: on or timezone.localdate()},
    )
    if to_phase == Phase.INSTRUCTION:
        for item in locked.items.select_related("position"):
            for request in _requests_of(item, [Status.ESCALATED]):
                proposal_services.start_instruction(
                    request,
                    actor,
                    _("Le %(cycle)s passe en instruction.") % {"cycle": locked.label},
                )
    record(
        actor=actor,
        action="ipm_cycle.moved",
        target=locked,
        before={"phase": from_phase},
        after={"phase": to_phase},
        reason=reason,
    )
    cycle.refresh_from_db()
    return cycle


# ---------------------------------------------------------------------------------------------
# IPM participants without a college


@transaction.atomic
def register_participant(*, user, organisation: str, role: str, actor) -> IpmParticipant:
    _staff(actor)
    ensure(organisation.strip(), _("Indiquez l'organisation représentée."))
    participant, _created = IpmParticipant.objects.update_or_create(
        user=user, defaults={"organisation": organisation.strip(), "role": role, "is_active": True}
    )
    participant.full_clean()
    record(
        actor=actor,
        action="ipm_participant.registered",
        target=participant,
        after={"organisation": participant.organisation, "role": role},
    )
    return participant


# ---------------------------------------------------------------------------------------------
# Escalation


def _vote_result(position: Position) -> str:
    label = position.ballot_label or _("vote du collège")
    return f"{label} — {position.get_status_display()}"


def _carry(item: AgendaItem, requests: Sequence[ChangeRequest], actor, reason: str) -> None:
    """Put the requests on the item's cycle, and in instruction if the cycle already instructs."""
    for request in requests:
        proposal_services.escalate(request, item.cycle.label, actor, reason)
        if item.cycle.phase != Phase.COLLECTION:
            proposal_services.start_instruction(request, actor, reason)


@transaction.atomic
def escalate_position(*, position: Position, cycle: Cycle, actor, reason: str = "") -> AgendaItem:
    """A college's delegate carries an adopted position, with its requests, to the open cycle."""
    position = Position.objects.select_for_update().select_related("college").get(pk=position.pk)
    ensure(
        POSITIONS.may(actor, position, "escalate"),
        _("Seuls les délégués à l'IPM du collège « %(college)s » peuvent porter cette position.")
        % {"college": position.college},
        code=FORBIDDEN,
    )
    cycle = Cycle.objects.select_for_update().get(pk=cycle.pk)
    ensure(
        cycle.phase == Phase.COLLECTION,
        _("Le %(cycle)s ne collecte plus de demandes (phase « %(phase)s »).")
        % {"cycle": cycle.label, "phase": cycle.get_phase_display()},
        code="cycle_not_open",
    )
    ensure(
        POSITIONS.allows("escalate", position.status),
        _("Seule une position adoptée par le collège peut être portée à l'IPM."),
        code="not_adopted",
    )
    ensure(
        not AgendaItem.objects.filter(position=position, decisions__isnull=True).exists(),
        _("Cette position est déjà à l'ordre du jour d'un cycle."),
        code="already_escalated",
    )
    requests = list(position.requests.filter(status=Status.ADOPTED).order_by("pk"))
    ensure(requests, _("Aucune demande de cette position n'attend d'être portée à l'IPM."))
    item = AgendaItem.objects.create(
        cycle=cycle,
        position=position,
        college=position.college,
        title=position.title,
        vote_result=_vote_result(position)[:300],
        support_total=position.requests.aggregate(total=Sum("support_count"))["total"] or 0,
        escalated_by=actor,
        reason=reason,
    )
    _carry(
        item, requests, actor, reason or _("Position portée au %(cycle)s.") % {"cycle": cycle.label}
    )
    record(
        actor=actor,
        action="ipm_position.escalated",
        target=item,
        after={
            "cycle": cycle.number,
            "position": position.pk,
            "requests": [r.pk for r in requests],
        },
        reason=reason,
    )
    notifications.item_escalated(item, actor=actor)
    return item


# ---------------------------------------------------------------------------------------------
# Instruction


@transaction.atomic
def record_analysis(
    *, item: AgendaItem, actor, feasibility: str, effort: str, impact: str, portal_opinion: str
) -> Analysis:
    item.cycle.refresh_from_db(fields=["phase"])
    ITEMS.check(
        actor,
        item,
        "instruct",
        forbidden=_("Seuls les membres de l'IPM et l'équipe du club instruisent les demandes."),
    )
    before = Analysis.objects.filter(item=item).values("feasibility", "effort").first()
    analysis, _created = Analysis.objects.update_or_create(
        item=item,
        defaults={
            "feasibility": feasibility,
            "effort": effort,
            "impact": impact,
            "portal_opinion": portal_opinion,
            "updated_by": actor,
            "updated_at": timezone.now(),
        },
    )
    analysis.full_clean()
    record(
        actor=actor,
        action="ipm_item.instructed",
        target=item,
        before=before,
        after={"feasibility": feasibility, "effort": effort},
    )
    return analysis


@transaction.atomic
def add_argument(*, item: AgendaItem, actor, body: str) -> Argument:
    item.cycle.refresh_from_db(fields=["phase"])
    ITEMS.check(
        actor,
        item,
        "argue",
        forbidden=_("Seuls les délégués du club ajoutent les arguments des membres."),
    )
    ensure(body.strip(), _("Écrivez l'argument."))
    argument = Argument(item=item, author=actor, body=body.strip())
    argument.full_clean()
    argument.save()
    return argument


# ---------------------------------------------------------------------------------------------
# Working groups


@transaction.atomic
def convene_group(
    *,
    cycle: Cycle,
    topic: str,
    actor,
    description: str = "",
    items: Sequence[AgendaItem] = (),
    members: Sequence[tuple] = (),
) -> WorkingGroup:
    _staff(actor)
    ensure(cycle.phase != Phase.CLOSED, _("Ce cycle est clos."))
    group = WorkingGroup(cycle=cycle, topic=topic, description=description, convened_by=actor)
    group.full_clean()
    group.save()
    group.items.set([i for i in items if i.cycle_id == cycle.pk])
    for user, role in members:
        add_group_member(group=group, user=user, role=role, actor=actor)
    record(actor=actor, action="ipm_group.convened", target=group, after={"topic": topic})
    return group


@transaction.atomic
def add_group_member(*, group: WorkingGroup, user, role: str, actor) -> WorkingGroupMember:
    _staff(actor)
    membership, _created = WorkingGroupMember.objects.get_or_create(
        group=group, user=user, defaults={"role": role}
    )
    return membership


@transaction.atomic
def schedule_meeting(*, group: WorkingGroup, held_at: datetime, agenda: str, actor) -> Meeting:
    _staff(actor)
    meeting = Meeting(group=group, held_at=held_at, agenda=agenda)
    meeting.full_clean()
    meeting.save()
    return meeting


@transaction.atomic
def record_meeting_minutes(*, meeting: Meeting, minutes: str, actor) -> Meeting:
    ensure(
        rules.can_record_minutes(actor),
        _("Seuls les membres de l'IPM et l'équipe du club rédigent les comptes rendus."),
        code=FORBIDDEN,
    )
    ensure(minutes.strip(), _("Le compte rendu est vide."))
    meeting.minutes = minutes.strip()
    meeting.save(update_fields=["minutes"])
    record(actor=actor, action="ipm_meeting.minuted", target=meeting)
    return meeting


@transaction.atomic
def attach_document(*, meeting: Meeting, upload, actor) -> MeetingDocument:
    """`upload` has been checked by `validators.check_document` (it carries its content type)."""
    ensure(
        rules.can_record_minutes(actor),
        _("Seuls les membres de l'IPM et l'équipe du club joignent des documents."),
        code=FORBIDDEN,
    )
    ensure(
        getattr(upload, "checked_content_type", None),
        _("Le document n'a pas été vérifié."),
    )
    return MeetingDocument.objects.create(
        meeting=meeting,
        file=upload,
        content_type=upload.checked_content_type,
        original_name=(upload.name or "")[:200],
        size=upload.size,
        uploaded_by=actor,
    )


# ---------------------------------------------------------------------------------------------
# Plenary sessions and decisions


@transaction.atomic
def schedule_session(
    *, cycle: Cycle, held_at: datetime, actor, location: str = "", items: Sequence[AgendaItem] = ()
) -> PlenarySession:
    _staff(actor)
    ensure(cycle.phase != Phase.CLOSED, _("Ce cycle est clos."))
    session = PlenarySession(cycle=cycle, held_at=held_at, location=location, created_by=actor)
    session.full_clean()
    session.save()
    session.items.set([i for i in items if i.cycle_id == cycle.pk])
    record(actor=actor, action="ipm_session.scheduled", target=session)
    return session


@transaction.atomic
def record_session_minutes(*, session: PlenarySession, minutes: str, actor) -> PlenarySession:
    _staff(actor)
    session.minutes = minutes.strip()
    session.save(update_fields=["minutes"])
    record(actor=actor, action="ipm_session.minuted", target=session)
    return session


def _follow_voters(position: Position, requests: Sequence[ChangeRequest]) -> None:
    """Who voted on the position follows its requests, so the decision reaches them too.

    The ballot is found by college and label (the votes app links no other app's objects);
    only the fact of having voted is used, never a choice.
    """
    labels = [label for label in (position.ballot_label, position.title) if label]
    voter_ids = set(
        Participation.objects.filter(ballot__college_id=position.college_id)
        .filter(Q(ballot__subject_label__in=labels) | Q(ballot__question__in=labels))
        .values_list("elector__user_id", flat=True)
    )
    Follow.objects.bulk_create(
        [Follow(request=r, user_id=u) for r in requests for u in voter_ids], ignore_conflicts=True
    )


ALREADY_DECIDED = _(
    "Une décision est déjà enregistrée pour ce point : elle ne peut l'être deux fois."
)


@transaction.atomic
@one_act()  # a decision that accepts and plans a request tells each follower once
def record_decision(
    *,
    item: AgendaItem,
    session: PlenarySession,
    outcome: str,
    reasons: str,
    actor,
    priority: str = "",
    target_release: str = "",
    postponed_to: Cycle | None = None,
) -> Decision:
    """Record the IPM's decision on one item; its requests move and their followers are told."""
    ensure(
        rules.can_record_decision(actor),
        _("Seule l'équipe du club enregistre les décisions de l'IPM."),
        code=FORBIDDEN,
    )
    item = (
        AgendaItem.objects.select_for_update().select_related("cycle", "position").get(pk=item.pk)
    )
    ensure(session.cycle_id == item.cycle_id, _("Cette séance n'appartient pas au cycle du point."))
    ensure(not item.decisions.exists(), ALREADY_DECIDED, code="already_decided")
    ITEMS.check(actor, item, "decide")
    ensure(outcome in Outcome.values, _("Décision inconnue."))
    ensure(
        reasons.strip(),
        _("Indiquez les motifs de la décision : ils seront communiqués aux membres."),
    )
    target_release = target_release.strip()
    if outcome in (Outcome.ACCEPTED, Outcome.PILOT):
        ensure(priority, _("Indiquez la priorité de l'évolution acceptée."))
    if outcome == Outcome.PILOT:
        ensure(target_release, _("Indiquez la version qui portera le pilote."))
    if outcome == Outcome.POSTPONED:
        ensure(postponed_to is not None, _("Indiquez le cycle auquel le point est reporté."))
        ensure(
            postponed_to.number > item.cycle.number and postponed_to.phase != Phase.CLOSED,
            _("Reportez le point à un cycle suivant, qui n'est pas clos."),
        )
    else:
        postponed_to = None
    try:
        with transaction.atomic():
            decision = Decision.objects.create(
                item=item,
                session=session,
                outcome=outcome,
                priority=priority if outcome in (Outcome.ACCEPTED, Outcome.PILOT) else "",
                target_release=target_release,
                reasons=reasons.strip(),
                postponed_to=postponed_to,
                decided_by=actor,
            )
    except IntegrityError as error:
        raise DomainError(ALREADY_DECIDED, code="already_decided") from error
    session.items.add(item)
    requests = _requests_of(item, [Status.UNDER_INSTRUCTION])
    _follow_voters(item.position, requests)
    reason = reasons.strip()
    for request in requests:
        match outcome:
            case Outcome.ACCEPTED:
                proposal_services.arbitrate(request, "accept", actor, reason, target_release)
            case Outcome.REJECTED:
                proposal_services.arbitrate(request, "reject", actor, reason)
            case Outcome.POSTPONED:
                proposal_services.arbitrate(
                    request,
                    "postpone",
                    actor,
                    _("%(reason)s (reportée au %(cycle)s)")
                    % {"reason": reason, "cycle": postponed_to.label},
                )
            case Outcome.PILOT:
                proposal_services.arbitrate(request, "accept", actor, reason, target_release)
                proposal_services.plan_release(request, target_release, actor)
    if outcome == Outcome.POSTPONED:
        carried = AgendaItem.objects.create(
            cycle=postponed_to,
            position=item.position,
            college=item.college,
            title=item.title,
            vote_result=item.vote_result,
            support_total=item.support_total,
            postponed_from=item,
            escalated_by=actor,
            reason=item.reason,
        )
        _carry(
            carried,
            requests,
            actor,
            _("Reporté depuis le %(cycle)s.") % {"cycle": item.cycle.label},
        )
    record(
        actor=actor,
        action="ipm_decision.recorded",
        target=item,
        after={
            "outcome": outcome,
            "priority": decision.priority,
            "release": target_release,
            "postponed_to": postponed_to.number if postponed_to else None,
        },
        reason=reason,
    )
    notifications.decision_recorded(decision, actor=actor)
    return decision


# ---------------------------------------------------------------------------------------------
# Pilots


@transaction.atomic
def open_pilot_call(*, item: AgendaItem, description: str, actor, seats: int = 5) -> PilotCall:
    _staff(actor)
    decision = item.decisions.first()
    ensure(
        decision is not None and decision.outcome in (Outcome.ACCEPTED, Outcome.PILOT),
        _("Un appel à pilotes suit une évolution acceptée par l'IPM."),
    )
    ensure(not PilotCall.objects.filter(item=item).exists(), _("Un appel à pilotes existe déjà."))
    for request in _requests_of(item, [Status.ACCEPTED]):
        proposal_services.plan_release(
            request, decision.target_release or _("Version à préciser"), actor
        )
    call = PilotCall(item=item, description=description, seats=seats, opened_by=actor)
    call.full_clean()
    call.save()
    record(actor=actor, action="ipm_pilot.opened", target=call, after={"seats": seats})
    notifications.pilot_call_opened(call, actor=actor)
    return call


@transaction.atomic
def volunteer_for_pilot(
    *, call: PilotCall, user, college, organisation: str, channel: str
) -> PilotVolunteer:
    ensure(call.status == PilotCall.Status.OPEN, _("Cet appel à pilotes est fermé."))
    ensure(
        college_rules.is_member(user, college) and not college.is_plenary,
        _("Choisissez un collège dont vous êtes membre."),
        code=FORBIDDEN,
    )
    ensure(
        not PilotVolunteer.objects.filter(call=call, user=user).exists(),
        _("Vous êtes déjà volontaire pour ce pilote."),
    )
    volunteer = PilotVolunteer(
        call=call, user=user, college=college, organisation=organisation.strip(), channel=channel
    )
    volunteer.full_clean(validate_constraints=False)
    try:
        with transaction.atomic():
            volunteer.save()
    except IntegrityError as error:
        raise DomainError(_("Vous êtes déjà volontaire pour ce pilote.")) from error
    return volunteer


@transaction.atomic
def select_volunteer(*, volunteer: PilotVolunteer, actor, selected: bool = True) -> PilotVolunteer:
    _staff(actor)
    ensure(volunteer.call.status != PilotCall.Status.CLOSED, _("Ce pilote est terminé."))
    ensure(
        not selected or volunteer.user.is_active,
        _("Ce compte a été supprimé : il ne peut plus être retenu."),
    )
    if selected:
        taken = volunteer.call.volunteers.filter(selected=True).exclude(pk=volunteer.pk).count()
        ensure(taken < volunteer.call.seats, _("Toutes les places de pilote sont pourvues."))
    volunteer.selected = selected
    volunteer.save(update_fields=["selected"])
    record(
        actor=actor,
        action="ipm_pilot.selected" if selected else "ipm_pilot.unselected",
        target=volunteer.call,
        after={"volunteer": volunteer.pk},
    )
    return volunteer


@transaction.atomic
def start_pilot(*, call: PilotCall, actor) -> PilotCall:
    """The selected pilots start testing: the requests show « in pilot »."""
    _staff(actor)
    ensure(call.status == PilotCall.Status.OPEN, _("Ce pilote n'est plus en appel."))
    ensure(call.volunteers.filter(selected=True).exists(), _("Retenez d'abord des pilotes."))
    for request in _requests_of(call.item, [Status.PLANNED]):
        proposal_services.start_pilot(request, actor, _("Les pilotes retenus testent l'évolution."))
    call.status = PilotCall.Status.RUNNING
    call.save(update_fields=["status"])
    record(actor=actor, action="ipm_pilot.started", target=call)
    return call


@transaction.atomic
def give_feedback(
    *,
    volunteer: PilotVolunteer,
    user,
    rating: int,
    worked: str,
    issues: str = "",
    ready_for_release: bool = False,
) -> PilotFeedback:
    ensure(
        volunteer.user_id == user.pk and volunteer.selected,
        _("Seuls les pilotes retenus donnent leur retour."),
        code=FORBIDDEN,
    )
    ensure(volunteer.call.status == PilotCall.Status.RUNNING, _("Ce pilote n'est pas en cours."))
    feedback, _created = PilotFeedback.objects.update_or_create(
        volunteer=volunteer,
        defaults={
            "rating": rating,
            "worked": worked,
            "issues": issues,
            "ready_for_release": ready_for_release,
        },
    )
    feedback.full_clean()
    return feedback


@transaction.atomic
def close_pilot(*, call: PilotCall, actor, reason: str = "") -> PilotCall:
    """The pilot ends and the change is delivered: the requests show « delivered »."""
    _staff(actor)
    ensure(call.status == PilotCall.Status.RUNNING, _("Ce pilote n'est pas en cours."))
    for request in _requests_of(call.item, [Status.IN_PILOT]):
        proposal_services.deliver(request, actor, reason or _("Livrée après le pilote."))
    call.status = PilotCall.Status.CLOSED
    call.save(update_fields=["status"])
    record(actor=actor, action="ipm_pilot.closed", target=call, reason=reason)
    return call

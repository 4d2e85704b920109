import datetime

import pytest
from django.db import IntegrityError, transaction

from club.core.audit.models import AuditEntry
from club.core.domain import DomainError
from club.core.notifications.models import Notification
from proposals.ipm import services
from proposals.ipm.models import AgendaItem, CycleTransition, Decision, Outcome, Phase
from proposals.models import ChangeRequestEvent, Status
from tests.ipm.factories import open_cycle, session_for, to_phase
from tests.proposals.factories import member_of

pytestmark = pytest.mark.django_db


def test_only_one_cycle_collects_at_a_time(staff, cycle):
    with pytest.raises(DomainError):
        open_cycle(staff, number=13)
    # The database says no too, whatever the service.
    from proposals.ipm.models import Cycle

    with pytest.raises(IntegrityError), transaction.atomic():
        Cycle.objects.create(
            number=14, phase=Phase.COLLECTION, collection_starts_on=datetime.date.today()
        )
    services.move_cycle(cycle=cycle, to_phase=Phase.INSTRUCTION, actor=staff)
    assert open_cycle(staff, number=13).phase == Phase.COLLECTION


def test_every_phase_change_is_recorded_and_invalid_moves_refused(staff, cycle):
    with pytest.raises(DomainError):
        services.move_cycle(cycle=cycle, to_phase=Phase.CLOSED, actor=staff)
    cycle.refresh_from_db()
    assert cycle.phase == Phase.COLLECTION
    to_phase(cycle, Phase.CLOSED, staff)
    steps = list(
        CycleTransition.objects.filter(cycle=cycle).values_list("from_phase", "to_phase", "actor")
    )
    assert steps == [
        ("", "collection", staff.pk),
        ("collection", "instruction", staff.pk),
        ("instruction", "arbitration", staff.pk),
        ("arbitration", "closed", staff.pk),
    ]
    assert cycle.instruction_starts_on and cycle.arbitration_starts_on and cycle.closes_on
    assert AuditEntry.objects.filter(action="ipm_cycle.moved").count() == 3


def test_only_staff_move_cycles(delegate, cycle):
    with pytest.raises(DomainError):
        services.move_cycle(cycle=cycle, to_phase=Phase.INSTRUCTION, actor=delegate)


def test_delegate_escalates_adopted_position(delegate, position, cycle):
    item = services.escalate_position(position=position, cycle=cycle, actor=delegate)
    request = position.requests.get()
    assert request.status == Status.ESCALATED
    assert request.cycle_label == "Cycle 12"
    assert item.support_total == 1
    assert "Scrutin n° 4" in item.vote_result and "Adoptée" in item.vote_result
    assert AuditEntry.objects.filter(action="ipm_position.escalated").exists()


def test_only_delegates_of_the_position_college_escalate(
    staff, member, other_delegate, participant, position, cycle
):
    for actor in (staff, member, other_delegate, participant):
        with pytest.raises(DomainError) as error:
            services.escalate_position(position=position, cycle=cycle, actor=actor)
        assert error.value.code == "forbidden"
    assert not AgendaItem.objects.exists()
    assert position.requests.get().status == Status.ADOPTED


def test_only_to_an_open_cycle(staff, delegate, position, cycle):
    services.move_cycle(cycle=cycle, to_phase=Phase.INSTRUCTION, actor=staff)
    with pytest.raises(DomainError) as error:
        services.escalate_position(position=position, cycle=cycle, actor=delegate)
    assert error.value.code == "cycle_not_open"
    assert position.requests.get().status == Status.ADOPTED


def test_position_not_adopted_cannot_be_escalated(college, staff, delegate, cycle):
    from proposals import services as proposal_services
    from tests.proposals.factories import facilitator_of, make_request

    facilitator = facilitator_of(college, staff=staff)
    request = make_request(member_of(college, staff=staff), college)
    position = proposal_services.build_position(
        college=college, title="P", body="B", requests=[request], actor=facilitator
    )
    with pytest.raises(DomainError) as error:
        services.escalate_position(position=position, cycle=cycle, actor=delegate)
    assert error.value.code == "not_adopted"


def _to_arbitration(staff, delegate, position, cycle):
    item = services.escalate_position(position=position, cycle=cycle, actor=delegate)
    to_phase(cycle, Phase.INSTRUCTION, staff)
    assert position.requests.get().status == Status.UNDER_INSTRUCTION
    services.record_analysis(
        item=item,
        actor=staff,
        feasibility="easy",
        effort="s",
        impact="Tous les fournisseurs qui saisissent.",
        portal_opinion="Favorable.",
    )
    to_phase(cycle, Phase.ARBITRATION, staff)
    return item, session_for(cycle, staff, [item])


def test_accepted_decision_moves_requests_and_tells_followers(staff, delegate, position, cycle):
    item, session = _to_arbitration(staff, delegate, position, cycle)
    request = position.requests.get()
    services.record_decision(
        item=item,
        session=session,
        outcome=Outcome.ACCEPTED,
        reasons="Gain important pour les petites entreprises.",
        priority="high",
        target_release="Version 2027.1",
        actor=staff,
    )
    request.refresh_from_db()
    assert request.status == Status.ACCEPTED
    assert request.target_release == "Version 2027.1"
    assert request.decision_reason == "Gain important pour les petites entreprises."
    notices = list(
        Notification.objects.filter(
            kind="request_status", url=request.get_absolute_url(), subject__contains="acceptée"
        )
    )
    recipients = {n.recipient_id for n in notices}
    assert request.author_id in recipients
    assert set(request.supports.values_list("member_id", flat=True)) <= recipients
    assert all("Gain important" in n.body for n in notices)
    event = ChangeRequestEvent.objects.filter(request=request).last()
    assert (event.transition, event.actor_id) == ("accept", staff.pk)


def test_a_decision_cannot_be_recorded_twice(staff, delegate, position, cycle):
    item, session = _to_arbitration(staff, delegate, position, cycle)
    services.record_decision(
        item=item, session=session, outcome=Outcome.REJECTED, reasons="Hors périmètre.", actor=staff
    )
    with pytest.raises(DomainError) as error:
        services.record_decision(
            item=item,
            session=session,
            outcome=Outcome.ACCEPTED,
            reasons="X",
            priority="high",
            actor=staff,
        )
    assert error.value.code == "already_decided"
    with pytest.raises(IntegrityError), transaction.atomic():
        Decision.objects.create(item=item, session=session, outcome="rejected", reasons="bis")
    assert position.requests.get().status == Status.REJECTED


def test_postponed_item_appears_in_the_next_cycle(staff, delegate, position, cycle):
    item, session = _to_arbitration(staff, delegate, position, cycle)
    next_cycle = open_cycle(staff, number=13)
    services.record_decision(
        item=item,
        session=session,
        outcome=Outcome.POSTPONED,
        reasons="À revoir avec la réforme de la facturation électronique.",
        postponed_to=next_cycle,
        actor=staff,
    )
    carried = AgendaItem.objects.get(cycle=next_cycle)
    assert carried.postponed_from == item
    assert carried.position == position
    request = position.requests.get()
    assert request.status == Status.ESCALATED
    assert request.cycle_label == "Cycle 13"
    transitions = list(request.events.values_list("transition", flat=True))
    assert transitions[-2:] == ["postpone", "escalate"]


def test_postponed_without_cycle_is_refused(staff, delegate, position, cycle):
    item, session = _to_arbitration(staff, delegate, position, cycle)
    with pytest.raises(DomainError):
        services.record_decision(
            item=item, session=session, outcome=Outcome.POSTPONED, reasons="Plus tard.", actor=staff
        )
    assert not Decision.objects.exists()


def test_closing_needs_every_item_decided(staff, delegate, position, cycle):
    _to_arbitration(staff, delegate, position, cycle)
    with pytest.raises(DomainError):
        services.move_cycle(cycle=cycle, to_phase=Phase.CLOSED, actor=staff)


def test_instruction_by_participant_without_college_and_arguments_by_delegates(
    staff, delegate, participant, member, position, cycle
):
    item = services.escalate_position(position=position, cycle=cycle, actor=delegate)
    with pytest.raises(DomainError):  # not yet in instruction
        services.record_analysis(
            item=item,
            actor=participant,
            feasibility="easy",
            effort="s",
            impact="i",
            portal_opinion="o",
        )
    to_phase(cycle, Phase.INSTRUCTION, staff)
    analysis = services.record_analysis(
        item=item, actor=participant, feasibility="hard", effort="l", impact="i", portal_opinion="o"
    )
    assert analysis.updated_by == participant
    with pytest.raises(DomainError):
        services.record_analysis(
            item=item, actor=member, feasibility="easy", effort="s", impact="i", portal_opinion="o"
        )
    services.add_argument(
        item=item, actor=delegate, body="Les membres saisissent 200 factures par mois."
    )
    with pytest.raises(DomainError):
        services.add_argument(item=item, actor=participant, body="Non.")
    assert item.arguments.count() == 1


def test_pilot_journey_in_pilot_then_delivered(college, staff, delegate, position, cycle):
    item, session = _to_arbitration(staff, delegate, position, cycle)
    services.record_decision(
        item=item,
        session=session,
        outcome=Outcome.ACCEPTED,
        reasons="Accepté.",
        priority="normal",
        target_release="Version 2027.2",
        actor=staff,
    )
    call = services.open_pilot_call(
        item=item, description="Tester le champ élargi.", seats=1, actor=staff
    )
    request = position.requests.get()
    request.refresh_from_db()
    assert request.status == Status.PLANNED
    volunteer_user = member_of(college, staff=staff)
    volunteer = services.volunteer_for_pilot(
        call=call,
        user=volunteer_user,
        college=college,
        organisation="Boulangerie Dupont",
        channel="portal",
    )
    with pytest.raises(DomainError):
        services.volunteer_for_pilot(
            call=call, user=volunteer_user, college=college, organisation="x", channel="api"
        )
    services.select_volunteer(volunteer=volunteer, actor=staff)
    services.start_pilot(call=call, actor=staff)
    request.refresh_from_db()
    assert request.status == Status.IN_PILOT
    services.give_feedback(
        volunteer=volunteer, user=volunteer_user, rating=4, worked="Tout.", ready_for_release=True
    )
    services.close_pilot(call=call, actor=staff)
    request.refresh_from_db()
    assert request.status == Status.DELIVERED


def test_an_item_is_postponed_only_to_a_later_cycle(staff, delegate, position, cycle):
    item, session = _to_arbitration(staff, delegate, position, cycle)
    earlier = open_cycle(staff, number=11)  # opened late, still collecting: not a later cycle
    with pytest.raises(DomainError, match="cycle suivant"):
        services.record_decision(
            item=item,
            session=session,
            outcome=Outcome.POSTPONED,
            reasons="Plus tard.",
            postponed_to=earlier,
            actor=staff,
        )
    assert not Decision.objects.exists()


def test_a_pilot_decision_tells_each_follower_once(
    staff, delegate, position, cycle, mailoutbox, django_capture_on_commit_callbacks
):
    """Accepting and planning the request are two steps of one act: one notice, one e-mail."""
    item, session = _to_arbitration(staff, delegate, position, cycle)
    request = position.requests.get()
    mailoutbox.clear()
    last = Notification.objects.order_by("pk").last().pk
    with django_capture_on_commit_callbacks(execute=True):  # e-mails leave on commit
        services.record_decision(
            item=item,
            session=session,
            outcome=Outcome.PILOT,
            reasons="À essayer avec quelques fournisseurs.",
            priority="high",
            target_release="V2027.1",
            actor=staff,
        )
    request.refresh_from_db()
    assert request.status == Status.PLANNED  # accepted, then planned in the release
    notices = Notification.objects.filter(
        pk__gt=last, recipient=request.author, url=request.get_absolute_url()
    )
    assert notices.count() == 1
    body = notices.get().body
    assert "À essayer avec quelques fournisseurs." in body  # the decision's reasons
    assert "Puis : Planifiée dans une version (V2027.1)" in body  # the act's second step
    to_author = [m for m in mailoutbox if request.author.email in m.to]
    assert len(to_author) == 1
    assert "V2027.1" in to_author[0].body


def test_separate_acts_still_tell_each_step(staff, delegate, position, cycle):
    """Outside one act, every step is news of its own."""
    request = position.requests.get()
    before = Notification.objects.filter(recipient=request.author).count()
    services.escalate_position(position=position, cycle=cycle, actor=delegate)
    to_phase(cycle, Phase.INSTRUCTION, staff)
    assert Notification.objects.filter(recipient=request.author).count() >= before + 2

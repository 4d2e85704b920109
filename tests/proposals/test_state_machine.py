"""Every (state, transition) pair: allowed ones move and leave history, others change nothing."""

import pytest
from django.core import mail

from club.core.domain import DomainError
from club.core.notifications.models import Notification
from proposals import services
from proposals.lifecycle import TRANSITIONS
from proposals.models import ChangeRequest, ChangeRequestEvent, Status
from tests.proposals.factories import make_request


@pytest.fixture
def cast(member, second_member, facilitator, delegate, college):
    """The request under test, a possible survivor for merges, and who performs each step."""
    request = make_request(member, college)
    survivor = make_request(
        second_member, college, title="Libellé « Service exécutant » peu explicite"
    )
    return {
        "request": request,
        "survivor": survivor,
        "author": member,
        "facilitator": facilitator,
        "delegate": delegate,
    }


def perform(name: str, cast: dict):
    cr = cast["request"]
    author, facilitator, delegate = cast["author"], cast["facilitator"], cast["delegate"]
    calls = {
        "submit": lambda: services.submit_request(request=cr, actor=author),
        "withdraw": lambda: services.withdraw_request(
            request=cr, actor=author, reason="Doublon de ma part"
        ),
        "open_discussion": lambda: services.open_discussion(request=cr, actor=facilitator),
        "reopen": lambda: services.reopen_discussion(request=cr, actor=facilitator),
        "put_in_vote": lambda: services.put_in_vote(request=cr, actor=facilitator),
        "adopt": lambda: services.adopt(request=cr, actor=facilitator, ballot_label="Scrutin 3"),
        "not_adopt": lambda: services.not_adopt(request=cr, actor=facilitator),
        "escalate": lambda: services.escalate(cr, "Cycle 12", delegate),
        "start_instruction": lambda: services.start_instruction(cr, delegate),
        "accept": lambda: services.arbitrate(cr, "accept", delegate, "Utile", "2027.1"),
        "reject": lambda: services.arbitrate(
            cr, "reject", delegate, "Contrainte du format Factur-X"
        ),
        "postpone": lambda: services.arbitrate(cr, "postpone", delegate, "Charge du cycle"),
        "plan": lambda: services.plan_release(cr, "Version 2027.1", delegate),
        "start_pilot": lambda: services.start_pilot(cr, delegate),
        "deliver": lambda: services.deliver(cr, delegate),
        "merge": lambda: services.merge_request(
            duplicate=cr, into=cast["survivor"], actor=facilitator, reason="Même besoin"
        ),
    }
    assert set(calls) == set(TRANSITIONS), "every transition has its service"
    return calls[name]()


def force_status(cr: ChangeRequest, status: str, survivor: ChangeRequest) -> None:
    merged_into = survivor if status == Status.MERGED else None
    ChangeRequest.objects.filter(pk=cr.pk).update(status=status, merged_into=merged_into)
    cr.refresh_from_db()


def snapshot(cr: ChangeRequest) -> dict:
    return ChangeRequest.objects.filter(pk=cr.pk).values().get()


PAIRS = [(status, name) for status in Status.values for name in TRANSITIONS]


@pytest.mark.parametrize(("status", "name"), PAIRS)
def test_every_transition_from_every_state(cast, status, name):
    cr = cast["request"]
    force_status(cr, status, cast["survivor"])
    transition = TRANSITIONS[name]
    events_before = ChangeRequestEvent.objects.filter(request=cr).count()
    before = snapshot(cr)
    notices_before = Notification.objects.count()

    if status in transition.sources:
        perform(name, cast)
        cr.refresh_from_db()
        assert cr.status == transition.target
        event = ChangeRequestEvent.objects.filter(request=cr).latest("pk")
        assert (event.transition, event.from_status, event.to_status) == (
            name,
            status,
            transition.target,
        )
        assert event.actor is not None
        assert ChangeRequestEvent.objects.filter(request=cr).count() == events_before + 1
    else:
        with pytest.raises(DomainError) as refused:
            perform(name, cast)
        assert "impossible de" in refused.value.message or "ne peut" in str(refused.value.message)
        assert str(ChangeRequest(status=status).get_status_display()) in str(
            refused.value.message
        ) or (name == "merge")
        assert snapshot(cr) == before
        assert ChangeRequestEvent.objects.filter(request=cr).count() == events_before
        assert Notification.objects.count() == notices_before


def test_refusal_message_names_the_state_and_the_act(cast):
    cr = cast["request"]
    with pytest.raises(DomainError) as refused:
        services.deliver(cr, cast["delegate"])
    assert refused.value.message == "Cette demande est « Déposée » : impossible de livrer."


def test_the_whole_road_leaves_a_dated_history_and_tells_followers(
    cast, django_capture_on_commit_callbacks
):
    cr, facilitator, delegate = cast["request"], cast["facilitator"], cast["delegate"]
    supporter = cast["survivor"].author
    services.support_request(request=cr, member=supporter)
    with django_capture_on_commit_callbacks(execute=True):
        services.open_discussion(request=cr, actor=facilitator, reason="Sujet du fil « Rejets »")
    position = services.build_position(
        college=cr.college,
        title="Numéro d'engagement",
        body="Le collège demande 30 caractères.",
        requests=[cr],
        actor=facilitator,
    )
    services.put_position_to_vote(position, facilitator)
    services.record_vote_outcome(position, True, facilitator, ballot_label="Vote n° 4")
    services.escalate(cr, "Cycle 12", delegate)
    services.start_instruction(cr, delegate)
    services.arbitrate(cr, "accept", delegate, "Retenue en priorité 1", "2027.1")
    services.plan_release(cr, "2027.1", delegate)
    services.start_pilot(cr, delegate)
    services.deliver(cr, delegate)
    cr.refresh_from_db()
    assert cr.status == Status.DELIVERED
    assert cr.cycle_label == "Cycle 12"
    assert cr.target_release == "2027.1"
    history = list(cr.events.values_list("to_status", flat=True))
    assert history == [
        "draft",
        "submitted",
        "under_discussion",
        "in_vote",
        "adopted",
        "escalated",
        "under_instruction",
        "accepted",
        "planned",
        "in_pilot",
        "delivered",
    ]
    # Author and supporter each hear of every change made by someone else.
    about_cr = {"kind": "request_status", "url": cr.get_absolute_url()}
    assert Notification.objects.filter(recipient=cast["author"], **about_cr).count() == 9
    assert Notification.objects.filter(recipient=supporter, **about_cr).count() == 9
    sent = [m for m in mail.outbox if "En discussion" in m.subject]
    assert {m.to[0] for m in sent} == {cast["author"].email, supporter.email}
    assert "a changé d'état" in sent[0].body
    assert "Sujet du fil « Rejets »" in sent[0].body


def test_steps_need_the_right_role(cast, second_member):
    cr = cast["request"]
    with pytest.raises(DomainError, match="animateurs"):
        services.open_discussion(request=cr, actor=second_member)
    with pytest.raises(DomainError, match="auteur"):
        services.withdraw_request(request=cr, actor=second_member)
    ChangeRequest.objects.filter(pk=cr.pk).update(status=Status.ADOPTED)
    cr.refresh_from_db()
    with pytest.raises(DomainError, match="délégués"):
        services.escalate(cr, "Cycle 12", cast["facilitator"])
    assert ChangeRequest.objects.get(pk=cr.pk).status == Status.ADOPTED


def test_staff_may_record_ipm_steps(cast, staff):
    cr = cast["request"]
    ChangeRequest.objects.filter(pk=cr.pk).update(status=Status.ADOPTED)
    services.escalate(cr, "Cycle 12", staff)
    assert cr.status == Status.ESCALATED


def test_rejection_and_postponement_need_a_reason(cast):
    cr = cast["request"]
    ChangeRequest.objects.filter(pk=cr.pk).update(status=Status.UNDER_INSTRUCTION)
    with pytest.raises(DomainError, match="motif"):
        services.arbitrate(cr, "reject", cast["delegate"], "")
    assert ChangeRequest.objects.get(pk=cr.pk).status == Status.UNDER_INSTRUCTION

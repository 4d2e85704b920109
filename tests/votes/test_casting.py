"""Casting: one vote per elector, changes with the receipt code, every refusal records nothing."""

from datetime import timedelta

import pytest
import time_machine
from django.utils import timezone

from club.core.domain import DomainError
from colleges import services as college_services
from tests.factories import make_member
from tests.votes.factories import board_at_close, make_ballot, option
from votes import receipts, sealing, services
from votes.models import Ballot, CastBallot, Elector, Option, Participation, SealedVote

pytestmark = pytest.mark.django_db


def nothing_recorded(ballot):
    ballot.refresh_from_db()
    return (
        not Participation.objects.filter(ballot=ballot).exists()
        and not SealedVote.objects.filter(ballot=ballot).exists()
        and not CastBallot.objects.filter(ballot=ballot).exists()
        and ballot.participant_count == 0
    )


def refusal(ballot, voter, option_ids, **kwargs) -> str:
    with pytest.raises(DomainError) as caught:
        services.cast_vote(ballot=ballot, voter=voter, option_ids=option_ids, **kwargs)
    return str(caught.value.message)


def test_a_member_votes_once_and_gets_a_receipt(college, facilitator, members):
    ballot = make_ballot(college, facilitator)
    receipt = services.cast_vote(
        ballot=ballot, voter=members[0], option_ids=[option(ballot, Option.Role.FOR).pk]
    )
    assert len(receipt.code) == 14 and receipt.code.count("-") == 2
    ballot.refresh_from_db()
    assert ballot.participant_count == 1
    # Until the close the choice is sealed: nothing in the database says it in clear.
    sealed = SealedVote.objects.get(ballot=ballot)
    assert not CastBallot.objects.filter(ballot=ballot).exists()
    assert len(bytes(sealed.sealed)) == sealing.NONCE + sealing.SIZE + 16
    assert receipt.code.encode() not in bytes(sealed.sealed)
    # The close opens it and publishes it under the keyed hash of the code, never the code.
    assert board_at_close(ballot) == {
        receipts.tag(ballot.pk, receipt.code): [option(ballot, Option.Role.FOR).pk]
    }
    assert not SealedVote.objects.filter(ballot=ballot).exists()


def test_refused_when_the_ballot_is_closed(college, facilitator, members):
    start = timezone.now() - timedelta(hours=2)
    ballot = make_ballot(college, facilitator, start=start, minutes=60)
    message = refusal(ballot, members[0], [option(ballot, Option.Role.FOR).pk])
    assert "Ce scrutin est clos depuis le" in message
    assert nothing_recorded(ballot)


def test_refused_before_the_opening(college, facilitator, members):
    ballot = make_ballot(college, facilitator, start=timezone.now() + timedelta(days=1))
    message = refusal(ballot, members[0], [option(ballot, Option.Role.FOR).pk])
    assert "pas encore ouvert" in message
    assert nothing_recorded(ballot)
    assert not Elector.objects.filter(ballot=ballot).exists(), "frozen only at the opening"


def test_refused_outside_the_electorate(college, other_college, facilitator, staff, members):
    outsider = make_member(other_college, staff=staff).user
    ballot = make_ballot(college, facilitator)
    message = refusal(ballot, outsider, [option(ballot, Option.Role.FOR).pk])
    assert "Vous ne faites pas partie du corps électoral" in message
    assert nothing_recorded(ballot)


def test_refused_for_an_unknown_option(college, facilitator, members):
    ballot = make_ballot(college, facilitator)
    other = make_ballot(college, facilitator)
    for bad in ([option(other, Option.Role.FOR).pk], ["abc"], [999999]):
        message = refusal(ballot, members[0], bad)
        assert message == "Cette option ne fait pas partie du scrutin."
    assert nothing_recorded(ballot)


def test_refused_with_too_many_choices(college, facilitator, members):
    ballot = make_ballot(college, facilitator, kind=Ballot.Kind.APPROVAL, max_choices=2)
    message = refusal(ballot, members[0], list(ballot.options.values_list("pk", flat=True)))
    assert message == "Vous pouvez choisir au plus 2 options : vous en avez coché 3."
    position = make_ballot(college, facilitator)
    message = refusal(position, members[0], list(position.options.values_list("pk", flat=True)))
    assert message == "Vous ne pouvez choisir qu'une seule réponse."
    message = refusal(position, members[0], [])
    assert message == "Choisissez une réponse avant de voter."
    assert nothing_recorded(ballot) and nothing_recorded(position)


def test_a_second_vote_without_the_receipt_is_refused(college, facilitator, members):
    ballot = make_ballot(college, facilitator)
    services.cast_vote(ballot=ballot, voter=members[0], option_ids=[option(ballot, "for").pk])
    message = refusal(ballot, members[0], [option(ballot, "against").pk])
    assert "Pour modifier votre vote, saisissez votre code de récépissé" in message
    message = refusal(
        ballot, members[0], [option(ballot, "against").pk], receipt_code="AAAA-BBBB-CCCC"
    )
    assert "ne correspond pas à votre vote" in message
    assert Participation.objects.filter(ballot=ballot).count() == 1
    assert SealedVote.objects.filter(ballot=ballot).count() == 1
    assert list(board_at_close(ballot).values()) == [[option(ballot, "for").pk]]


def test_changing_a_vote_counts_only_the_last_choice(college, facilitator, members):
    ballot = make_ballot(college, facilitator)
    receipt = services.cast_vote(
        ballot=ballot, voter=members[0], option_ids=[option(ballot, "for").pk]
    )
    other = services.cast_vote(
        ballot=ballot, voter=members[1], option_ids=[option(ballot, "for").pk]
    )
    for role in ("abstain", "against"):
        changed = services.cast_vote(
            ballot=ballot,
            voter=members[0],
            option_ids=[option(ballot, role).pk],
            receipt_code=receipt.code.lower().replace("-", " "),
        )
        assert changed.changed and changed.code == receipt.code
    # Each change drops one more sealed choice; the close keeps the latest of each receipt.
    assert SealedVote.objects.filter(ballot=ballot).count() == 4
    ballot.refresh_from_db()
    assert ballot.participant_count == 2
    assert board_at_close(ballot) == {
        receipts.tag(ballot.pk, receipt.code): [option(ballot, "against").pk],
        receipts.tag(ballot.pk, other.code): [option(ballot, "for").pk],
    }
    tally = ballot.tally
    assert tally.participants == 2 and tally.expressed == 2 and tally.abstentions == 0


def test_no_change_when_the_ballot_forbids_it(college, facilitator, members):
    ballot = make_ballot(college, facilitator, allow_change=False)
    receipt = services.cast_vote(
        ballot=ballot, voter=members[0], option_ids=[option(ballot, "for").pk]
    )
    message = refusal(ballot, members[0], [option(ballot, "against").pk], receipt_code=receipt.code)
    assert message == "Vous avez déjà voté : ce scrutin ne permet pas de modifier son vote."
    assert list(board_at_close(ballot).values()) == [[option(ballot, "for").pk]]


def test_electorate_is_frozen_at_the_opening(college, facilitator, staff, members):
    """Later joiners and suspended members do not vote; freezing twice changes nothing."""
    suspended = members[4]
    college_services.suspend_membership(
        membership=suspended.memberships.get(college=college), actor=staff, reason="Charte"
    )
    with time_machine.travel(timezone.now(), tick=False) as traveller:
        opening = timezone.now() + timedelta(hours=1)
        ballot = make_ballot(college, facilitator, start=opening, at=timezone.now())
        traveller.move_to(opening + timedelta(minutes=30))
        latecomer = make_member(college, staff=staff).user
        # Nobody looked at the ballot until now: the freeze still uses the opening time.
        assert services.freeze_electorate(ballot=ballot) == 5  # 4 members + the facilitator
        assert services.freeze_electorate(ballot=ballot) == 5
        electors = set(Elector.objects.filter(ballot=ballot).values_list("user_id", flat=True))
        assert latecomer.pk not in electors and suspended.pk not in electors
        assert {m.pk for m in members[:4]} | {facilitator.pk} == electors
        message = refusal(ballot, latecomer, [option(ballot, "for").pk])
        assert "corps électoral" in message


def test_plenary_electorate_is_every_active_member_once(
    plenary, college, other_college, staff, members
):
    both = members[0]
    make_member(other_college, user=both, staff=staff)
    vendor = make_member(other_college, staff=staff).user
    ballot = make_ballot(plenary, staff)
    electors = list(Elector.objects.filter(ballot=ballot).values_list("user_id", flat=True))
    assert sorted(electors) == sorted({m.pk for m in members} | {vendor.pk})


def test_only_facilitators_open_a_college_ballot_and_staff_the_plenary(
    college, plenary, facilitator, members
):
    with pytest.raises(DomainError):
        make_ballot(college, members[0])
    with pytest.raises(DomainError):
        make_ballot(plenary, facilitator)
    assert make_ballot(college, facilitator).pk


def test_a_repeated_option_is_refused_not_merged(college, facilitator, members):
    position = make_ballot(college, facilitator)
    approval = make_ballot(college, facilitator, kind=Ballot.Kind.APPROVAL, max_choices=2)
    for ballot in (position, approval):
        twice = [ballot.options.first().pk] * 2
        message = refusal(ballot, members[0], twice)
        assert (
            message == "Chaque option ne peut être choisie qu'une fois : votre vote en répète une."
        )
        assert nothing_recorded(ballot)

"""Sealed choices, the mixing job and the close that opens the box (docs/ballot-secrecy.md)."""

import pytest
from django.core.management import call_command
from django.test import override_settings

from tests.factories import make_member
from tests.votes.factories import board_at_close, make_ballot, option
from votes import receipts, sealing, services
from votes.models import CastBallot, SealedVote, Tally

pytestmark = pytest.mark.django_db


def test_sealed_choices_have_one_length_and_never_repeat():
    small = sealing.seal(1, {"t": "a" * 64, "v": 0, "c": []})
    large = sealing.seal(1, {"t": "a" * 64, "v": 12, "c": list(range(1000, 1020))})
    again = sealing.seal(1, {"t": "a" * 64, "v": 0, "c": []})
    assert len(small) == len(large) == len(again)
    assert small != again, "a fresh nonce: the same choice twice looks unrelated"
    assert sealing.unseal(1, again) == {"t": "a" * 64, "v": 0, "c": []}
    # Bound to its ballot: moved to another one, it does not open.
    with pytest.raises(sealing.Unreadable):
        sealing.unseal(2, small)


def test_a_rotated_key_still_opens_what_it_sealed():
    sealed = sealing.seal(7, {"t": "x", "v": 0, "c": [3]})
    with (
        override_settings(SECRET_KEY="a-new-key-" + "y" * 40),
        pytest.raises(sealing.Unreadable),
    ):
        sealing.unseal(7, sealed)
    with override_settings(
        SECRET_KEY="a-new-key-" + "y" * 40,
        SECRET_KEY_FALLBACKS=["an-older-one-" + "z" * 40, "test-only-key-not-secret-" + "x" * 40],
    ):
        assert sealing.unseal(7, sealed)["c"] == [3]


def _voters(college, staff, count):
    return [make_member(college, staff=staff).user for _ in range(count)]


def test_the_scheduled_job_mixes_full_batches_only_and_the_close_counts_everything(
    college, facilitator, staff
):
    voters = _voters(college, staff, services.MIX_BATCH + 3)
    ballot = make_ballot(college, facilitator)
    roles = ["for", "against", "abstain"]
    for index, voter in enumerate(voters[: services.MIX_BATCH - 1]):
        services.cast_vote(
            ballot=ballot, voter=voter, option_ids=[option(ballot, roles[index % 3]).pk]
        )
    call_command("close_due_ballots", stdout=open("/dev/null", "w"))  # noqa: SIM115
    assert not SealedVote.objects.filter(ballot=ballot, mixed=True).exists(), "batch too small"

    services.cast_vote(
        ballot=ballot, voter=voters[services.MIX_BATCH - 1], option_ids=[option(ballot, "for").pk]
    )
    before = set(SealedVote.objects.filter(ballot=ballot).values_list("id", "sealed"))
    call_command("close_due_ballots", stdout=open("/dev/null", "w"))  # noqa: SIM115
    mixed = set(SealedVote.objects.filter(ballot=ballot, mixed=True).values_list("id", "sealed"))
    assert len(mixed) == services.MIX_BATCH
    assert not {pk for pk, _ in before} & {pk for pk, _ in mixed}, "new keys"
    assert not {bytes(s) for _, s in before} & {bytes(s) for _, s in mixed}, "resealed"
    assert not SealedVote.objects.filter(ballot=ballot, mixed=False).exists()

    for voter in voters[services.MIX_BATCH :]:
        services.cast_vote(ballot=ballot, voter=voter, option_ids=[option(ballot, "against").pk])
    assert services.mix_ballot_box(ballot_id=ballot.pk) == 0  # three wait: not a batch yet
    board = board_at_close(ballot)
    assert len(board) == len(voters) == ballot.tally.participants
    counts = {line.option.role: line.count for line in ballot.tally.lines.select_related("option")}
    assert counts == {"for": 3 + 1, "against": 3 + 3, "abstain": 3}
    assert not SealedVote.objects.filter(ballot=ballot).exists()
    # After the close, mixing finds nothing to do and the board stays as published.
    assert services.mix_ballot_box(ballot_id=ballot.pk, at_least=0) == 0
    assert services.close_ballot(ballot=ballot, at=ballot.closes_at) == ballot.tally
    assert CastBallot.objects.filter(ballot=ballot).count() == len(voters)


def test_a_box_that_does_not_match_the_participations_is_never_counted(
    college, facilitator, members
):
    ballot = make_ballot(college, facilitator)
    for voter in members[:3]:
        services.cast_vote(ballot=ballot, voter=voter, option_ids=[option(ballot, "for").pk])
    SealedVote.objects.filter(pk=SealedVote.objects.filter(ballot=ballot).first().pk).delete()
    with pytest.raises(services.BallotBoxMismatch):
        services.close_ballot(ballot=ballot, at=ballot.closes_at)
    assert not Tally.objects.filter(ballot=ballot).exists()
    assert not CastBallot.objects.filter(ballot=ballot).exists()


def test_a_forged_sealed_choice_stops_the_close(college, facilitator, members):
    ballot = make_ballot(college, facilitator)
    services.cast_vote(ballot=ballot, voter=members[0], option_ids=[option(ballot, "for").pk])
    row = SealedVote.objects.get(ballot=ballot)
    forged = bytearray(bytes(row.sealed))
    forged[-1] ^= 1
    SealedVote.objects.filter(pk=row.pk).update(sealed=bytes(forged))
    with pytest.raises(sealing.Unreadable):
        services.close_ballot(ballot=ballot, at=ballot.closes_at)
    assert not Tally.objects.filter(ballot=ballot).exists()


def test_the_board_names_receipts_by_their_keyed_hash(college, facilitator, members):
    ballot = make_ballot(college, facilitator)
    receipt = services.cast_vote(
        ballot=ballot, voter=members[0], option_ids=[option(ballot, "for").pk]
    )
    board = board_at_close(ballot)
    assert list(board) == [receipts.tag(ballot.pk, receipt.code)]
    with override_settings(SECRET_KEY="another-key-" + "w" * 40):
        assert receipts.tag(ballot.pk, receipt.code) not in board, "keyed: needs the server's key"

"""The participant count: kept in shards in the casting transaction, read with the ballot,
and told to the ballot's live readers by one poll per ballot and server process."""

import asyncio

import pytest
from asgiref.sync import sync_to_async

from tests.factories import CollegeFactory, StaffFactory, make_member
from tests.votes.factories import facilitator_of, make_ballot, option
from tests.votes.test_consumers import run_in_own_loop
from votes import consumers, services
from votes.models import Ballot, TurnoutShard


def _ballot_with_voters(count):
    staff = StaffFactory()
    college = CollegeFactory()
    facilitator = facilitator_of(college, staff)
    voters = [make_member(college, staff=staff).user for _ in range(count)]
    return make_ballot(college, facilitator), voters


def _vote(ballot, voter):
    services.cast_vote(ballot=ballot, voter=voter, option_ids=[option(ballot, "for").pk])


@pytest.mark.django_db
def test_votes_spread_over_shards_and_the_count_is_their_sum(django_assert_num_queries):
    ballot, voters = _ballot_with_voters(TurnoutShard.SHARDS + 4)
    *first, last = voters
    for voter in first:
        _vote(ballot, voter)
    shards = TurnoutShard.objects.filter(ballot=ballot)
    assert shards.count() == TurnoutShard.SHARDS  # electors' ids spread over every shard
    assert sum(shards.values_list("participants", flat=True)) == len(first)
    # Read with the ballot, in the same query.
    with django_assert_num_queries(1):
        assert Ballot.objects.get(pk=ballot.pk).participant_count == len(first)
    assert ballot.participant_count == len(first)
    _vote(ballot, last)
    ballot.refresh_from_db()
    assert ballot.participant_count == len(voters)


@pytest.mark.django_db
def test_a_refused_vote_counts_nothing():
    ballot, voters = _ballot_with_voters(1)
    _vote(ballot, voters[0])
    with pytest.raises(services.DomainError):
        _vote(ballot, voters[0])
    assert Ballot.objects.get(pk=ballot.pk).participant_count == 1


@pytest.mark.django_db
def test_ballot_lists_read_counts_without_a_query_per_ballot(django_assert_num_queries):
    ballots = []
    for _ in range(3):
        ballot, voters = _ballot_with_voters(2)
        _vote(ballot, voters[0])
        ballots.append(ballot.pk)
    with django_assert_num_queries(1):
        counts = [b.participant_count for b in Ballot.objects.filter(pk__in=ballots)]
    assert counts == [1, 1, 1]


class Reader:
    def __init__(self):
        self.messages = []

    async def send_json(self, content):
        self.messages.append(content)


@pytest.mark.django_db(transaction=True)
def test_one_poll_per_ballot_tells_every_reader_then_stops(monkeypatch):
    monkeypatch.setattr(consumers, "TURNOUT_REFRESH_SECONDS", 0.05)
    run_in_own_loop(_one_poll_per_ballot)


async def _one_poll_per_ballot():
    ballot, voters = await sync_to_async(_ballot_with_voters)(2)
    watch = consumers.TurnoutWatch()
    readers = [Reader(), Reader()]
    counts = {"participants": 0, "electorate": 3}
    for reader in readers:
        watch.join(ballot.pk, reader, counts)
    (polls,) = watch._watches().values()
    task = polls[1]

    await sync_to_async(_vote)(ballot, voters[0])
    await sync_to_async(_vote)(ballot, voters[1])
    for _ in range(100):
        if all(r.messages and r.messages[-1]["participants"] == 2 for r in readers):
            break
        await asyncio.sleep(0.02)
    for reader in readers:
        assert reader.messages[-1] == {"type": "turnout", "participants": 2, "electorate": 3}
        # Unchanged counts are not sent again.
        assert len({m["participants"] for m in reader.messages}) == len(reader.messages)

    watch.leave(ballot.pk, readers[0])
    assert not task.cancelled()
    watch.leave(ballot.pk, readers[1])
    await asyncio.sleep(0)
    assert task.cancelled() and watch._watches() == {}

"""Exactly once under real concurrency: the database, not the code path, refuses duplicates."""

import threading
from collections import Counter
from concurrent.futures import ThreadPoolExecutor

import pytest
from django.db import connection, connections
from django.utils import timezone

from club.core.domain import DomainError
from tests.factories import CollegeFactory, StaffFactory, make_member
from tests.votes.factories import facilitator_of, make_ballot, option
from votes import counting, services
from votes.models import CastBallot, Participation, SealedVote

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]

VOTERS = 200
SENDS = 5


@pytest.fixture(autouse=True)
def _postgresql_only():
    if connection.vendor != "postgresql":
        pytest.skip("Concurrency needs PostgreSQL's row locks (second CI pass).")


def test_200_voters_sending_5_times_at_once_give_200_participations():
    staff = StaffFactory()
    college = CollegeFactory()
    facilitator = facilitator_of(college, staff)
    voters = [make_member(college, staff=staff).user for _ in range(VOTERS)]
    ballot = make_ballot(college, facilitator, minutes=30)
    roles = ["for", "against", "abstain"]
    choice_of = {
        voter.pk: option(ballot, roles[index % 3]).pk for index, voter in enumerate(voters)
    }

    outcomes = Counter()
    lock = threading.Lock()
    # Each voter's five sends start together.
    barriers = {voter.pk: threading.Barrier(SENDS) for voter in voters}

    def send(voter):
        try:
            barriers[voter.pk].wait(timeout=30)
            services.cast_vote(ballot=ballot, voter=voter, option_ids=[choice_of[voter.pk]])
            result = "recorded"
        except DomainError as error:
            result = error.code
        finally:
            connections.close_all()
        with lock:
            outcomes[result] += 1

    tasks = [voter for voter in voters for _ in range(SENDS)]
    with ThreadPoolExecutor(max_workers=SENDS * 8) as pool:
        list(pool.map(send, tasks))

    assert outcomes == {"recorded": VOTERS, "already_voted": VOTERS * (SENDS - 1)}
    assert Participation.objects.filter(ballot=ballot).count() == VOTERS
    assert SealedVote.objects.filter(ballot=ballot).count() == VOTERS
    ballot.refresh_from_db()
    assert ballot.participant_count == VOTERS
    assert timezone.now() < ballot.closes_at

    # Mixing while the close comes: they take turns, and the close counts every vote once.
    with ThreadPoolExecutor(max_workers=2) as pool:
        mixing = pool.submit(_mix_then_release, ballot.pk)
        closing = pool.submit(_close_then_release, ballot)
        mixing.result(timeout=120)
        tally = closing.result(timeout=120)
    expected = Counter(choice_of.values())
    assert {line.option_id: line.count for line in tally.lines.all()} == dict(expected)
    assert tally.participants == VOTERS
    assert CastBallot.objects.filter(ballot=ballot).count() == VOTERS
    assert not SealedVote.objects.filter(ballot=ballot).exists()
    assert counting.recount(ballot).lines == counting.recount(ballot).lines


def _mix_then_release(ballot_id):
    try:
        return services.mix_ballot_box(ballot_id=ballot_id)
    finally:
        connections.close_all()


def _close_then_release(ballot):
    try:
        return services.close_ballot(ballot=ballot, at=ballot.closes_at)
    finally:
        connections.close_all()


def test_a_close_waits_for_a_vote_in_progress_which_is_then_in_the_tally():
    """Votes lock only their turnout shard: without the shared lock on the ballot, a close
    landing while a vote is uncommitted would freeze a tally without it."""
    from datetime import timedelta

    from django.db import transaction

    staff = StaffFactory()
    college = CollegeFactory()
    facilitator = facilitator_of(college, staff)
    voter = make_member(college, staff=staff).user
    ballot = make_ballot(college, facilitator, minutes=30)
    voted, closed = threading.Event(), []

    def vote_and_hold():
        try:
            with transaction.atomic():
                services.cast_vote(
                    ballot=ballot, voter=voter, option_ids=[option(ballot, "for").pk]
                )
                voted.set()
                # The close starts meanwhile; it must wait for this commit.
                assert not closed_event.wait(timeout=1)
        finally:
            connections.close_all()

    closed_event = threading.Event()

    def close():
        try:
            assert voted.wait(timeout=30)
            tally = services.close_ballot(ballot=ballot, at=ballot.closes_at + timedelta(seconds=1))
            closed.append(tally)
            closed_event.set()
        finally:
            connections.close_all()

    with ThreadPoolExecutor(max_workers=2) as pool:
        futures = [pool.submit(vote_and_hold), pool.submit(close)]
        for future in futures:
            future.result(timeout=60)
    [tally] = closed
    assert tally.participants == 1 and tally.expressed == 1

"""Opening and closing ballots, and seating elected delegates, are in the audit log."""

from datetime import timedelta

from club.core.audit.models import AuditEntry
from tests.votes.factories import make_ballot, option
from tests.votes.test_counting import clock, election, voters  # noqa: F401 (fixtures)
from votes import services
from votes.models import Option


def test_opened_and_closed_are_audited(college, facilitator, members, clock):  # noqa: F811
    ballot = make_ballot(college, facilitator, quorum_percent=10)
    opened = AuditEntry.objects.get(action="ballot.opened")
    assert opened.actor == facilitator and opened.target_id == str(ballot.pk)
    assert opened.after["kind"] == "position" and opened.after["quorum_percent"] == 10
    services.cast_vote(
        ballot=ballot, voter=members[0], option_ids=[option(ballot, Option.Role.FOR).pk]
    )
    clock.move_to(ballot.closes_at + timedelta(seconds=1))
    services.close_ballot(ballot=ballot)
    services.close_ballot(ballot=ballot)  # idempotent: one entry
    closed = AuditEntry.objects.get(action="ballot.closed")
    assert closed.actor is None and closed.after["outcome"] == "adopted"
    assert closed.after["participants"] == 1


def test_election_results_applied_are_audited(college, facilitator, voters, clock):  # noqa: F811
    a, b = voters[:2]
    ballot = election(college, facilitator, [a, b], clock)
    for voter in voters[2:5]:
        services.cast_vote(
            ballot=ballot, voter=voter, option_ids=[ballot.options.get(candidate=a).pk]
        )
    clock.move_to(ballot.closes_at + timedelta(seconds=1))
    services.close_ballot(ballot=ballot)
    entry = AuditEntry.objects.get(action="election.results_applied")
    assert entry.target_id == str(ballot.pk) and entry.after["seated"] == [a.pk]

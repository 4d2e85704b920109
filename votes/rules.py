"""Who may do what with ballots: the one place views, templates and the consumer ask.

Built on the colleges' predicates. Registered as `votes.<verb>_<object>` permissions too.
"""

import rules

from club.core.lifecycle import transition_allowed
from colleges import rules as college_rules
from votes.models import Ballot, Elector, Tally


@rules.predicate
def can_open_ballot_in(user, college) -> bool:
    """Facilitators open their college's ballots; staff open the plenary's (and may help anywhere)."""
    if college is None:
        return False
    if college_rules.is_staff(user):
        return True
    return not college.is_plenary and college_rules.is_facilitator(user, college)


@rules.predicate
def can_view_ballot(user, ballot: Ballot) -> bool:
    if ballot is None or not (user and user.is_authenticated):
        return False
    return (
        college_rules.is_staff(user)
        or college_rules.is_member(user, ballot.college)
        or college_rules.is_facilitator(user, ballot.college)
        or Elector.objects.filter(ballot=ballot, user=user).exists()
    )


@rules.predicate
def is_elector(user, ballot: Ballot) -> bool:
    if ballot is None or not (user and user.is_authenticated):
        return False
    return Elector.objects.filter(ballot=ballot, user=user).exists()


@rules.predicate
def is_or_will_be_elector(user, ballot: Ballot) -> bool:
    """An elector, or, before the electorate is frozen at the opening, someone who will be."""
    if ballot is None or not (user and user.is_authenticated):
        return False
    if ballot.electorate_frozen_at is not None:
        return is_elector(user, ballot)
    return ballot.electorate_memberships().filter(user=user).exists()


@rules.predicate
def is_counted(user, ballot: Ballot) -> bool:
    """The scheduled close has written the tally: until then a closed ballot reads « counting »."""
    return ballot is not None and Tally.objects.filter(ballot_id=ballot.pk).exists()


@rules.predicate
def can_stand_for_election(user, ballot: Ballot) -> bool:
    if ballot is None or ballot.kind != Ballot.Kind.ELECTION:
        return False
    return college_rules.is_member(user, ballot.college)


@rules.predicate
def can_manage_ballot(user, ballot: Ballot) -> bool:
    return ballot is not None and can_open_ballot_in(user, ballot.college)


rules.add_perm("votes.open_ballot", can_open_ballot_in)
rules.add_perm("votes.view_ballot", can_view_ballot)
rules.add_perm("votes.vote_in_ballot", is_elector)
rules.add_perm("votes.stand_for_election", can_stand_for_election)
rules.add_perm("votes.manage_ballot", can_manage_ballot)

# Acts of the ballot's lifecycle (`votes.lifecycle`): the person and the clock's state.
can_vote_now = transition_allowed("vote")
can_stand_now = transition_allowed("stand")
can_read_results_now = transition_allowed("read_results")

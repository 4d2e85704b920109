"""Who may do what with change requests and positions: the one place every layer asks.

Predicates take (user, change_request) unless their name says college. Each is registered as
`proposals.<verb>_<object>` so `user.has_perm("proposals.support_request", cr)` works too.

The `is_*` predicates are about the person; the lifecycle table (`proposals.lifecycle`) names
them for each transition and holds the state. The `can_*` predicates of an act in the table ask
`can_transition`: the person *and* the state, the one question every layer asks.
"""

import rules

from club.core.accounts.powers import power
from club.core.lifecycle import transition_allowed
from colleges import rules as college_rules
from colleges.models import DelegateMandate


@rules.predicate
def is_authenticated(user) -> bool:
    return bool(user and user.is_authenticated)


@rules.predicate
def is_author(user, change_request) -> bool:
    return bool(user and user.is_authenticated and change_request.author_id == user.pk)


@rules.predicate
def is_member_of_request_college(user, change_request) -> bool:
    return college_rules.is_member(user, change_request.college)


@rules.predicate
def is_facilitator_of_request_college(user, change_request) -> bool:
    return college_rules.can_moderate_college(user, change_request.college)


@rules.predicate
def is_delegate_for_request(user, change_request) -> bool:
    """Delegates carry their college's requests; the plenary has none, so any delegate carries its."""
    if change_request.college.is_plenary:
        return college_rules.is_any_delegate(user)
    return college_rules.is_delegate(user, change_request.college)


@rules.predicate
def is_draft(user, change_request) -> bool:
    return change_request.status == "draft"


@rules.predicate
def is_supportable(user, change_request) -> bool:
    return change_request.is_supportable


# Filing: any active member of a college (the plenary included) may file, in a college of theirs.
can_file_request = college_rules.is_active_member_of_any_college
can_file_in_college = college_rules.is_member

can_view_request = ~is_draft | is_author | college_rules.is_staff
can_follow_request = is_authenticated & ~is_draft
can_moderate_request = is_facilitator_of_request_college
can_carry_request = is_delegate_for_request | college_rules.is_staff

# Acts of the lifecycle table: the person and the state.
can_support_request = transition_allowed("support")
can_withdraw_request = transition_allowed("withdraw")
can_submit_request = transition_allowed("submit")
can_merge_request = transition_allowed("merge")

# Positions are built by the college's facilitators (or staff).
can_build_position = college_rules.can_moderate_college


@rules.predicate
def can_build_position_of(user, position) -> bool:
    return college_rules.can_moderate_college(user, position.college)


@power("delegate")
def is_delegate_of_position_college(user, position) -> bool:
    """Only the current delegates of the position's own college carry it to the IPM."""
    if not (user and user.is_authenticated) or position is None:
        return False
    return (
        DelegateMandate.objects.current().filter(user=user, college_id=position.college_id).exists()
    )


can_put_position_to_vote = transition_allowed("put_to_vote")
can_escalate_position = transition_allowed("escalate")


@rules.predicate
def is_position_in_preparation(user, position) -> bool:
    return position.status == "draft"


@rules.predicate
def can_read_position_college(user, position) -> bool:
    return college_rules.can_read_college(user, position.college)


# A position in preparation is its college's work in progress; once put to the vote it is public,
# like the requests it carries and the IPM cycles it may reach.
can_view_position = ~is_position_in_preparation | can_read_position_college

rules.add_perm("proposals.file_request", can_file_request)
rules.add_perm("proposals.view_request", can_view_request)
rules.add_perm("proposals.support_request", can_support_request)
rules.add_perm("proposals.withdraw_request", can_withdraw_request)
rules.add_perm("proposals.submit_request", can_submit_request)
rules.add_perm("proposals.merge_request", can_merge_request)
rules.add_perm("proposals.put_position_to_vote", can_put_position_to_vote)
rules.add_perm("proposals.follow_request", can_follow_request)
rules.add_perm("proposals.moderate_request", can_moderate_request)
rules.add_perm("proposals.carry_request", can_carry_request)
rules.add_perm("proposals.build_position", can_build_position)
rules.add_perm("proposals.view_position", can_view_position)

"""Who may do what with meetings: named predicates over (user, meeting) or (user, college).

Facilitating a meeting is moderating its college (`colleges.rules.can_moderate_college`): a
facilitator of that college, with a verified second factor, or staff.
"""

import rules

from club.core.lifecycle import transition_allowed
from colleges import rules as college_rules

# Whoever registered may withdraw, even after leaving the college.
is_signed_in = rules.is_authenticated


@rules.predicate
def can_facilitate_meeting(user, meeting) -> bool:
    return meeting is not None and college_rules.can_moderate_college(user, meeting.college)


@rules.predicate
def can_view_meeting(user, meeting) -> bool:
    """Members of its college (any member, for the plenary), staff, and, when the meeting is
    open to them, members of the other colleges."""
    if meeting is None or not (user and user.is_authenticated):
        return False
    if college_rules.can_read_college(user, meeting.college):
        return True
    return meeting.open_to_other_colleges and college_rules.is_active_member_of_any_college(user)


@rules.predicate
def may_register(user, meeting) -> bool:
    """Whoever sees a meeting may sign up for it (the lifecycle adds the state)."""
    return can_view_meeting(user, meeting)


@rules.predicate
def can_browse_meetings(user, college) -> bool:
    """The list of a college's meetings: its readers, and members of other colleges (who see
    only the meetings open to them)."""
    return college_rules.can_read_college(
        user, college
    ) or college_rules.is_active_member_of_any_college(user)


can_schedule_meeting = college_rules.can_moderate_college

# Acts of the lifecycle (colleges.meetings.lifecycle): the person and the state.
can_register = transition_allowed("register")
can_unregister = transition_allowed("unregister")
can_edit_meeting = transition_allowed("edit")
can_open_registration = transition_allowed("open_registration")
can_cancel_meeting = transition_allowed("cancel")
can_record_attendance = transition_allowed("hold")
can_publish_minutes = transition_allowed("publish_minutes")

rules.add_perm("meetings.view_meeting", can_view_meeting)
rules.add_perm("meetings.facilitate_meeting", can_facilitate_meeting)

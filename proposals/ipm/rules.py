"""Who may do what in IPM cycles. Views, templates and services all ask these predicates.

IPM members are the club's current delegates (`DelegateMandate`) and the other participants
staff register (`IpmParticipant`: federations and public bodies, with no college membership).
"""

import rules

from club.core.accounts.powers import power
from colleges import rules as college_rules
from proposals import rules as proposal_rules


def holds_ipm_seat(user) -> bool:
    """A participant staff registered, whatever the session (the powers registry asks)."""
    if not (user and user.is_authenticated):
        return False
    from proposals.ipm.models import IpmParticipant

    return IpmParticipant.objects.filter(user=user, is_active=True).exists()


# The IPM seat is a power: exercised only with a verified second factor (club/core).
is_ipm_participant = power("ipm_participant")(holds_ipm_seat)


is_ipm_member = college_rules.is_any_delegate | is_ipm_participant


# Cycles, their agenda and reports are public: the club's promise is that every step is visible.
@rules.predicate
def can_view_ipm(user, obj) -> bool:
    return True


can_manage_cycles = college_rules.is_staff
# Escalating is an act of the position's lifecycle (adopted, by its college's delegates).
can_escalate_position = proposal_rules.can_escalate_position
can_instruct_item = college_rules.is_staff | is_ipm_member
can_argue_item = college_rules.is_staff | college_rules.is_any_delegate
can_record_decision = college_rules.is_staff
can_manage_groups = college_rules.is_staff
can_record_minutes = college_rules.is_staff | is_ipm_member
can_manage_pilots = college_rules.is_staff
can_volunteer = college_rules.is_active_member_of_any_college
can_manage_participants = college_rules.is_staff


def holds_working_group_seat(user) -> bool:
    """Named to a working group, whatever the session (the powers registry asks)."""
    if not (user and user.is_authenticated):
        return False
    from proposals.ipm.models import WorkingGroupMember

    return WorkingGroupMember.objects.filter(user=user).exists()


@power("ipm_working_group")
def is_working_group_member(user, group) -> bool:
    """A seat in this working group: its meetings' documents are the group's own."""
    if not (user and user.is_authenticated) or group is None:
        return False
    return any(member.user_id == user.pk for member in group.memberships.all())


can_read_group_documents = can_record_minutes | is_working_group_member

rules.add_perm("proposals.manage_cycles", can_manage_cycles)
rules.add_perm("proposals.escalate_position", can_escalate_position)
rules.add_perm("proposals.instruct_item", can_instruct_item)
rules.add_perm("proposals.argue_item", can_argue_item)
rules.add_perm("proposals.record_decision", can_record_decision)
rules.add_perm("proposals.manage_groups", can_manage_groups)
rules.add_perm("proposals.record_minutes", can_record_minutes)
rules.add_perm("proposals.manage_pilots", can_manage_pilots)
rules.add_perm("proposals.volunteer_pilot", can_volunteer)
rules.add_perm("proposals.manage_participants", can_manage_participants)

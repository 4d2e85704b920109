"""Who may do what in IPM cycles. Views, templates and services all ask these predicates.

IPM members are the club's current delegates (`DelegateMandate`) and the other participants
staff register (`IpmParticipant`: federations and public bodies, with no college membership).
"""

import rules

from colleges import rules as college_rules
from proposals import rules as proposal_rules


@rules.predicate
def is_ipm_participant(user) -> bool:
    if not (user and user.is_authenticated):
        return False
    from proposals.ipm.models import IpmParticipant

    return IpmParticipant.objects.filter(user=user, is_active=True).exists()


is_ipm_member = college_rules.is_any_delegate | is_ipm_participant

# Cycles, their agenda and reports are public: the club's promise is that every step is visible.
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

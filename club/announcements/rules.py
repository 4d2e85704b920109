"""Who may broadcast: facilitators to their college, staff to everyone."""

import rules

from colleges import rules as college_rules


@rules.predicate
def can_announce_to(user, college) -> bool:
    """Facilitators write to their own college; staff to any college (None: every member)."""
    if college is None:
        return college_rules.is_staff(user)
    return college_rules.can_moderate_college(user, college)


@rules.predicate
def can_announce(user) -> bool:
    return college_rules.is_staff(user) or college_rules.is_any_facilitator(user)


can_send_newsletter = college_rules.is_staff
# The letters announce what the club published: every signed-in person may read the archive.
can_read_newsletters = rules.is_authenticated

rules.add_perm("announcements.announce", can_announce)
rules.add_perm("announcements.announce_to", can_announce_to)
rules.add_perm("announcements.send_newsletter", can_send_newsletter)
rules.add_perm("announcements.read_newsletters", can_read_newsletters)

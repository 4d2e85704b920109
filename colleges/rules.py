"""Who may do what in the colleges: the one place views, templates, API and consumers ask.

Predicates take (user, college) unless said otherwise. Each rule is registered under
`colleges.<verb>_<object>` so `user.has_perm("colleges.moderate_college", college)` works too.
"""

import rules

from club.core.accounts import powers
from club.core.accounts.powers import power
from club.core.lifecycle import transition_allowed
from colleges.models import DelegateMandate, FacilitatorRole, Membership

# The club's team, gated by the ground floor like every role below (club/core/accounts/powers.py).
is_staff = powers.is_staff


@rules.predicate
def is_active_member_of_any_college(user) -> bool:
    if not (user and user.is_authenticated):
        return False
    return Membership.objects.active().filter(user=user, college__is_plenary=False).exists()


@rules.predicate
def is_member(user, college) -> bool:
    """An active member of this college; for the plenary, of any college."""
    if not (user and user.is_authenticated) or college is None:
        return False
    if college.is_plenary:
        return is_active_member_of_any_college(user)
    return Membership.objects.active().filter(user=user, college=college).exists()


# Roles: each answers yes only once the acting session verified a second factor (`power`), so
# every rule built on them (moderating, announcing, opening ballots, carrying requests to the
# IPM...) needs one. Who merely *holds* a role is `holds_*` below, for the powers registry.


@power("facilitator")
def is_facilitator(user, college) -> bool:
    if not (user and user.is_authenticated) or college is None:
        return False
    return FacilitatorRole.objects.current().filter(user=user, college=college).exists()


@power("delegate")
def is_delegate(user, college) -> bool:
    if not (user and user.is_authenticated) or college is None:
        return False
    return DelegateMandate.objects.current().filter(user=user, college=college).exists()


def holds_facilitator_role(user) -> bool:
    """Facilitates a college now, whatever the session (the powers registry asks)."""
    return (
        bool(user and user.is_authenticated)
        and FacilitatorRole.objects.current().filter(user=user).exists()
    )


def holds_delegate_mandate(user) -> bool:
    """Holds a delegate's mandate now, whatever the session (the powers registry asks)."""
    return (
        bool(user and user.is_authenticated)
        and DelegateMandate.objects.current().filter(user=user).exists()
    )


is_any_facilitator = power("facilitator")(holds_facilitator_role)
is_any_delegate = power("delegate")(holds_delegate_mandate)


@rules.predicate
def is_applicant(user, application) -> bool:
    return bool(user and user.is_authenticated and application.applicant_id == user.pk)


can_read_college = is_member | is_staff
can_moderate_college = is_facilitator | is_staff
can_manage_memberships = is_staff
can_validate_applications = is_staff

rules.add_perm("colleges.read_college", can_read_college)
rules.add_perm("colleges.moderate_college", can_moderate_college)
rules.add_perm("colleges.manage_memberships", can_manage_memberships)
rules.add_perm("colleges.validate_applications", can_validate_applications)

# The directory lists a college's members to the other members of that college.
can_view_directory = is_member | is_staff
# Facilitators see who belongs to their college; only staff suspend, reinstate and appoint.
can_view_memberships = is_facilitator | is_staff
can_manage_roles = is_staff

rules.add_perm("colleges.view_directory", can_view_directory)
rules.add_perm("colleges.view_memberships", can_view_memberships)
rules.add_perm("colleges.manage_roles", can_manage_roles)

# Acts of the application lifecycle (`colleges.lifecycle`): the person and the state.
can_withdraw_application = transition_allowed("withdraw")
can_resubmit_application = transition_allowed("resubmit")
can_decide_application = transition_allowed("approve")

rules.add_perm("colleges.withdraw_application", can_withdraw_application)
rules.add_perm("colleges.resubmit_application", can_resubmit_application)

"""Who may read the audit log: the club's staff."""

import rules

from club.core.accounts.powers import is_staff


@rules.predicate
def is_active(user) -> bool:
    return bool(user and user.is_authenticated and user.is_active)


# Staff, with a verified second factor (club/core/accounts/powers.py).
can_view_audit_log = is_active & is_staff

rules.add_perm("audit.view_log", can_view_audit_log)

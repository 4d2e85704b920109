"""Who may read the audit log: the club's staff."""

import rules


@rules.predicate
def is_staff(user) -> bool:
    return bool(user and user.is_authenticated and user.is_active and user.is_staff)


can_view_audit_log = is_staff

rules.add_perm("audit.view_log", can_view_audit_log)

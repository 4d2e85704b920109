"""Who may read a whitepaper draft under consultation, comment on it and moderate comments."""

import rules

from club.core.lifecycle import transition_allowed
from colleges.rules import is_member, is_staff


@rules.predicate
def is_contributor(user, consultation) -> bool:
    if not (user and user.is_authenticated):
        return False
    return any(person.pk == user.pk for person in consultation.draft.contributor_users.all())


@rules.predicate
def is_member_of_contributing_college(user, consultation) -> bool:
    if not (user and user.is_authenticated):
        return False
    return any(is_member(user, college) for college in consultation.draft.colleges.all())


# The draft's own contributing colleges and contributors decide who reads it: they live in the
# latest revision until it is published.
can_see_all_comments = is_staff | is_contributor
# Who may comment when the consultation is open (the lifecycle table holds the state).
may_comment = can_see_all_comments | is_member_of_contributing_college
can_comment = transition_allowed("comment")


@rules.predicate
def is_open(user, consultation) -> bool:
    return consultation.is_open()


can_read_consultation = can_see_all_comments | (is_member_of_contributing_college & is_open)


@rules.predicate
def can_moderate_comments(user, consultation) -> bool:
    return bool(is_staff(user))


@rules.predicate
def can_moderate_comment(user, comment) -> bool:
    return bool(can_moderate_comments(user, comment.consultation))


@rules.predicate
def can_edit_whitepaper(user, page) -> bool:
    """Wagtail's page permissions: drafters edit the whitepapers under the index."""
    return bool(user and user.is_authenticated and page.permissions_for_user(user).can_edit())


can_publish_whitepaper = is_staff


rules.add_perm("whitepapers.read_consultation", can_read_consultation)
rules.add_perm("whitepapers.comment_consultation", can_comment)
rules.add_perm("whitepapers.moderate_consultation", can_moderate_comments)

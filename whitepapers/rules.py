"""Who may read a whitepaper draft under consultation, comment on it and moderate comments."""

import rules
from django.utils import timezone

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


@rules.predicate
def has_opened(user, consultation) -> bool:
    return consultation.opens_at <= timezone.now()


@rules.predicate
def is_open(user, consultation) -> bool:
    return consultation.is_open()


# The draft's own contributing colleges and contributors decide who reads it: they live in the
# latest revision until it is published.
can_see_all_comments = is_staff | is_contributor
can_read_consultation = can_see_all_comments | (is_member_of_contributing_college & is_open)
can_comment = is_open & (can_see_all_comments | is_member_of_contributing_college)


@rules.predicate
def can_moderate_comments(user, consultation) -> bool:
    return bool(is_staff(user))


rules.add_perm("whitepapers.read_consultation", can_read_consultation)
rules.add_perm("whitepapers.comment_consultation", can_comment)
rules.add_perm("whitepapers.moderate_consultation", can_moderate_comments)

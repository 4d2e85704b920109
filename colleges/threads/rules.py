"""Who may read, write and moderate themes and threads; views, templates and consumers ask these.

Registered as `colleges.<verb>_<object>` so `user.has_perm("colleges.read_thread", thread)` works.
"""

from datetime import timedelta

import rules
from django.utils import timezone

from colleges.rules import (
    can_moderate_college,
    can_read_college,
    is_any_facilitator,
    is_member,
    is_staff,
)

EDIT_WINDOW = timedelta(minutes=30)


@rules.predicate
def can_read_theme(user, theme) -> bool:
    return theme is not None and can_read_college(user, theme.college)


@rules.predicate
def can_read_thread(user, thread) -> bool:
    return thread is not None and can_read_college(user, thread.college)


@rules.predicate
def can_manage_themes(user, college) -> bool:
    """Open, describe and close themes: the college's facilitators and staff."""
    return college is not None and can_moderate_college(user, college)


@rules.predicate
def can_moderate_thread(user, thread) -> bool:
    return thread is not None and can_moderate_college(user, thread.college)


@rules.predicate
def can_open_thread(user, theme) -> bool:
    if theme is None or not theme.is_open:
        return False
    if can_moderate_college(user, theme.college):
        return True
    return theme.college.members_may_open_threads and is_member(user, theme.college)


@rules.predicate
def can_post_in_thread(user, thread) -> bool:
    if thread is None or thread.is_archived:
        return False
    if thread.is_locked:
        return can_moderate_college(user, thread.college)
    return is_member(user, thread.college) or is_staff(user)


def post_is_editable_by(user, post, thread) -> bool:
    """The part of `can_edit_post` that needs no query, for lists of posts of a readable thread."""
    if not (user and user.is_authenticated) or post.author_id != user.pk:
        return False
    if post.is_hidden or not thread.accepts_posts:
        return False
    return timezone.now() - post.created_at <= EDIT_WINDOW


def post_is_reportable_by(user, post) -> bool:
    return bool(user and user.is_authenticated) and post.author_id != user.pk and not post.is_hidden


@rules.predicate
def can_edit_post(user, post) -> bool:
    """Its author, within the edit window, while the post is visible and the thread open."""
    return (
        post is not None
        and post_is_editable_by(user, post, post.thread)
        and can_read_thread(user, post.thread)
    )


@rules.predicate
def can_report_post(user, post) -> bool:
    return (
        post is not None
        and post_is_reportable_by(user, post)
        and can_read_thread(user, post.thread)
    )


def post_takes_reactions(post, *, can_post: bool) -> bool:
    """The part of `can_react_to_post` that needs no query, for lists of posts of a thread whose
    `can_post_in_thread` is known: a hidden post takes none."""
    return can_post and not post.is_hidden


@rules.predicate
def can_react_to_post(user, post) -> bool:
    """Those who may post in the thread may react to its visible posts."""
    return (
        post is not None
        and bool(user and user.is_authenticated)
        and can_read_thread(user, post.thread)
        and post_takes_reactions(post, can_post=can_post_in_thread(user, post.thread))
    )


# Staff read the whole log; a facilitator reads the part of the colleges they facilitate
# (`selectors.moderation_log_colleges`).
can_see_moderation_log = is_staff | is_any_facilitator


rules.add_perm("colleges.read_theme", can_read_theme)
rules.add_perm("colleges.read_thread", can_read_thread)
rules.add_perm("colleges.manage_themes", can_manage_themes)
rules.add_perm("colleges.moderate_thread", can_moderate_thread)
rules.add_perm("colleges.open_thread", can_open_thread)
rules.add_perm("colleges.post_in_thread", can_post_in_thread)
rules.add_perm("colleges.edit_post", can_edit_post)
rules.add_perm("colleges.report_post", can_report_post)
rules.add_perm("colleges.react_to_post", can_react_to_post)
rules.add_perm("colleges.see_moderation_log", can_see_moderation_log)

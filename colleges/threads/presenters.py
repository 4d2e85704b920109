"""How a post is shown to one reader: shared by the thread page and the live consumer."""

import hashlib

from django.core.cache import cache
from django.template.loader import render_to_string
from django.utils import translation
from django.utils.safestring import mark_safe

from colleges.threads import rules


def reader_flags(post, *, user, thread, can_moderate: bool) -> tuple[bool, bool, bool, bool]:
    """What one reader may do with a post: own, editable, reportable, moderatable."""
    return (
        bool(user.is_authenticated and post.author_id == user.pk),
        rules.post_is_editable_by(user, post, thread),
        rules.post_is_reportable_by(user, post),
        can_moderate,
    )


def decorate_posts(
    posts,
    *,
    user,
    thread,
    last_read: int = 0,
    can_moderate: bool = False,
    reactions: dict | None = None,
    can_post: bool = False,
):
    """Attach the per-reader flags the post template needs, without any query per post.
    `reactions` (from `selectors.reactions_by_post`) is for `add_reactions`."""
    posts = list(posts)
    for post in posts:
        post.reaction_lines = reactions.get(post.pk) if reactions is not None else None
        post.can_react = rules.post_takes_reactions(post, can_post=can_post)
        post.thread = thread
        flags = reader_flags(post, user=user, thread=thread, can_moderate=can_moderate)
        post.is_own, post.editable, post.reportable, post.moderatable = flags
        post.unread = bool(user.is_authenticated and last_read and post.pk > last_read)
    return posts


def render_post(post) -> str:
    return render_to_string("colleges/threads/_post.html", {"post": post})


# Rendering 50 posts was most of a thread page's time (make bench). A post's HTML depends on
# the post (its revision changes with every edit or moderation), its author's and quoted
# author's names, the thread's state, the language and the reader's flags: the same inputs
# give the same HTML, so it is cached under a digest of all of them, shared by every reader
# with the same flags, and never holds anything else about the reader. The page reads those
# inputs as plain rows (`selectors.post_summaries`) and builds posts only for cache misses.
POST_HTML_TTL = 60 * 60 * 24


def _post_key(post, thread) -> str:
    inputs = [
        post.pk,
        post.revision,
        post.thread_id,
        thread.accepts_posts,
        translation.get_language(),
        post.author_key,
        post.reply_to_id,
        post.reply_author_key,
        post.is_own,
        post.editable,
        post.reportable,
        post.unread,
        post.moderatable,
        post.attachment_tokens,
    ]
    digest = hashlib.sha256(repr(inputs).encode()).hexdigest()[:40]
    return f"post-html:{post.pk}:{digest}"


def render_posts(summaries, *, thread) -> None:
    """Set `html` on each decorated summary: one cache round trip, one query and the
    template for the misses only."""
    from colleges.threads.selectors import posts_of

    keys = {summary.pk: _post_key(summary, thread) for summary in summaries}
    found = cache.get_many(list(keys.values())) if keys else {}
    missing = [summary for summary in summaries if keys[summary.pk] not in found]
    if missing:
        by_pk = {summary.pk: summary for summary in missing}
        rendered = {}
        for post in posts_of(thread).filter(pk__in=by_pk):
            summary = by_pk[post.pk]
            post.thread = thread
            for flag in ("is_own", "editable", "reportable", "unread", "moderatable"):
                setattr(post, flag, getattr(summary, flag))
            rendered[keys[post.pk]] = str(render_post(post))
        cache.set_many(rendered, POST_HTML_TTL)
        found.update(rendered)
    for summary in summaries:
        summary.html = mark_safe(found.get(keys[summary.pk], ""))  # our template's output


# The reactions bar holds this reader's forms (CSRF and one-time tokens) and changes with every
# click: it never enters the cached HTML, which keeps a marker where `add_reactions` puts it.
REACTIONS_SLOT = "<!--club-reactions-slot-->"


def add_reactions(posts, request) -> None:
    """Put each post's reactions bar, rendered for this request, into its (cached) HTML. A post
    pushed live keeps the invisible marker and shows its reactions at the next load."""
    for post in posts:
        if post.reaction_lines is None or REACTIONS_SLOT not in post.html:
            continue
        bar = render_to_string("colleges/threads/_reactions.html", {"post": post}, request=request)
        post.html = mark_safe(post.html.replace(REACTIONS_SLOT, bar, 1))  # our templates' output

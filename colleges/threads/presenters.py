"""How a post is shown to one reader: shared by the thread page and the live consumer."""

import hashlib

from django.core.cache import cache
from django.template.loader import render_to_string
from django.utils import translation
from django.utils.safestring import mark_safe

from colleges.threads import rules


def decorate_posts(posts, *, user, thread, last_read: int = 0, can_moderate: bool = False):
    """Attach the per-reader flags the post template needs, without any query per post."""
    posts = list(posts)
    for post in posts:
        post.thread = thread
        post.is_own = bool(user.is_authenticated and post.author_id == user.pk)
        post.editable = rules.post_is_editable_by(user, post, thread)
        post.reportable = rules.post_is_reportable_by(user, post)
        post.unread = bool(user.is_authenticated and last_read and post.pk > last_read)
        post.moderatable = can_moderate
    return posts


def render_post(post) -> str:
    return render_to_string("colleges/threads/_post.html", {"post": post})


# Rendering 50 posts was most of a thread page's time (make bench). A post's HTML depends on
# the post (its revision changes with every edit or moderation), its author's and quoted
# author's names, the thread's state, the language and the reader's flags: the same inputs
# give the same HTML, so it is cached under a digest of all of them, shared by every reader
# with the same flags, and never holds anything else about the reader.
POST_HTML_TTL = 60 * 60 * 24


def _name(user) -> str:
    return f"{user.pk}:{user.get_full_name()}:{user.email}" if user else "-"


def _post_key(post) -> str:
    reply_author = post.reply_to.author if post.reply_to_id and post.reply_to else None
    inputs = [
        post.pk,
        post.revision,
        post.thread_id,
        post.thread.accepts_posts,
        translation.get_language(),
        _name(post.author),
        post.reply_to_id,
        _name(reply_author),
        post.is_own,
        post.editable,
        post.reportable,
        post.unread,
        post.moderatable,
        [item.token for item in post.attachments.all()],
    ]
    digest = hashlib.sha256(repr(inputs).encode()).hexdigest()[:40]
    return f"post-html:{post.pk}:{digest}"


def render_posts(posts) -> None:
    """Set `html` on each decorated post: one cache round trip, templates only for misses."""
    keys = {post.pk: _post_key(post) for post in posts}
    found = cache.get_many(list(keys.values())) if keys else {}
    missing = {}
    for post in posts:
        html = found.get(keys[post.pk])
        if html is None:
            html = missing[keys[post.pk]] = str(render_post(post))
        post.html = mark_safe(html)  # our own template's output, escaped there
    if missing:
        cache.set_many(missing, POST_HTML_TTL)

"""How a post is shown to one reader: shared by the thread page and the live consumer."""

from django.template.loader import render_to_string

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

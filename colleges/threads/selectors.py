"""Reads shared by the pages and the live consumer, each with a fixed number of queries."""

from django.db.models import Count, Exists, OuterRef, Prefetch, Q, Subquery, Value
from django.db.models.functions import Coalesce

from colleges.models import (
    Attachment,
    College,
    ModerationAction,
    Post,
    Report,
    Theme,
    ThemeFollow,
    Thread,
    ThreadFollow,
    ThreadReadState,
)


def _read_state(user):
    return ThreadReadState.objects.filter(user=user, thread=OuterRef("pk")).values(
        "last_read_post_id"
    )[:1]


def _with_unread(threads, user):
    if not user.is_authenticated:
        return threads.annotate(unread=Value(0))
    return threads.annotate(
        unread=Count(
            "posts",
            filter=Q(posts__pk__gt=Coalesce(Subquery(_read_state(user)), Value(0)))
            & Q(posts__is_hidden=False),
            distinct=True,
        ),
        followed=Exists(ThreadFollow.objects.filter(user=user, thread=OuterRef("pk"))),
    )


def themes_of(college: College, user):
    """The college's themes, open first, with their thread counts and whether `user` follows."""
    themes = Theme.objects.filter(college=college).annotate(
        thread_count=Count("threads", filter=Q(threads__is_archived=False)),
    )
    if user.is_authenticated:
        themes = themes.annotate(
            followed=Exists(ThemeFollow.objects.filter(user=user, theme=OuterRef("pk")))
        )
    return themes.select_related("opened_by").order_by("closed_at", "-opened_at")


def threads_of(theme: Theme, user, *, tag: str | None = None, archived: bool = False):
    threads = Thread.objects.filter(theme=theme, is_archived=archived)
    if tag:
        threads = threads.filter(tags__slug=tag)
    return _with_unread(threads, user).select_related("opened_by").prefetch_related("tags").listed()


def followed_threads(user):
    """Threads the person follows, and every thread of the themes they follow."""
    threads = Thread.objects.filter(
        Q(pk__in=ThreadFollow.objects.filter(user=user).values("thread"))
        | Q(theme__in=ThemeFollow.objects.filter(user=user).values("theme")),
        is_archived=False,
    )
    return (
        _with_unread(threads, user)
        .select_related("theme", "college")
        .prefetch_related("tags")
        .order_by("-last_post_at", "-pk")
    )


def posts_of(thread: Thread, *, since_revision: int | None = None):
    posts = Post.objects.filter(thread=thread)
    if since_revision is not None:
        posts = posts.filter(revision__gt=since_revision)
    return posts.select_related("author", "reply_to__author").prefetch_related(
        Prefetch("attachments", queryset=Attachment.objects.order_by("pk"))
    )


def last_read_post_id(thread: Thread, user) -> int:
    if not user.is_authenticated:
        return 0
    return (
        ThreadReadState.objects.filter(user=user, thread=thread)
        .values_list("last_read_post_id", flat=True)
        .first()
        or 0
    )


def open_reports(college: College):
    """Reported posts awaiting a facilitator, each with its open reports."""
    return (
        Post.objects.filter(thread__college=college, reports__resolved_at__isnull=True)
        .annotate(open_reports=Count("reports", filter=Q(reports__resolved_at__isnull=True)))
        .select_related("author", "thread__theme")
        .prefetch_related(
            Prefetch(
                "reports",
                queryset=Report.objects.filter(resolved_at__isnull=True).select_related("reporter"),
                to_attr="pending_reports",
            )
        )
        .order_by("pk")
        .distinct()
    )


def moderation_log(college: College | None = None):
    actions = ModerationAction.objects.select_related("actor", "college", "theme", "thread", "post")
    if college is not None:
        actions = actions.filter(college=college)
    return actions


def change_requests_from(thread: Thread) -> list:
    """Change requests filed from this thread (drafts excepted), in one query."""
    return list(
        thread.change_requests.exclude(status="draft")
        .select_related("college")
        .only("pk", "title", "status", "support_count", "college__name", "source_thread_id")
        .order_by("-created_at", "-pk")
    )

"""Reads shared by the pages and the live consumer, each with a fixed number of queries."""

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import datetime

from django.db.models import Count, Exists, Min, OuterRef, Prefetch, Q, Subquery, Value
from django.db.models.functions import Coalesce
from django.utils.translation import gettext as _

from club.core.domain import access, ensure
from colleges.models import College, FacilitatorRole
from colleges.threads import rules
from colleges.threads.models import (
    Attachment,
    ModerationAction,
    Post,
    Reaction,
    Report,
    Theme,
    ThemeFollow,
    Thread,
    ThreadFollow,
    ThreadReadState,
)

# --- Fetch and authorise (after Zulip's access_*): pages, API and consumers get an object by its
# identifier through these, so none forgets the check; unknown or unreadable is NotVisible (404).


def access_theme(user, pk: int) -> Theme:
    return access(Theme.objects.select_related("college"), user, rules.can_read_theme, pk=pk)


def access_thread(user, pk: int) -> Thread:
    return access(
        Thread.objects.select_related("college", "theme", "opened_by"),
        user,
        rules.can_read_thread,
        pk=pk,
    )


def access_post(user, pk: int) -> Post:
    return access(
        Post.objects.select_related("thread__theme", "thread__college", "author"),
        user,
        lambda user, post: rules.can_read_thread(user, post.thread),
        pk=pk,
    )


def _may_open_attachment(user, attachment: Attachment) -> bool:
    """A hidden post's files stay with its author and the moderators."""
    post, thread = attachment.post, attachment.thread
    return rules.can_read_thread(user, thread) and (
        not post.is_hidden or post.author_id == user.pk or rules.can_moderate_thread(user, thread)
    )


def access_attachment(user, thread_pk: int, token: str) -> Attachment:
    return access(
        Attachment.objects.select_related("thread__college", "post"),
        user,
        _may_open_attachment,
        token=token,
        thread_id=thread_pk,
    )


def reply_target(thread: Thread, post_id: int | None) -> Post | None:
    """The post of `thread` that a new post answers, None when it answers none.

    A post that does not exist in this thread is refused rather than dropped: dropping it
    published the answer as if it answered nobody, without a word to its author.
    """
    if not post_id:
        return None
    post = Post.objects.filter(thread=thread, pk=post_id).first()
    ensure(
        post is not None,
        _("Le message auquel vous répondez n'existe pas (ou plus) dans ce fil."),
        code="reply_to",
    )
    return post


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


@dataclass
class PostSummary:
    """What a thread page needs of a post whose HTML is cached: no model, no body."""

    pk: int
    thread_id: int
    author_id: int | None
    reply_to_id: int | None
    created_at: datetime
    revision: int
    is_hidden: bool
    author_key: str
    reply_author_key: str
    attachment_tokens: list[str] = field(default_factory=list)


_PERSON = ("id", "first_name", "last_name", "email")
SUMMARY_COLUMNS = (
    *("pk", "thread_id", "author_id", "reply_to_id", "created_at", "revision", "is_hidden"),
    *(f"author__{name}" for name in _PERSON),
    *(f"reply_to__author__{name}" for name in _PERSON),
)


def _person_key(pk, first_name, last_name, email) -> str:
    """Everything of a person that shows in a post (erasure changes the e-mail): a change
    makes a new cache key."""
    return "-" if pk is None else f"{pk}:{first_name} {last_name}:{email}"


def post_rows(thread: Thread):
    """The thread's posts in reading order, as rows for `post_summaries` (paginate these)."""
    return Post.objects.filter(thread=thread).order_by("pk").values_list(*SUMMARY_COLUMNS)


def post_summaries(rows) -> list[PostSummary]:
    rows = list(rows)
    tokens = defaultdict(list)
    if rows:
        attachments = Attachment.objects.filter(post_id__in=[row[0] for row in rows])
        for post_id, token in attachments.order_by("pk").values_list("post_id", "token"):
            tokens[post_id].append(token)
    people = len(_PERSON)
    return [
        PostSummary(
            *row[:7],
            author_key=_person_key(*row[7 : 7 + people]),
            reply_author_key=_person_key(*row[7 + people :]),
            attachment_tokens=tokens[row[0]],
        )
        for row in rows
    ]


@dataclass(frozen=True)
class ReactionLine:
    """One kind of reaction on one post, as a reader sees it: who gave it and whether they did."""

    kind: str
    emoji: str
    label: str
    names: tuple[str, ...]
    mine: bool

    @property
    def count(self) -> int:
        return len(self.names)


def reactions_by_post(post_ids, user) -> dict[int, list[ReactionLine]]:
    """Every reaction of these posts in one query: each post gets one line per kind, in the
    order of `Reaction.Kind`, given or not (a kind nobody gave has no names)."""
    given: dict[int, dict[str, list]] = defaultdict(lambda: defaultdict(list))
    post_ids = list(post_ids)
    if post_ids:
        rows = (
            Reaction.objects.filter(post_id__in=post_ids)
            .order_by("created_at", "pk")
            .values_list("post_id", "kind", "user_id", "user__first_name", "user__last_name")
        )
        for post_id, kind, user_id, first_name, last_name in rows:
            name = f"{first_name} {last_name}".strip() or _("Un membre")
            given[post_id][kind].append((user_id, name))
    me = user.pk if user.is_authenticated else None
    return {
        post_id: [
            ReactionLine(
                kind=kind,
                emoji=Reaction.EMOJI[kind],
                label=str(label),
                names=tuple(name for _user, name in given[post_id][kind]),
                mine=any(user_id == me for user_id, _name in given[post_id][kind]),
            )
            for kind, label in Reaction.Kind.choices
        ]
        for post_id in post_ids
    }


def post_position(thread: Thread, post_id: int) -> int:
    """How many posts of the thread come up to `post_id` included (to find its page)."""
    return Post.objects.filter(thread=thread, pk__lte=post_id).count()


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
    """Reported posts awaiting a facilitator, each with its open reports, oldest report first.

    `reports__resolved_at__isnull=True` would also match posts that have no report at all (the
    join is an outer one): a post is in the queue when an open report exists for it.
    """
    pending = Report.objects.filter(resolved_at__isnull=True)
    return (
        Post.objects.filter(thread__college=college)
        .filter(Exists(pending.filter(post=OuterRef("pk"))))
        .annotate(
            open_reports=Count("reports", filter=Q(reports__resolved_at__isnull=True)),
            first_reported_at=Min(
                "reports__created_at", filter=Q(reports__resolved_at__isnull=True)
            ),
        )
        .select_related("author", "thread__theme")
        .prefetch_related(
            Prefetch(
                "reports",
                queryset=pending.select_related("reporter"),
                to_attr="pending_reports",
            )
        )
        .order_by("first_reported_at", "pk")
    )


def moderation_log_colleges(user):
    """The colleges whose moderation log `user` reads: all for staff, their own for facilitators."""
    colleges = College.objects.order_by("name")
    if user.is_staff:
        return colleges
    return colleges.filter(
        pk__in=FacilitatorRole.objects.current().filter(user=user).values("college_id")
    )


def moderation_log(user, college: College | None = None):
    """Moderation acts `user` may read, newest first, optionally of one of their colleges."""
    actions = ModerationAction.objects.select_related(
        "actor", "college", "theme", "thread", "post"
    ).filter(college__in=moderation_log_colleges(user))
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

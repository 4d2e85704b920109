"""API of the threads: themes, threads and posts of a college.

Same rules (`colleges.threads.rules`), selectors and services as the pages; mounted by the
roof (`club/api/main.py`).
"""

from datetime import datetime

from ninja import Field, Query, Router, Schema
from ninja.responses import Status as Answer
from pydantic import ConfigDict

from club.core.api.auth import MEMBER, WRITE, caller
from club.core.api.errors import problems
from club.core.api.forms import validated
from club.core.api.pagination import Page, PageParams, paginate
from club.core.api.schemas import NOT_BLANK, InputSchema, PersonRef, person
from club.core.api.throttling import act_limits
from club.core.api.utils import created_at_location
from colleges import selectors as college_selectors
from colleges.threads import selectors as thread_selectors
from colleges.threads import services as thread_services
from colleges.threads.forms import PostForm, ThreadForm

router = Router(tags=["threads"])

# What one may not read answers 404 (the `access_*` selectors), never 403.
READ_ERRORS = (401, 404, 422, 429)
WRITE_ERRORS = (401, 403, 404, 409, 422, 429)


class ThemeOut(Schema):
    id: int
    college: str
    title: str
    description: str
    is_open: bool
    opened_at: datetime
    closed_at: datetime | None
    thread_count: int

    @staticmethod
    def resolve_college(obj) -> str:
        return obj.college.slug


class ThreadOut(Schema):
    id: int
    theme: int
    college: str
    title: str
    opened_by: PersonRef | None
    created_at: datetime
    last_post_at: datetime
    post_count: int
    is_locked: bool
    is_pinned: bool
    is_archived: bool
    tags: list[str]
    unread: int = 0

    @staticmethod
    def resolve_theme(obj) -> int:
        return obj.theme_id

    @staticmethod
    def resolve_college(obj) -> str:
        return obj.college.slug

    @staticmethod
    def resolve_opened_by(obj):
        return person(obj.opened_by)

    @staticmethod
    def resolve_tags(obj) -> list[str]:
        return sorted(t.name for t in obj.tags.all())


class PostOut(Schema):
    id: int
    thread: int
    author: PersonRef | None
    body: str = Field(description="Texte Markdown (vide si le message est masqué).")
    body_html: str = Field(description="Rendu HTML assaini (vide si le message est masqué).")
    reply_to: int | None
    created_at: datetime
    edited_at: datetime | None
    is_hidden: bool

    @staticmethod
    def resolve_thread(obj) -> int:
        return obj.thread_id

    @staticmethod
    def resolve_author(obj):
        return person(obj.author)

    @staticmethod
    def resolve_body(obj) -> str:
        return "" if obj.is_hidden else obj.body

    @staticmethod
    def resolve_body_html(obj) -> str:
        return "" if obj.is_hidden else obj.body_html

    @staticmethod
    def resolve_reply_to(obj) -> int | None:
        return obj.reply_to_id


class ThreadIn(InputSchema):
    model_config = ConfigDict(
        json_schema_extra={
            "examples": [
                {
                    "title": "Rejet pour code service absent",
                    "body": "Depuis lundi, nos factures sont rejetées…",
                    "tags": ["rejet"],
                }
            ]
        }
    )

    title: str = Field(min_length=1, pattern=NOT_BLANK, max_length=200)
    body: str = Field(min_length=1, pattern=NOT_BLANK, max_length=20000)
    tags: list[str] = Field(default_factory=list, max_length=10)


class PostIn(InputSchema):
    model_config = ConfigDict(
        json_schema_extra={
            "examples": [{"body": "**Oui**, chez nous aussi depuis la version 2027.1."}]
        }
    )

    body: str = Field(min_length=1, pattern=NOT_BLANK, max_length=20000)
    reply_to: int | None = Field(None, ge=1, le=2**63 - 1)


@router.get(
    "/colleges/{slug}/themes",
    auth=MEMBER,
    response={200: list[ThemeOut], **problems(*READ_ERRORS)},
    summary="Thèmes d'un collège",
)
def list_themes(request, slug: str):
    college = college_selectors.access_college(caller(request), slug)
    return list(thread_selectors.themes_of(college, caller(request)).select_related("college"))


class ThreadFilters(Schema):
    tag: str | None = Field(None, max_length=100)
    archived: bool = False


@router.get(
    "/themes/{int:pk}/threads",
    auth=MEMBER,
    response={200: Page[ThreadOut], **problems(*READ_ERRORS)},
    summary="Fils d'un thème",
)
def list_threads(request, pk: int, filters: Query[ThreadFilters], page: Query[PageParams]):
    theme = thread_selectors.access_theme(caller(request), pk)
    queryset = thread_selectors.threads_of(
        theme, caller(request), tag=filters.tag, archived=filters.archived
    ).select_related("college")
    return paginate(request, queryset, page)


@router.post(
    "/themes/{int:pk}/threads",
    auth=WRITE,
    response={201: ThreadOut, **problems(*WRITE_ERRORS)},
    summary="Ouvrir un fil",
    throttle=act_limits("post"),
)
def open_thread(request, pk: int, payload: ThreadIn):
    theme = thread_selectors.access_theme(caller(request), pk)
    user = caller(request)
    # The person first (403), then the theme's state (409), before the body (422).
    thread_services.ensure_may_open_thread(user, theme)
    data = validated(
        ThreadForm({"title": payload.title, "body": payload.body, "tags": ", ".join(payload.tags)})
    )
    thread = thread_services.open_thread(
        theme=theme, actor=user, title=data["title"], body=data["body"], tags=data["tags"]
    )
    created_at_location(request, f"/api/v1/threads/{thread.pk}")
    return Answer(201, thread_selectors.access_thread(caller(request), thread.pk))


@router.get(
    "/threads/{int:pk}",
    auth=MEMBER,
    response={200: ThreadOut, **problems(*READ_ERRORS)},
    summary="Lire un fil",
)
def get_thread(request, pk: int):
    return thread_selectors.access_thread(caller(request), pk)


@router.get(
    "/threads/{int:pk}/posts",
    auth=MEMBER,
    response={200: Page[PostOut], **problems(*READ_ERRORS)},
    summary="Messages d'un fil",
)
def list_posts(request, pk: int, page: Query[PageParams]):
    thread = thread_selectors.access_thread(caller(request), pk)
    return paginate(request, thread_selectors.posts_of(thread).order_by("created_at", "pk"), page)


@router.post(
    "/threads/{int:pk}/posts",
    auth=WRITE,
    response={201: PostOut, **problems(*WRITE_ERRORS)},
    summary="Répondre dans un fil",
    throttle=act_limits("post"),
)
def create_post(request, pk: int, payload: PostIn):
    thread = thread_selectors.access_thread(caller(request), pk)
    data = validated(PostForm({"body": payload.body, "reply_to": payload.reply_to or ""}))
    reply_to = thread_selectors.reply_target(thread, data.get("reply_to"))
    post = thread_services.create_post(
        thread=thread, author=caller(request), body=data["body"], reply_to=reply_to
    )
    created_at_location(request, f"/api/v1/threads/{thread.pk}/posts")
    return Answer(201, thread_selectors.posts_of(thread).get(pk=post.pk))

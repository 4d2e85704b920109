"""API of the colleges: headcounts, applications and their validation, themes, threads, posts.

Same rules (`colleges.rules`, `colleges.threads.rules`), selectors and services as the pages.
"""

from datetime import datetime
from typing import Literal

from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from ninja import Field, Query, Router, Schema
from ninja.responses import Status as Answer

from club.core.api.auth import MEMBER, WRITE, caller, require, require_mfa
from club.core.api.errors import ApiProblem, problems
from club.core.api.forms import validated
from club.core.api.pagination import Page, PageParams, ordered, paginate
from club.core.api.schemas import PersonRef, person
from club.core.api.utils import Extended
from colleges import rules, selectors, services
from colleges.forms import (
    ApplicationForm,
    ApproveForm,
    MoveForm,
    ReasonForm,
    RequestInformationForm,
)
from colleges.models import Application, College, Post, Theme, Thread
from colleges.threads import rules as thread_rules
from colleges.threads import selectors as thread_selectors
from colleges.threads import services as thread_services
from colleges.threads.forms import PostForm, ThreadForm

router = Router(tags=["Collèges"])
threads_router = Router(tags=["Thèmes, fils et messages"])

READ_ERRORS = (401, 422, 429)
WRITE_ERRORS = (401, 403, 404, 409, 422, 429)


# ---------------------------------------------------------------------------------------------
# Colleges and headcounts


class CollegeOut(Schema):
    id: int
    slug: str
    name: str
    short_name: str
    description: str
    who_should_join: str
    is_plenary: bool
    member_count: int = Field(
        description="Membres actifs (pour la plénière : personnes distinctes)."
    )
    facilitator_seats: int
    delegate_seats: int
    web_url: str

    @staticmethod
    def resolve_web_url(obj) -> str:
        from django.urls import reverse

        return reverse("colleges:detail", args=[obj.slug])


class HeadcountsOut(Schema):
    people: int = Field(description="Personnes distinctes membres d'au moins un collège.")
    memberships: int = Field(description="Adhésions actives (une par personne et collège).")


class CollegeDetail(CollegeOut):
    facilitators: list[PersonRef]
    delegates: list[PersonRef]
    charter_version: int | None
    viewer_is_member: bool


@router.get(
    "/colleges",
    response={200: list[CollegeOut], **problems(*READ_ERRORS)},
    summary="Collèges et effectifs",
)
def list_colleges(request):
    """Les collèges (la plénière en dernier) avec leur nombre de membres actifs."""
    colleges = list(selectors.colleges_with_headcounts())
    plenary = selectors.plenary()
    if plenary is not None:
        plenary.member_count = selectors.overall_headcounts().people
        colleges.append(plenary)
    return colleges


@router.get(
    "/colleges/headcounts",
    response={200: HeadcountsOut, **problems(*READ_ERRORS)},
    summary="Effectifs du club",
)
def headcounts(request):
    return selectors.overall_headcounts()


@router.get(
    "/colleges/{slug}",
    response={200: CollegeDetail, **problems(401, 404, 422, 429)},
    summary="Lire un collège",
)
def get_college(request, slug: str):
    college = get_object_or_404(College, slug=slug)
    if college.is_plenary:
        college.member_count = selectors.overall_headcounts().people
    else:
        college.member_count = college.memberships.active().count()
    charter = college.current_charter
    return Extended(
        college,
        facilitators=[person(r.user) for r in selectors.current_facilitators(college)],
        delegates=[person(r.user) for r in selectors.current_delegates(college)],
        charter_version=charter.version if charter else None,
        viewer_is_member=bool(rules.is_member(caller(request), college)),
    )


# ---------------------------------------------------------------------------------------------
# Applications


class ApplicationDecisionOut(Schema):
    action: str
    actor: PersonRef | None
    reason: str
    created_at: datetime

    @staticmethod
    def resolve_actor(obj):
        return person(obj.actor)


class ApplicationOut(Schema):
    id: int
    college: str = Field(description="Slug du collège.")
    status: Literal["pending", "needs_info", "approved", "rejected", "withdrawn"]
    status_label: str
    organisation_name: str
    organisation_kind: str
    role_in_organisation: str
    sending_channels: list[str]
    software_offered: str
    institution_kind: str
    motivation: str
    staff_request: str
    submitted_at: datetime
    decided_at: datetime | None
    decisions: list[ApplicationDecisionOut]

    @staticmethod
    def resolve_college(obj) -> str:
        return obj.college.slug

    @staticmethod
    def resolve_status_label(obj) -> str:
        return str(obj.get_status_display())

    @staticmethod
    def resolve_decisions(obj):
        return list(obj.decisions.all())


class StaffApplicationOut(ApplicationOut):
    applicant: PersonRef
    siret: str

    @staticmethod
    def resolve_applicant(obj):
        return person(obj.applicant)


class ApplicationIn(Schema):
    organisation_name: str = Field(max_length=200)
    siret: str = Field(max_length=30, description="14 chiffres, espaces acceptés.")
    organisation_kind: str = Field(max_length=30)
    role_in_organisation: str = Field(max_length=200)
    sending_channels: list[str] = Field(default_factory=list, max_length=10)
    software_offered: str = Field("", max_length=300)
    institution_kind: str = Field("", max_length=30)
    motivation: str = Field(max_length=3000)
    accept_charter: bool = Field(False, description="Obligatoire si le collège a une charte.")
    charter_version: int | None = Field(None, ge=1, le=1_000_000)


class ApplicationDecisionIn(Schema):
    action: Literal["approve", "reject", "info", "move"]
    reason: str = Field("", max_length=3000)
    to_college: str | None = Field(
        None, max_length=100, description="Pour « move » : slug du collège."
    )


@router.get(
    "/applications/mine",
    auth=MEMBER,
    response={200: list[ApplicationOut], **problems(*READ_ERRORS)},
    summary="Mes candidatures",
)
def my_applications(request):
    return list(selectors.applications_of(caller(request)))


@router.post(
    "/colleges/{slug}/applications",
    auth=WRITE,
    response={201: ApplicationOut, **problems(*WRITE_ERRORS)},
    summary="Candidater à un collège",
)
def apply(request, slug: str, payload: ApplicationIn):
    college = get_object_or_404(College.objects.colleges(), slug=slug)
    form = ApplicationForm(payload.dict(), college=college)
    validated(form)
    application = services.submit_application(
        applicant=caller(request),
        college=college,
        charter=form.accepted_charter(),
        **form.qualification(),
    )
    return Answer(201, selectors.applications_of(caller(request)).get(pk=application.pk))


@router.post(
    "/applications/{int:pk}/withdraw",
    auth=WRITE,
    response={200: ApplicationOut, **problems(*WRITE_ERRORS)},
    summary="Retirer sa candidature",
)
def withdraw_application(request, pk: int):
    user = caller(request)
    application = get_object_or_404(Application, pk=pk, applicant=user)
    services.withdraw_application(application=application, applicant=user)
    return selectors.applications_of(user).get(pk=pk)


class QueueFilters(Schema):
    college: str | None = Field(None, max_length=100, description="Slug du collège.")
    ordering: Literal["submitted_at", "-submitted_at"] = "submitted_at"


@router.get(
    "/applications",
    auth=MEMBER,
    response={200: Page[StaffApplicationOut], **problems(401, 403, 422, 429)},
    summary="Candidatures à valider (équipe du club)",
)
def validation_queue(request, filters: Query[QueueFilters], page: Query[PageParams]):
    user = caller(request)
    require(user.has_perm("colleges.validate_applications"), _("Réservé à l'équipe du club."))
    require_mfa(user)
    college = None
    if filters.college:
        college = College.objects.colleges().filter(slug=filters.college).first()
        if college is None:
            raise ApiProblem(
                422,
                _("Collège inconnu."),
                errors=[{"loc": ["query", "college"], "message": _("Valeur inconnue.")}],
            )
    queryset = selectors.validation_queue(college=college).prefetch_related("decisions__actor")
    return paginate(
        request, ordered(queryset, filters.ordering, {"submitted_at": ("submitted_at", "pk")}), page
    )


@router.post(
    "/applications/{int:pk}/decision",
    auth=WRITE,
    response={200: StaffApplicationOut, **problems(*WRITE_ERRORS)},
    summary="Décider d'une candidature (équipe du club)",
)
def decide(request, pk: int, payload: ApplicationDecisionIn):
    """Accepter, refuser (motif obligatoire), demander un complément ou transférer."""
    from colleges.views.staff import _decide

    user = caller(request)
    require(user.has_perm("colleges.validate_applications"), _("Réservé à l'équipe du club."))
    require_mfa(user)
    application = get_object_or_404(
        Application.objects.select_related("college", "applicant"), pk=pk
    )
    data = {"reason": payload.reason}
    if payload.action == "move":
        target = College.objects.filter(slug=payload.to_college or "").first()
        data["to_college"] = target.pk if target else payload.to_college
        form = MoveForm(data, application=application)
    else:
        form = {"approve": ApproveForm, "reject": ReasonForm, "info": RequestInformationForm}[
            payload.action
        ](data)
    validated(form)
    _decide(payload.action, application, form, user)
    return selectors.application_for_review(pk)


# ---------------------------------------------------------------------------------------------
# Themes, threads and posts


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


class ThreadIn(Schema):
    title: str = Field(max_length=200)
    body: str = Field(max_length=20000)
    tags: list[str] = Field(default_factory=list, max_length=10)


class PostIn(Schema):
    body: str = Field(max_length=20000)
    reply_to: int | None = Field(None, ge=1, le=2**63 - 1)


def _readable_college(request, slug: str) -> College:
    college = get_object_or_404(College, slug=slug)
    require(
        rules.can_read_college(caller(request), college),
        _("Les fils d'un collège sont réservés à ses membres."),
    )
    return college


def _theme(request, pk: int) -> Theme:
    theme = get_object_or_404(Theme.objects.select_related("college"), pk=pk)
    require(
        thread_rules.can_read_theme(caller(request), theme),
        _("Ce thème est réservé aux membres de son collège."),
    )
    return theme


def _thread(request, pk: int) -> Thread:
    thread = get_object_or_404(
        Thread.objects.select_related("college", "theme", "opened_by"), pk=pk
    )
    require(
        thread_rules.can_read_thread(caller(request), thread),
        _("Ce fil est réservé aux membres de son collège."),
    )
    return thread


@threads_router.get(
    "/colleges/{slug}/themes",
    auth=MEMBER,
    response={200: list[ThemeOut], **problems(401, 403, 404, 422, 429)},
    summary="Thèmes d'un collège",
)
def list_themes(request, slug: str):
    college = _readable_college(request, slug)
    return list(thread_selectors.themes_of(college, caller(request)).select_related("college"))


class ThreadFilters(Schema):
    tag: str | None = Field(None, max_length=100)
    archived: bool = False


@threads_router.get(
    "/themes/{int:pk}/threads",
    auth=MEMBER,
    response={200: Page[ThreadOut], **problems(401, 403, 404, 422, 429)},
    summary="Fils d'un thème",
)
def list_threads(request, pk: int, filters: Query[ThreadFilters], page: Query[PageParams]):
    theme = _theme(request, pk)
    queryset = thread_selectors.threads_of(
        theme, caller(request), tag=filters.tag, archived=filters.archived
    ).select_related("college")
    return paginate(request, queryset, page)


@threads_router.post(
    "/themes/{int:pk}/threads",
    auth=WRITE,
    response={201: ThreadOut, **problems(*WRITE_ERRORS)},
    summary="Ouvrir un fil",
)
def open_thread(request, pk: int, payload: ThreadIn):
    theme = _theme(request, pk)
    user = caller(request)
    require(
        thread_rules.can_open_thread(user, theme),
        _("Vous ne pouvez pas ouvrir de fil dans ce thème."),
    )
    data = validated(
        ThreadForm({"title": payload.title, "body": payload.body, "tags": ", ".join(payload.tags)})
    )
    thread = thread_services.open_thread(
        theme=theme, actor=user, title=data["title"], body=data["body"], tags=data["tags"]
    )
    return Answer(201, _thread(request, thread.pk))


@threads_router.get(
    "/threads/{int:pk}",
    auth=MEMBER,
    response={200: ThreadOut, **problems(401, 403, 404, 422, 429)},
    summary="Lire un fil",
)
def get_thread(request, pk: int):
    return _thread(request, pk)


@threads_router.get(
    "/threads/{int:pk}/posts",
    auth=MEMBER,
    response={200: Page[PostOut], **problems(401, 403, 404, 422, 429)},
    summary="Messages d'un fil",
)
def list_posts(request, pk: int, page: Query[PageParams]):
    thread = _thread(request, pk)
    return paginate(request, thread_selectors.posts_of(thread).order_by("created_at", "pk"), page)


@threads_router.post(
    "/threads/{int:pk}/posts",
    auth=WRITE,
    response={201: PostOut, **problems(*WRITE_ERRORS)},
    summary="Répondre dans un fil",
)
def create_post(request, pk: int, payload: PostIn):
    thread = _thread(request, pk)
    data = validated(PostForm({"body": payload.body, "reply_to": payload.reply_to or ""}))
    reply_to = None
    if data.get("reply_to"):
        reply_to = Post.objects.filter(pk=data["reply_to"], thread=thread).first()
    post = thread_services.create_post(
        thread=thread, author=caller(request), body=data["body"], reply_to=reply_to
    )
    return Answer(201, thread_selectors.posts_of(thread).get(pk=post.pk))


router.add_router("", threads_router)

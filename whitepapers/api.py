"""API of the published whitepapers (never drafts), with their published versions.

Same selectors as the pages and the Atom feed (`whitepapers/selectors.py`).
"""

from datetime import date, datetime

from django.http import Http404
from django.urls import reverse
from django.utils.translation import gettext as _
from ninja import Field, Query, Router, Schema

from club.core.api.errors import ApiProblem, problems
from club.core.api.pagination import Page, PageParams, paginate
from whitepapers import selectors

router = Router(tags=["whitepapers"])


class WhitepaperOut(Schema):
    id: int
    title: str
    slug: str
    summary: str
    version: str
    publication_date: date | None
    first_published_at: datetime | None
    last_published_at: datetime | None
    colleges: list[str] = Field(description="Slugs des collèges auteurs.")
    tags: list[str]
    web_url: str
    pdf_url: str

    @staticmethod
    def resolve_colleges(obj) -> list[str]:
        return [college.slug for college in obj.colleges.all()]

    @staticmethod
    def resolve_tags(obj) -> list[str]:
        return sorted(tag.name for tag in obj.tags.all())

    @staticmethod
    def resolve_web_url(obj) -> str:
        return obj.url or ""

    @staticmethod
    def resolve_pdf_url(obj) -> str:
        return reverse("whitepapers:pdf", args=[obj.pk])


class VersionOut(Schema):
    revision_id: int
    version: str
    changelog: str
    published_at: datetime
    is_live: bool


class WhitepaperDetail(WhitepaperOut):
    body_html: str = Field(description="Le contenu publié, en HTML.")
    contributors: str
    changelog: str
    versions: list[VersionOut]

    @staticmethod
    def resolve_body_html(obj) -> str:
        return str(obj.body)

    @staticmethod
    def resolve_contributors(obj) -> str:
        return obj.contributors_text

    @staticmethod
    def resolve_versions(obj):
        return selectors.published_versions(obj)


class WhitepaperFilters(Schema):
    tag: str | None = Field(None, max_length=100, description="Slug d'un mot-clé.")
    college: str | None = Field(None, max_length=100, description="Slug d'un collège.")


@router.get(
    "/whitepapers",
    response={200: Page[WhitepaperOut], **problems(401, 422, 429)},
    summary="Livres blancs publiés",
)
def list_whitepapers(request, filters: Query[WhitepaperFilters], page: Query[PageParams]):
    """Les livres blancs publiés, du plus récent au plus ancien."""
    queryset = selectors.published_whitepapers()
    if filters.tag:
        queryset = queryset.filter(tags__slug=filters.tag)
    if filters.college:
        queryset = queryset.filter(colleges__slug=filters.college)
    return paginate(request, queryset.distinct(), page)


@router.get(
    "/whitepapers/{int:pk}",
    response={200: WhitepaperDetail, **problems(401, 404, 422, 429)},
    summary="Lire un livre blanc publié",
)
def get_whitepaper(request, pk: int):
    try:
        return selectors.live_whitepaper(pk)
    except Http404 as error:
        raise ApiProblem(404, _("Ce livre blanc n'existe pas ou n'est pas publié.")) from error

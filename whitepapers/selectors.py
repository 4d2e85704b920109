"""Reads shared by the whitepaper pages, feed and PDF."""

from dataclasses import dataclass
from datetime import datetime

from django.db.models import Prefetch
from django.http import Http404
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from taggit.models import Tag
from wagtail.models import PageLogEntry, Revision

from colleges.models import College
from whitepapers.models import Consultation, WhitepaperPage


def published_whitepapers(index=None):
    """Live whitepapers with what the list shows, in a fixed number of queries."""
    qs = WhitepaperPage.objects.live().public().specific()
    if index is not None:
        qs = qs.child_of(index)
    return qs.prefetch_related(
        "tags",
        Prefetch("colleges", queryset=College.objects.order_by("name")),
    ).order_by("-publication_date", "-first_published_at")


def index_context(index, params) -> dict:
    """The list shown by the index page, filtered by tag, college and search words."""
    pages = published_whitepapers(index)
    tag = params.get("tag", "").strip()
    college = params.get("college", "").strip()
    query = params.get("q", "").strip()[:200]
    if tag:
        pages = pages.filter(tags__slug=tag)
    if college:
        pages = pages.filter(colleges__slug=college)
    if query:
        base = WhitepaperPage.objects.live().child_of(index)
        matching = [page.pk for page in base.search(query, operator="and")]
        pages = pages.filter(pk__in=matching)
    return {
        "whitepapers": list(pages.distinct()),
        "tags": list(
            Tag.objects.filter(whitepapers_whitepaperpagetag_items__content_object__live=True)
            .distinct()
            .order_by("name")
        ),
        "college_choices": list(College.objects.filter(whitepapers__live=True).distinct()),
        "selected_tag": tag,
        "selected_college": college,
        "query": query,
    }


@dataclass(frozen=True)
class PublishedVersion:
    revision_id: int
    version: str
    changelog: str
    published_at: datetime
    is_live: bool


def published_versions(page: WhitepaperPage) -> list[PublishedVersion]:
    """Every revision that was published, newest first (from Wagtail's own publish log)."""
    entries = (
        PageLogEntry.objects.filter(page=page, action="wagtail.publish", revision__isnull=False)
        .select_related("revision")
        .order_by("-timestamp", "-pk")
    )
    seen, versions = set(), []
    for entry in entries:
        if entry.revision_id in seen:
            continue
        seen.add(entry.revision_id)
        content = entry.revision.content
        versions.append(
            PublishedVersion(
                revision_id=entry.revision_id,
                version=content.get("version", ""),
                changelog=content.get("changelog", ""),
                published_at=entry.timestamp,
                is_live=entry.revision_id == page.live_revision_id,
            )
        )
    return versions


def published_revision(page: WhitepaperPage, revision_id: int) -> Revision:
    """A revision of `page` that was once published; drafts are never served this way."""
    if not PageLogEntry.objects.filter(
        page=page, action="wagtail.publish", revision_id=revision_id
    ).exists():
        raise Http404
    return Revision.page_revisions.get(pk=revision_id, object_id=str(page.pk))


def live_whitepaper(page_id: int) -> WhitepaperPage:
    page = WhitepaperPage.objects.live().public().filter(pk=page_id).first()
    if page is None:
        raise Http404
    return page


def consultation_comments(consultation: Consultation, user, *, see_all: bool):
    qs = consultation.comments.select_related("author")
    if not see_all:
        qs = qs.filter(status="approved") | qs.filter(author=user)
    return list(qs.order_by("created_at"))


def consultation_refusal(user, consultation: Consultation) -> str:
    """Why `user` may not read the consultation, and what they can do about it."""
    from whitepapers import rules

    colleges = ", ".join(f"« {college.name} »" for college in consultation.draft.colleges.all())
    if not rules.is_member_of_contributing_college(user, consultation):
        return _(
            "Cette consultation est réservée aux membres des collèges qui rédigent ce livre "
            "blanc (%(colleges)s). Le livre blanc publié sera lisible par tous ; pour "
            "participer à sa rédaction, rejoignez l'un de ces collèges."
        ) % {"colleges": colleges}
    if consultation.opens_at and consultation.opens_at > timezone.now():
        return _("Cette consultation ouvrira le %(date)s.") % {
            "date": date_format(timezone.localtime(consultation.opens_at), "j F Y à H:i")
        }
    return _("Cette consultation est close : le livre blanc sera lisible par tous une fois publié.")


def open_consultations_for(user) -> list[Consultation]:
    """Consultations open now whose draft this person may read (few at any time)."""
    if not (user and user.is_authenticated):
        return []
    from django.utils import timezone

    from whitepapers import rules

    candidates = Consultation.objects.open_at(timezone.now()).select_related("page")
    return [c for c in candidates if rules.can_read_consultation(user, c)]


# --- The Wagtail pages' context (plugged into the page models by WhitepapersConfig.ready) ------


def index_page_context(index, request) -> dict:
    return {
        **index_context(index, request.GET),
        "consultations": open_consultations_for(request.user),
        "page_title": index.title,
    }


def whitepaper_page_context(page: WhitepaperPage, request) -> dict:
    reading = getattr(request, "whitepaper_revision", None)
    return {
        "versions": published_versions(page),
        "reading_revision": reading,
        # An earlier version is another page: its title says which one (RGAA 8.6).
        "page_title": (
            _("%(title)s (version %(version)s)") % {"title": page.title, "version": reading.version}
            if reading and reading.version
            else page.title
        ),
        "contributor_users_list": list(page.contributor_users.all()),
        "college_list": list(page.colleges.all()),
        "consultations": [
            consultation
            for consultation in open_consultations_for(request.user)
            if consultation.page_id == page.pk
        ],
    }

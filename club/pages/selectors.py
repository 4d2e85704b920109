"""Reads of the site pages: the news list and feed, and the home page's sections."""

from django.core.paginator import Page as PaginatorPage
from django.core.paginator import Paginator
from django.utils import timezone
from dsfr.utils import list_pages

from club.pages.models import NewsArticlePage, NewsIndexPage
from votes.selectors import ballots_visible_to
from whitepapers.models import WhitepaperPage

NEWS_PER_PAGE = 10
HOME_ITEMS = 3


def published_news(index: NewsIndexPage | None = None):
    """Live news, newest first, with their image and tags in a fixed number of queries."""
    qs = NewsArticlePage.objects.live().public()
    if index is not None:
        qs = qs.child_of(index)
    return (
        qs.select_related("image")
        .prefetch_related("tags")
        .order_by("-date", "-first_published_at", "-pk")
    )


def news_page(index: NewsIndexPage, number) -> PaginatorPage:
    """One page of the news list; a wrong or too large number gives the nearest page."""
    page = Paginator(published_news(index), NEWS_PER_PAGE).get_page(number)
    list_pages(page)  # the numbers the DSFR pagination shows
    return page


def latest_news(limit: int = HOME_ITEMS) -> list[NewsArticlePage]:
    return list(
        NewsArticlePage.objects.live()
        .public()
        .order_by("-date", "-first_published_at", "-pk")[:limit]
    )


def latest_whitepapers(limit: int = HOME_ITEMS) -> list:
    return list(
        WhitepaperPage.objects.live()
        .public()
        .order_by("-publication_date", "-first_published_at", "-pk")[:limit]
    )


def open_ballots_for(user) -> list:
    """Ballots open now in which this person is an elector, the ones not yet voted first."""
    if not (user and user.is_authenticated):
        return []

    now = timezone.now()
    ballots = ballots_visible_to(user).filter(
        i_am_elector=True, opens_at__lte=now, closes_at__gt=now
    )
    return sorted(ballots, key=lambda ballot: ballot.i_voted)

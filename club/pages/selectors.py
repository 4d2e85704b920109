"""Reads of other apps the home page shows (the news, this app's own pages, are read in
models.py: the page models serve them, and this module imports no page model)."""

from django.utils import timezone

from votes.selectors import ballots_visible_to
from whitepapers.models import WhitepaperPage

HOME_ITEMS = 3


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

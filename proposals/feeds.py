"""The board as an Atom feed, with the same filters as the page."""

from django.contrib.syndication.views import Feed
from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed
from django.utils.translation import gettext as _

from proposals import selectors

FEED_SIZE = 30


class BoardFeed(Feed):
    feed_type = Atom1Feed

    def get_object(self, request):
        from proposals.views import board_filters

        _form, filters = board_filters(request)
        filters["sort"] = "recent"
        return filters

    def title(self, obj):
        return _("Club Chorus Pro — demandes d'évolution")

    def subtitle(self, obj):
        return _(
            "Les dernières demandes d'évolution du portail Chorus Pro déposées par les membres du club."
        )

    def link(self, obj):
        return reverse("proposals:board")

    def items(self, obj):
        return selectors.board_requests(**obj)[:FEED_SIZE]

    def item_title(self, item):
        return f"{item.reference} — {item.title}"

    def item_description(self, item):
        return _("%(college)s · %(area)s · %(status)s · %(count)s soutien(s)\n\n%(expected)s") % {
            "college": item.college,
            "area": item.area,
            "status": item.get_status_display(),
            "count": item.support_count,
            "expected": item.expected_behaviour,
        }

    def item_pubdate(self, item):
        return item.submitted_at or item.created_at

    def item_updateddate(self, item):
        return item.status_changed_at

    def item_author_name(self, item):
        return item.author.get_full_name() or _("Un membre du club")

    def item_categories(self, item):
        return [t.name for t in item.tags.all()]

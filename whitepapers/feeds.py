from django.contrib.syndication.views import Feed
from django.utils.feedgenerator import Atom1Feed
from django.utils.translation import gettext_lazy as _

from whitepapers import selectors


class WhitepaperFeed(Feed):
    feed_type = Atom1Feed
    title = _("Livres blancs du Club Chorus Pro")
    subtitle = _("Les livres blancs publiés par les membres du club.")
    link = "/livres-blancs/"

    def items(self):
        return selectors.published_whitepapers()[:30]

    def item_title(self, item):
        return item.title

    def item_description(self, item):
        return item.summary

    def item_link(self, item):
        return item.url

    def item_pubdate(self, item):
        return item.first_published_at

    def item_updateddate(self, item):
        return item.last_published_at

    def item_categories(self, item):
        return [tag.name for tag in item.tags.all()]

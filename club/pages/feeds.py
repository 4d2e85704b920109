from django.contrib.syndication.views import Feed
from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed
from django.utils.translation import gettext_lazy as _

from club.pages.models import published_news


class NewsFeed(Feed):
    feed_type = Atom1Feed
    title = _("Actualités du Club Chorus Pro")
    subtitle = _("Les nouvelles du club, de ses collèges et de l'IPM.")

    def link(self):
        return reverse("pages:news")

    def items(self):
        return published_news()[:30]

    def item_title(self, item):
        return item.title

    def item_description(self, item):
        return item.intro

    def item_link(self, item):
        return item.url

    def item_pubdate(self, item):
        return item.first_published_at

    def item_updateddate(self, item):
        return item.last_published_at

    def item_categories(self, item):
        return [tag.name for tag in item.tags.all()]

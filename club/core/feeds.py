"""The one shape of the club's Atom feeds of Wagtail pages (news, whitepapers)."""

from django.contrib.syndication.views import Feed
from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed


class PageFeed(Feed):
    """The latest published pages: title, summary, address, dates and tags.

    A subclass names `title`, `subtitle`, `link_name` (the URL name of the list the feed
    follows), `summary_field` (the page's field used as the entry's summary) and `pages()`
    (published pages, newest first)."""

    feed_type = Atom1Feed
    size = 30
    link_name = ""
    summary_field = ""

    def pages(self):
        raise NotImplementedError

    def link(self):
        return reverse(self.link_name)

    def items(self):
        return self.pages()[: self.size]

    def item_title(self, item):
        return item.title

    def item_description(self, item):
        return getattr(item, self.summary_field)

    def item_link(self, item):
        return item.url

    def item_pubdate(self, item):
        return item.first_published_at

    def item_updateddate(self, item):
        return item.last_published_at

    def item_categories(self, item):
        return [tag.name for tag in item.tags.all()]

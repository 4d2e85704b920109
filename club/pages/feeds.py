from django.utils.translation import gettext_lazy as _

from club.core.feeds import PageFeed
from club.pages.models import published_news


class NewsFeed(PageFeed):
    title = _("Actualités du Club Chorus Pro")
    subtitle = _("Les nouvelles du club, de ses collèges et de l'IPM.")
    link_name = "pages:news"
    summary_field = "intro"

    def pages(self):
        return published_news()

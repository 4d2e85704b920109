from django.utils.translation import gettext_lazy as _

from club.core.feeds import PageFeed
from whitepapers import selectors


class WhitepaperFeed(PageFeed):
    title = _("Livres blancs du Club Chorus Pro")
    subtitle = _("Les livres blancs publiés par les membres du club.")
    link_name = "whitepapers:index"
    summary_field = "summary"

    def pages(self):
        return selectors.published_whitepapers()

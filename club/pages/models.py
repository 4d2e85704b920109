from datetime import date

from django.core.exceptions import ValidationError
from django.core.paginator import Page as PaginatorPage
from django.core.paginator import Paginator
from django.db import models
from django.utils.translation import gettext_lazy as _
from dsfr.utils import list_pages
from modelcluster.contrib.taggit import ClusterTaggableManager
from modelcluster.fields import ParentalKey
from taggit.models import TaggedItemBase
from wagtail import blocks
from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.fields import RichTextField, StreamField
from wagtail.models import Page
from wagtail.search import index

from club.pages import selectors
from club.pages.selectors import HOME_ITEMS
from colleges import selectors as college_selectors
from whitepapers.blocks import WhitepaperBodyBlock


class HomePage(Page):
    """The site's root: what the club is, its colleges and how to join."""

    intro = RichTextField(_("introduction"), blank=True)

    content_panels = [*Page.content_panels, FieldPanel("intro")]
    parent_page_types = ["wagtailcore.Page"]
    max_count = 1

    class Meta:
        verbose_name = _("page d'accueil")

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["home_sections"] = [
            section
            for section in (
                ballots_section(request.user),
                colleges_section(),
                join_section(),
                whitepapers_section(),
                news_section(),
            )
            if section
        ]
        # « Accueil — Club Chorus Pro », not the site's name alone (RGAA 8.6).
        context["page_title"] = _("Accueil")
        return context


def colleges_section() -> dict:
    """The colleges with their live headcounts (two queries)."""
    colleges = list(college_selectors.colleges_with_headcounts())
    return {
        "template": "colleges/includes/home_colleges.html",
        "colleges": colleges,
        "plenary": college_selectors.plenary(),
        "headcounts": college_selectors.overall_headcounts(),
    }


def ballots_section(user) -> dict | None:
    """For a signed-in member: the ballots open now in which they may vote (two queries)."""
    ballots = selectors.open_ballots_for(user)
    if not ballots:
        return None
    return {"template": "pages/includes/home_ballots.html", "ballots": ballots}


def join_section() -> dict:
    return {"template": "pages/includes/home_join.html"}


def whitepapers_section() -> dict | None:
    whitepapers = selectors.latest_whitepapers()
    if not whitepapers:
        return None
    return {"template": "pages/includes/home_whitepapers.html", "whitepapers": whitepapers}


def news_section() -> dict | None:
    articles = latest_news()
    if not articles:
        return None
    return {"template": "pages/includes/home_news.html", "articles": articles}


class ContentPage(Page):
    """A page of text edited by staff: legal notice, privacy notice, accessibility statement."""

    summary = models.CharField(_("résumé"), max_length=300, blank=True)
    body = RichTextField(_("contenu"))

    content_panels = [*Page.content_panels, FieldPanel("summary"), FieldPanel("body")]
    search_fields = [*Page.search_fields, index.SearchField("body")]
    parent_page_types = ["pages.HomePage", "pages.ContentPage"]

    class Meta:
        verbose_name = _("page de contenu")

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        # Legal notice, privacy, accessibility statement: each page its own title (RGAA 8.6).
        context["page_title"] = self.seo_title or self.title
        return context


class NewsIndexPage(Page):
    """The club's news, newest first, a page of articles at a time, with an Atom feed."""

    intro = RichTextField(_("introduction"), blank=True)

    content_panels = [*Page.content_panels, FieldPanel("intro")]
    parent_page_types = ["pages.HomePage"]
    subpage_types = ["pages.NewsArticlePage"]
    max_count = 1

    class Meta:
        verbose_name = _("index des actualités")

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["articles"] = news_page(self, request.GET.get("page"))
        context["page_title"] = self.title
        return context


class NewsArticlePageTag(TaggedItemBase):
    content_object = ParentalKey(
        "pages.NewsArticlePage", on_delete=models.CASCADE, related_name="tagged_items"
    )


class NewsArticlePage(Page):
    """One news item. Its body uses the whitepapers' blocks: same markup, same accessibility."""

    date = models.DateField(_("date"), default=date.today)
    intro = models.TextField(_("chapeau"), max_length=500)
    body = StreamField(WhitepaperBodyBlock(), verbose_name=_("contenu"))
    image = models.ForeignKey(
        "wagtailimages.Image",
        verbose_name=_("image"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    image_alt = models.CharField(
        _("texte alternatif de l'image"),
        max_length=250,
        blank=True,
        help_text=_("Obligatoire avec une image : décrit l'image pour qui ne la voit pas."),
    )
    tags = ClusterTaggableManager(
        through=NewsArticlePageTag, blank=True, verbose_name=_("mots-clés")
    )

    content_panels = [
        *Page.content_panels,
        FieldPanel("date"),
        FieldPanel("intro"),
        MultiFieldPanel([FieldPanel("image"), FieldPanel("image_alt")], heading=_("Image")),
        FieldPanel("body"),
        FieldPanel("tags"),
    ]
    search_fields = [
        *Page.search_fields,
        index.SearchField("intro"),
        index.SearchField("body"),
        index.FilterField("date"),
    ]
    parent_page_types = ["pages.NewsIndexPage"]
    subpage_types: list = []

    class Meta:
        verbose_name = _("actualité")
        verbose_name_plural = _("actualités")

    def clean(self):
        super().clean()
        if self.image_id and not self.image_alt.strip():
            raise ValidationError(
                {"image_alt": _("Décrivez l'image : ce texte est lu à qui ne la voit pas.")}
            )

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["page_title"] = self.title
        context["tag_list"] = list(self.tags.all())
        return context


# --- Reading the news ------------------------------------------------------------------------
# Here rather than in selectors.py: the pages above serve them, and selectors.py imports no page
# model, so that the two modules do not import each other.

NEWS_PER_PAGE = 10


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


class FaqItemBlock(blocks.StructBlock):
    question = blocks.CharBlock(label=_("question"), max_length=250)
    answer = blocks.RichTextBlock(
        label=_("réponse"), features=["bold", "italic", "link", "ol", "ul"]
    )

    class Meta:
        icon = "help"
        label = _("Question")


class FaqSectionBlock(blocks.StructBlock):
    title = blocks.CharBlock(label=_("titre de la rubrique"), max_length=200)
    questions = blocks.ListBlock(FaqItemBlock(), label=_("questions"))

    class Meta:
        icon = "list-ul"
        label = _("Rubrique")
        template = "pages/blocks/faq_section.html"


class FaqPage(Page):
    """Questions and answers, grouped by section, shown as DSFR accordions."""

    intro = RichTextField(_("introduction"), blank=True)
    body = StreamField([("section", FaqSectionBlock())], verbose_name=_("questions"))

    content_panels = [*Page.content_panels, FieldPanel("intro"), FieldPanel("body")]
    search_fields = [*Page.search_fields, index.SearchField("body")]
    parent_page_types = ["pages.HomePage"]
    subpage_types: list = []
    max_count = 1

    class Meta:
        verbose_name = _("foire aux questions")

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["page_title"] = self.title
        return context

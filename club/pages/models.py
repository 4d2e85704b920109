from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel
from wagtail.fields import RichTextField
from wagtail.models import Page
from wagtail.search import index


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
        context["home_sections"] = [colleges_section()]
        return context


def colleges_section() -> dict:
    """The colleges with their live headcounts (two queries)."""
    from colleges import selectors

    colleges = list(selectors.colleges_with_headcounts())
    return {
        "template": "colleges/includes/home_colleges.html",
        "colleges": colleges,
        "plenary": selectors.plenary(),
        "headcounts": selectors.overall_headcounts(),
    }


class ContentPage(Page):
    """A page of text edited by staff: legal notice, privacy notice, accessibility statement."""

    summary = models.CharField(_("résumé"), max_length=300, blank=True)
    body = RichTextField(_("contenu"))

    content_panels = [*Page.content_panels, FieldPanel("summary"), FieldPanel("body")]
    search_fields = [*Page.search_fields, index.SearchField("body")]
    parent_page_types = ["pages.HomePage", "pages.ContentPage"]

    class Meta:
        verbose_name = _("page de contenu")

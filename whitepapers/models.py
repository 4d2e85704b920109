"""Whitepapers: Wagtail pages (the content and its revisions) plus member consultations."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _
from modelcluster.contrib.taggit import ClusterTaggableManager
from modelcluster.fields import ParentalKey, ParentalManyToManyField
from taggit.models import TaggedItemBase
from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.fields import RichTextField, StreamField
from wagtail.models import Page
from wagtail.search import index

from whitepapers.blocks import WhitepaperBodyBlock


class WhitepaperIndexPage(Page):
    """The list of published whitepapers, filterable by tag and college, with a search box."""

    intro = RichTextField(_("introduction"), blank=True)

    content_panels = [*Page.content_panels, FieldPanel("intro")]
    parent_page_types = ["pages.HomePage"]
    subpage_types = ["whitepapers.WhitepaperPage"]
    max_count = 1

    class Meta:
        verbose_name = _("index des livres blancs")

    # What the page reads comes from whitepapers.selectors, which imports these models: the
    # app plugs it in at start-up (WhitepapersConfig.ready) so the models never import it.
    read_context = None

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context.update(type(self).read_context(self, request))
        return context


class WhitepaperPageTag(TaggedItemBase):
    content_object = ParentalKey(
        "whitepapers.WhitepaperPage", on_delete=models.CASCADE, related_name="tagged_items"
    )


class WhitepaperPage(Page):
    """One whitepaper. Each publication is a Wagtail revision, kept and readable afterwards."""

    summary = models.TextField(_("résumé"), max_length=600)
    body = StreamField(WhitepaperBodyBlock(), verbose_name=_("contenu"))
    colleges = ParentalManyToManyField(
        "colleges.College",
        verbose_name=_("collèges contributeurs"),
        related_name="whitepapers",
        blank=True,
    )
    # Personal data: names of contributors (GDPR export lists the linked users' pages).
    contributors_text = models.CharField(
        _("contributeurs nommés"),
        max_length=500,
        blank=True,
        help_text=_("Noms des contributeurs extérieurs, séparés par des virgules."),
    )
    contributor_users = ParentalManyToManyField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("contributeurs membres"),
        related_name="contributed_whitepapers",
        blank=True,
    )
    tags = ClusterTaggableManager(
        through=WhitepaperPageTag, blank=True, verbose_name=_("mots-clés")
    )
    version = models.CharField(_("numéro de version"), max_length=20, default="1.0")
    changelog = models.TextField(
        _("journal des modifications"),
        blank=True,
        help_text=_("Ce qui change dans cette version."),
    )
    related_links = models.TextField(
        _("liens vers les demandes ou discussions"),
        blank=True,
        help_text=_("Une adresse par ligne."),
    )
    publication_date = models.DateField(_("date de publication"), null=True, blank=True)

    content_panels = [
        *Page.content_panels,
        FieldPanel("summary"),
        FieldPanel("body"),
        MultiFieldPanel(
            [
                FieldPanel("colleges"),
                FieldPanel("contributor_users"),
                FieldPanel("contributors_text"),
                FieldPanel("tags"),
            ],
            heading=_("Contributions"),
        ),
        MultiFieldPanel(
            [
                FieldPanel("version"),
                FieldPanel("changelog"),
                FieldPanel("publication_date"),
                FieldPanel("related_links"),
            ],
            heading=_("Version"),
        ),
    ]
    search_fields = [
        *Page.search_fields,
        index.SearchField("summary"),
        index.SearchField("body"),
        index.FilterField("publication_date"),
    ]
    parent_page_types = ["whitepapers.WhitepaperIndexPage"]
    subpage_types: list = []

    class Meta:
        verbose_name = _("livre blanc")
        verbose_name_plural = _("livres blancs")

    def save(self, *args, **kwargs):
        # Published from the service, the review workflow or the page editor alike.
        if self.live and self.publication_date is None:
            self.publication_date = timezone.localdate()
        return super().save(*args, **kwargs)

    @property
    def link_list(self) -> list[str]:
        return [line.strip() for line in self.related_links.splitlines() if line.strip()]

    @property
    def contributor_names(self) -> list[str]:
        return [name.strip() for name in self.contributors_text.split(",") if name.strip()]

    # What the page reads comes from whitepapers.selectors, which imports these models: the
    # app plugs it in at start-up (WhitepapersConfig.ready) so the models never import it.
    read_context = None

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context.update(type(self).read_context(self, request))
        return context


class ConsultationQuerySet(models.QuerySet):
    def open_at(self, moment):
        return self.filter(opens_at__lte=moment, closes_at__gt=moment)


class Consultation(models.Model):
    """A period during which members of the contributing colleges read the draft and comment."""

    page = models.ForeignKey(
        WhitepaperPage,
        on_delete=models.CASCADE,
        related_name="consultations",
        verbose_name=_("livre blanc"),
    )
    opens_at = models.DateTimeField(_("ouverture"))
    closes_at = models.DateTimeField(_("clôture"))
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", null=True
    )
    created_at = models.DateTimeField(auto_now_add=True)

    objects = ConsultationQuerySet.as_manager()

    class Meta:
        verbose_name = _("consultation")
        ordering = ["-opens_at"]
        constraints = [
            models.CheckConstraint(
                condition=Q(closes_at__gt=models.F("opens_at")),
                name="consultation_closes_after_opening",
            )
        ]

    def __str__(self):
        return f"{self.page.title} ({self.opens_at:%d/%m/%Y})"

    @cached_property
    def draft(self) -> WhitepaperPage:
        """The latest revision of the page: what is under consultation (never the live one)."""
        return self.page.get_latest_revision_as_object()

    def is_open(self, moment=None) -> bool:
        moment = moment or timezone.now()
        return self.opens_at <= moment < self.closes_at


class CommentStatus(models.TextChoices):
    PENDING = "pending", _("En attente de modération")
    APPROVED = "approved", _("Publié")
    REJECTED = "rejected", _("Refusé")


class ConsultationComment(models.Model):
    consultation = models.ForeignKey(
        Consultation, on_delete=models.CASCADE, related_name="comments"
    )
    # Personal data: the author and what they wrote.
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="consultation_comments"
    )
    body = models.TextField(_("commentaire"), max_length=5000)
    revision_id = models.PositiveIntegerField(_("révision commentée"), null=True)
    status = models.CharField(
        max_length=10, choices=CommentStatus.choices, default=CommentStatus.PENDING
    )
    moderated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    moderated_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("commentaire de consultation")
        ordering = ["created_at"]

    def __str__(self):
        return f"{self.author} — {self.created_at:%d/%m/%Y}"

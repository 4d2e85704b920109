"""Change requests ("demandes d'évolution"), their supports, followers, history and positions.

A request describes one precise need on the Chorus Pro portal (area, screen, field), comes from
a college, is supported by its members, may be merged into another, consolidated into a
college's `Position` that is put to a vote, then carried to the IPM. Its lifecycle is the
transition table in `proposals.lifecycle`; every change of status leaves a `ChangeRequestEvent`.

Personal data (GDPR): `ChangeRequest.author` and the texts they wrote, `Screenshot` files,
`Support.member`, `Follow.user`, `ChangeRequestEvent.actor`.
"""

import uuid
from pathlib import Path

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from taggit.managers import TaggableManager

from colleges.models import College


class PortalArea(models.Model):
    """An area of the Chorus Pro portal a request is about. Managed by staff, seeded by migration."""

    name = models.CharField(_("nom"), max_length=120, unique=True)
    slug = models.SlugField(_("identifiant d'adresse"), max_length=60, unique=True)
    description = models.CharField(_("description"), max_length=300, blank=True)
    position = models.PositiveSmallIntegerField(_("ordre d'affichage"), default=0)
    is_active = models.BooleanField(_("proposé dans les formulaires"), default=True)

    class Meta:
        verbose_name = _("espace du portail")
        verbose_name_plural = _("espaces du portail")
        ordering = ["position", "name"]

    def __str__(self) -> str:
        return self.name


class Status(models.TextChoices):
    DRAFT = "draft", _("Brouillon")
    SUBMITTED = "submitted", _("Déposée")
    UNDER_DISCUSSION = "under_discussion", _("En discussion")
    IN_VOTE = "in_vote", _("Dans une position soumise au vote")
    ADOPTED = "adopted", _("Adoptée par le collège")
    NOT_ADOPTED = "not_adopted", _("Non adoptée par le collège")
    ESCALATED = "escalated", _("Portée au cycle IPM")
    UNDER_INSTRUCTION = "under_instruction", _("En instruction à l'IPM")
    ACCEPTED = "accepted", _("Arbitrée : acceptée")
    REJECTED = "rejected", _("Arbitrée : rejetée")
    POSTPONED = "postponed", _("Arbitrée : reportée")
    PLANNED = "planned", _("Planifiée dans une version")
    IN_PILOT = "in_pilot", _("En pilote")
    DELIVERED = "delivered", _("Livrée")
    WITHDRAWN = "withdrawn", _("Retirée par son auteur")
    MERGED = "merged", _("Fusionnée dans une autre demande")


# Members may support a request while the club and the IPM still work on it.
SUPPORTABLE_STATUSES = (
    Status.SUBMITTED,
    Status.UNDER_DISCUSSION,
    Status.IN_VOTE,
    Status.ADOPTED,
    Status.ESCALATED,
    Status.UNDER_INSTRUCTION,
)
# Shown on the public board unless a status filter asks otherwise.
BOARD_DEFAULT_EXCLUDED = (Status.DRAFT, Status.WITHDRAWN, Status.MERGED)


# DSFR badge colours by state; every badge also says its state in words.
STATUS_BADGES = {
    Status.DRAFT: "",
    Status.SUBMITTED: "fr-badge--info",
    Status.UNDER_DISCUSSION: "fr-badge--new",
    Status.IN_VOTE: "fr-badge--new",
    Status.ADOPTED: "fr-badge--success",
    Status.NOT_ADOPTED: "fr-badge--warning",
    Status.ESCALATED: "fr-badge--info",
    Status.UNDER_INSTRUCTION: "fr-badge--info",
    Status.ACCEPTED: "fr-badge--success",
    Status.REJECTED: "fr-badge--error",
    Status.POSTPONED: "fr-badge--warning",
    Status.PLANNED: "fr-badge--success",
    Status.IN_PILOT: "fr-badge--success",
    Status.DELIVERED: "fr-badge--success",
    Status.WITHDRAWN: "",
    Status.MERGED: "",
}


class Frequency(models.TextChoices):
    EVERY_INVOICE = "every_invoice", _("À chaque facture")
    DAILY = "daily", _("Tous les jours")
    WEEKLY = "weekly", _("Chaque semaine")
    MONTHLY = "monthly", _("Chaque mois")
    OCCASIONALLY = "occasionally", _("Occasionnellement")


class ChangeRequestQuerySet(models.QuerySet):
    def public(self):
        return self.exclude(status=Status.DRAFT)

    def for_board(self):
        return self.exclude(status__in=BOARD_DEFAULT_EXCLUDED)


class ChangeRequest(models.Model):
    title = models.CharField(_("titre"), max_length=200)
    college = models.ForeignKey(
        College, on_delete=models.PROTECT, related_name="change_requests", verbose_name=_("collège")
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="change_requests",
        verbose_name=_("auteur"),
    )
    area = models.ForeignKey(
        PortalArea,
        on_delete=models.PROTECT,
        related_name="change_requests",
        verbose_name=_("espace du portail"),
    )
    screen = models.CharField(_("écran"), max_length=200, blank=True)
    field_label = models.CharField(_("champ ou libellé"), max_length=200, blank=True)
    current_behaviour = models.TextField(_("ce qui se passe aujourd'hui"), max_length=4000)
    expected_behaviour = models.TextField(_("ce qui est attendu"), max_length=4000)
    affected_who = models.CharField(_("qui est concerné"), max_length=300, blank=True)
    frequency = models.CharField(
        _("à quelle fréquence"), max_length=20, choices=Frequency.choices, blank=True
    )
    tags = TaggableManager(_("mots-clés"), blank=True)
    # The thread the request came from; the request outlives a deleted thread.
    source_thread = models.ForeignKey(
        "threads.Thread",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="change_requests",
        verbose_name=_("fil de discussion d'origine"),
    )
    source_url = models.URLField(_("adresse de la discussion d'origine"), blank=True)

    status = models.CharField(
        _("état"), max_length=20, choices=Status.choices, default=Status.DRAFT, db_index=True
    )
    support_count = models.PositiveIntegerField(_("soutiens"), default=0)
    merged_into = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="merged_duplicates",
        verbose_name=_("fusionnée dans"),
    )
    # Filled by the IPM steps.
    cycle_label = models.CharField(_("cycle IPM"), max_length=60, blank=True)
    decision_reason = models.TextField(_("motif de l'arbitrage"), blank=True)
    target_release = models.CharField(_("version cible"), max_length=60, blank=True)

    created_at = models.DateTimeField(_("créée le"), default=timezone.now)
    submitted_at = models.DateTimeField(_("déposée le"), null=True, blank=True)
    status_changed_at = models.DateTimeField(_("état modifié le"), default=timezone.now)

    objects = ChangeRequestQuerySet.as_manager()

    class Meta:
        verbose_name = _("demande d'évolution")
        verbose_name_plural = _("demandes d'évolution")
        ordering = ["-created_at", "-pk"]
        indexes = [
            models.Index(fields=["status", "-support_count"]),
            models.Index(fields=["status", "-created_at"]),
            # The board's default list excludes a few states and sorts everything else: these
            # let PostgreSQL walk the order and stop at the page instead of sorting every row.
            models.Index(
                fields=["-support_count", "-created_at", "-id"], name="request_board_by_support"
            ),
            models.Index(fields=["-created_at", "-id"], name="request_board_by_date"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(status="merged", merged_into__isnull=False)
                | (~Q(status="merged") & Q(merged_into__isnull=True)),
                name="merged_request_points_to_survivor",
            ),
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("proposals:detail", args=[self.pk])

    @property
    def is_supportable(self) -> bool:
        return self.status in SUPPORTABLE_STATUSES

    @property
    def status_badge_class(self) -> str:
        return STATUS_BADGES.get(self.status, "")

    @property
    def reference(self) -> str:
        return f"DE-{self.pk:05d}"


def screenshot_path(instance, filename: str) -> str:
    """A random name: the uploader's file name is kept only as data, never on disk."""
    return f"proposals/screenshots/{uuid.uuid4().hex}{Path(filename).suffix.lower()}"


class Screenshot(models.Model):
    request = models.ForeignKey(ChangeRequest, on_delete=models.CASCADE, related_name="screenshots")
    file = models.FileField(_("fichier"), upload_to=screenshot_path)
    content_type = models.CharField(_("type"), max_length=40)
    original_name = models.CharField(_("nom d'origine"), max_length=200, blank=True)
    size = models.PositiveIntegerField(_("taille"))
    uploaded_at = models.DateTimeField(_("envoyée le"), default=timezone.now)

    class Meta:
        verbose_name = _("capture d'écran")
        verbose_name_plural = _("captures d'écran")
        ordering = ["pk"]

    def __str__(self) -> str:
        return self.original_name or Path(self.file.name).name

    def get_absolute_url(self) -> str:
        return reverse("proposals:screenshot", args=[self.pk])


class Support(models.Model):
    request = models.ForeignKey(ChangeRequest, on_delete=models.CASCADE, related_name="supports")
    member = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="supports"
    )
    created_at = models.DateTimeField(_("le"), default=timezone.now)
    # Set when the support came from a duplicate merged into this request.
    carried_from = models.ForeignKey(
        ChangeRequest, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        verbose_name = _("soutien")
        verbose_name_plural = _("soutiens")
        constraints = [
            models.UniqueConstraint(fields=["request", "member"], name="one_support_per_member"),
        ]

    def __str__(self) -> str:
        return f"{self.member} → {self.request}"


class Follow(models.Model):
    """Who is told when the request moves: the author, supporters, and anyone who asked."""

    request = models.ForeignKey(ChangeRequest, on_delete=models.CASCADE, related_name="follows")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="followed_requests"
    )
    created_at = models.DateTimeField(_("le"), default=timezone.now)

    class Meta:
        verbose_name = _("suivi")
        verbose_name_plural = _("suivis")
        constraints = [
            models.UniqueConstraint(fields=["request", "user"], name="one_follow_per_user"),
        ]

    def __str__(self) -> str:
        return f"{self.user} suit {self.request}"


class ChangeRequestEvent(models.Model):
    """One step of a request's history: who moved it, when, why, from which state to which."""

    request = models.ForeignKey(ChangeRequest, on_delete=models.CASCADE, related_name="events")
    transition = models.CharField(_("action"), max_length=40)
    from_status = models.CharField(_("de"), max_length=20, choices=Status.choices, blank=True)
    to_status = models.CharField(_("vers"), max_length=20, choices=Status.choices)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    reason = models.TextField(_("motif"), blank=True)
    details = models.JSONField(_("détails"), default=dict, blank=True)
    created_at = models.DateTimeField(_("le"), default=timezone.now)

    class Meta:
        verbose_name = _("étape de la demande")
        verbose_name_plural = _("historique des demandes")
        ordering = ["created_at", "pk"]

    def __str__(self) -> str:
        return f"{self.request_id}: {self.from_status} → {self.to_status}"


class Position(models.Model):
    """A college's consolidated position, built from requests and a thread's conclusions.

    Positions are what members vote on; the outcome moves their requests to adopted or not.
    """

    class Status(models.TextChoices):
        DRAFT = "draft", _("En préparation")
        IN_VOTE = "in_vote", _("Soumise au vote")
        ADOPTED = "adopted", _("Adoptée")
        NOT_ADOPTED = "not_adopted", _("Non adoptée")

    college = models.ForeignKey(
        College, on_delete=models.PROTECT, related_name="positions", verbose_name=_("collège")
    )
    title = models.CharField(_("titre"), max_length=200)
    body = models.TextField(_("texte de la position"), max_length=10000)
    thread_conclusions = models.TextField(
        _("conclusions de la discussion"), blank=True, max_length=5000
    )
    source_thread = models.ForeignKey(
        "threads.Thread",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="positions",
        verbose_name=_("fil de discussion"),
    )
    requests = models.ManyToManyField(
        ChangeRequest, related_name="positions", verbose_name=_("demandes")
    )
    status = models.CharField(
        _("état"), max_length=20, choices=Status.choices, default=Status.DRAFT
    )
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    ballot_label = models.CharField(_("scrutin"), max_length=200, blank=True)
    # The ballot of kind « position » the college votes in; its close records the outcome.
    ballot = models.OneToOneField(
        "votes.Ballot",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="position",
        verbose_name=_("scrutin"),
    )
    created_at = models.DateTimeField(_("créée le"), default=timezone.now)
    put_to_vote_at = models.DateTimeField(_("soumise au vote le"), null=True, blank=True)
    decided_at = models.DateTimeField(_("décidée le"), null=True, blank=True)

    class Meta:
        verbose_name = _("position de collège")
        verbose_name_plural = _("positions de collège")
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("proposals:position", args=[self.pk])

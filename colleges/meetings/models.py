"""Meetings of a college or of the plenary: the meeting, who registered, one's calendar feed.

A meeting's state is stored (`status`, moved only by `colleges.meetings.lifecycle`); « complet »
is derived from the counts (`is_full`), never stored. Registrations are unique per person and
meeting (the database refuses a second one); the waiting list is the registrations with
`status=waiting`, in the order they came (`created_at`, then `pk`).
"""

import secrets

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from colleges.models import College

# The right-hand side of every meeting's calendar UID: stable, whatever the site's address.
UID_DOMAIN = "reunions.club-chorus-pro.fr"


class MeetingQuerySet(models.QuerySet):
    def upcoming(self, now=None):
        return self.filter(ends_at__gte=now or timezone.now()).order_by("starts_at", "pk")

    def past(self, now=None):
        return self.filter(ends_at__lt=now or timezone.now()).order_by("-starts_at", "-pk")

    def with_counts(self):
        return self.annotate(
            confirmed_count=models.Count(
                "registrations", filter=Q(registrations__status=Registration.Status.CONFIRMED)
            ),
            waiting_count=models.Count(
                "registrations", filter=Q(registrations__status=Registration.Status.WAITING)
            ),
        )


class Meeting(models.Model):
    class Status(models.TextChoices):
        SCHEDULED = "scheduled", _("programmée")
        OPEN = "open", _("inscriptions ouvertes")
        HELD = "held", _("tenue")
        PUBLISHED = "published", _("compte rendu publié")
        CANCELLED = "cancelled", _("annulée")

    class Mode(models.TextChoices):
        IN_PERSON = "in_person", _("en présentiel")
        ONLINE = "online", _("en ligne")
        HYBRID = "hybrid", _("en présentiel et en ligne")

    college = models.ForeignKey(
        College, on_delete=models.PROTECT, related_name="meetings", verbose_name=_("collège")
    )
    title = models.CharField(_("titre"), max_length=200)
    description = models.TextField(_("description"), blank=True)
    starts_at = models.DateTimeField(_("début"))
    ends_at = models.DateTimeField(_("fin"))
    mode = models.CharField(_("format"), max_length=12, choices=Mode.choices)
    address = models.TextField(_("adresse"), blank=True)
    accessibility = models.TextField(_("informations d'accessibilité"), blank=True)
    online_url = models.URLField(_("lien de connexion"), max_length=500, blank=True)
    capacity = models.PositiveIntegerField(_("nombre de places"))
    registration_opens_at = models.DateTimeField(_("ouverture des inscriptions"), null=True)
    registration_closes_at = models.DateTimeField(_("clôture des inscriptions"), null=True)
    open_to_other_colleges = models.BooleanField(
        _("ouverte aux membres des autres collèges"), default=False
    )
    status = models.CharField(
        _("état"), max_length=12, choices=Status.choices, default=Status.SCHEDULED
    )
    # Incremented on every change calendars must see (RFC 5545 SEQUENCE).
    sequence = models.PositiveIntegerField(default=0)
    cancellation_reason = models.TextField(_("motif d'annulation"), blank=True)
    minutes = models.TextField(_("compte rendu"), blank=True)
    minutes_published_at = models.DateTimeField(null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(default=timezone.now)

    objects = MeetingQuerySet.as_manager()

    class Meta:
        verbose_name = _("réunion")
        verbose_name_plural = _("réunions")
        ordering = ["starts_at", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_at__gt=models.F("starts_at")), name="meeting_ends_after_start"
            ),
            models.CheckConstraint(condition=Q(capacity__gte=1), name="meeting_has_a_seat"),
            # An in-person place always says how to reach it.
            models.CheckConstraint(
                condition=Q(mode="online") | (~Q(address="") & ~Q(accessibility="")),
                name="meeting_place_is_described",
            ),
            models.CheckConstraint(
                condition=Q(mode="in_person") | ~Q(online_url=""), name="meeting_online_has_link"
            ),
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("colleges:meeting_detail", kwargs={"pk": self.pk})

    @property
    def in_person(self) -> bool:
        return self.mode in (self.Mode.IN_PERSON, self.Mode.HYBRID)

    @property
    def online(self) -> bool:
        return self.mode in (self.Mode.ONLINE, self.Mode.HYBRID)

    @property
    def uid(self) -> str:
        return f"reunion-{self.pk}@{UID_DOMAIN}"

    def confirmed(self) -> int:
        count = getattr(self, "confirmed_count", None)
        if count is None:
            count = self.registrations.filter(status=Registration.Status.CONFIRMED).count()
        return count

    @property
    def is_full(self) -> bool:
        return self.confirmed() >= self.capacity

    @property
    def seats_left(self) -> int:
        return max(self.capacity - self.confirmed(), 0)

    def registration_window_open(self, now=None) -> bool:
        now = now or timezone.now()
        if self.registration_opens_at and now < self.registration_opens_at:
            return False
        closes = self.registration_closes_at or self.starts_at
        return now < closes

    @property
    def is_past(self) -> bool:
        return self.ends_at < timezone.now()


class Registration(models.Model):
    class Status(models.TextChoices):
        CONFIRMED = "confirmed", _("inscrit")
        WAITING = "waiting", _("en liste d'attente")

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="registrations")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="meeting_registrations"
    )
    status = models.CharField(max_length=10, choices=Status.choices)
    created_at = models.DateTimeField(default=timezone.now)
    promoted_at = models.DateTimeField(null=True, blank=True)
    # None: not recorded yet; the facilitator records it once the meeting is held.
    attended = models.BooleanField(null=True)

    class Meta:
        verbose_name = _("inscription à une réunion")
        verbose_name_plural = _("inscriptions à des réunions")
        ordering = ["created_at", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["meeting", "user"], name="one_registration_per_member")
        ]
        indexes = [models.Index(fields=["meeting", "status", "created_at"])]

    def __str__(self) -> str:
        return f"{self.user} — {self.meeting} ({self.get_status_display()})"


def new_feed_token() -> str:
    return secrets.token_urlsafe(32)


class CalendarFeed(models.Model):
    """The secret address of one's calendar of meetings; a new token revokes the old one."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="meeting_feed"
    )
    token = models.CharField(max_length=64, unique=True, default=new_feed_token)
    created_at = models.DateTimeField(default=timezone.now)

    def __str__(self) -> str:
        return f"{self.user}"

    def get_absolute_url(self) -> str:
        return reverse("colleges:meeting_feed", kwargs={"token": self.token})

"""Reads the pages and the API share."""

from dataclasses import dataclass, field

from django.db.models import BooleanField, ExpressionWrapper, Q, QuerySet

from club.core.notifications.models import Notification


def notifications_for(user) -> QuerySet[Notification]:
    """The person's notices, unread first, then newest first."""
    return (
        Notification.objects.filter(recipient=user)
        .alias(unread=ExpressionWrapper(Q(read_at__isnull=True), output_field=BooleanField()))
        .order_by("-unread", "-created_at", "-pk")
    )


def unread_first_page(user, page_number, per_page: int = 20):
    from django.core.paginator import Paginator

    return Paginator(notifications_for(user), per_page).get_page(page_number)


# --- Announcements ---------------------------------------------------------------------------


def announcements_for(user):
    """Announcements the person may read: to all members, or to a college they belong to."""
    from club.core.notifications.models import Announcement
    from colleges.models import Membership

    announcements = Announcement.objects.select_related("college", "author")
    if user.is_staff:
        return announcements
    memberships = Membership.objects.active().filter(user=user)
    if not memberships.filter(college__is_plenary=False).exists():
        return announcements.none()
    return announcements.filter(
        Q(college__isnull=True)
        | Q(college__is_plenary=True)
        | Q(college__in=memberships.values("college_id"))
    )


# --- Newsletter ------------------------------------------------------------------------------

NEWSLETTER_FIRST_WINDOW_DAYS = 30


def newsletter_since():
    """News are counted from the previous letter, or over the last month for the first one."""
    from datetime import timedelta

    from django.utils import timezone

    from club.core.notifications.models import Newsletter

    previous = Newsletter.objects.order_by("-sent_at").values_list("sent_at", flat=True).first()
    return previous or timezone.now() - timedelta(days=NEWSLETTER_FIRST_WINDOW_DAYS)


@dataclass
class NewsletterContent:
    pages: list = field(default_factory=list)
    whitepapers: list = field(default_factory=list)
    decisions: list = field(default_factory=list)

    @property
    def has_items(self) -> bool:
        return bool(self.pages or self.whitepapers or self.decisions)

    def as_text(self) -> str:
        from django.utils.translation import gettext as _

        from club.core.notifications.emails import absolute

        lines = []
        for heading, entries in (
            (_("Nouveau sur le site"), [(p.title, p.url) for p in self.pages]),
            (_("Livres blancs publiés"), [(p.title, p.url) for p in self.whitepapers]),
            (
                _("Décisions de l'IPM"),
                [
                    (f"{d.item.title} — {d.get_outcome_display()}", d.item.get_absolute_url())
                    for d in self.decisions
                ],
            ),
        ):
            if entries:
                lines += [f"## {heading}", ""]
                lines += [f"- {title}\n  {absolute(url or '')}" for title, url in entries]
                lines.append("")
        return "\n".join(lines).strip()


def newsletter_content(since) -> NewsletterContent:
    """What the site published since `since`: public live pages (any Wagtail page type, e.g.
    news), published whitepapers, and the IPM's decisions."""
    from django.contrib.contenttypes.models import ContentType
    from wagtail.models import Page

    from proposals.ipm.models import Decision
    from whitepapers.models import WhitepaperPage

    whitepaper_type = ContentType.objects.get_for_model(WhitepaperPage)
    pages = (
        Page.objects.live()
        .public()
        .filter(depth__gt=2, last_published_at__gt=since)
        .order_by("-last_published_at")
    )
    return NewsletterContent(
        pages=list(pages.exclude(content_type=whitepaper_type)[:30]),
        whitepapers=list(pages.filter(content_type=whitepaper_type)[:30]),
        decisions=list(
            Decision.objects.filter(decided_at__gt=since)
            .select_related("item")
            .order_by("-decided_at")[:30]
        ),
    )

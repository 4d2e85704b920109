"""Reads the announcement and newsletter pages share."""

from dataclasses import dataclass, field
from datetime import timedelta

from django.contrib.contenttypes.models import ContentType
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy
from wagtail.models import Page

from club.announcements.models import Announcement, Newsletter
from club.announcements.notifications import NEWSLETTER
from club.core.accounts.powers import is_staff
from club.core.notifications.emails import absolute
from club.core.notifications.kinds import Mode
from club.core.notifications.selectors import preferences_of
from colleges.models import College, FacilitatorRole, Membership
from proposals.ipm.models import Decision
from whitepapers.models import WhitepaperPage

# --- Announcements ---------------------------------------------------------------------------


def announcements_for(user):
    """Announcements the person may read: to all members, or to a college they belong to."""
    announcements = Announcement.objects.select_related("college", "author")
    if is_staff(user):
        return announcements
    memberships = Membership.objects.active().filter(user=user)
    if not memberships.filter(college__is_plenary=False).exists():
        return announcements.none()
    return announcements.filter(
        Q(college__isnull=True)
        | Q(college__is_plenary=True)
        | Q(college__in=memberships.values("college_id"))
    )


def audiences_for(user) -> list[tuple[str, str]]:
    """Whom the person may write to: every member (staff), or the colleges they facilitate."""
    audiences = []
    if is_staff(user):
        audiences.append(("all", _("Tous les membres du club")))
        colleges = College.objects.all()
    else:
        colleges = College.objects.filter(
            pk__in=FacilitatorRole.objects.current().filter(user=user).values("college_id")
        )
    audiences += [
        (str(college.pk), _("Collège « %(name)s »") % {"name": college.name})
        for college in colleges
    ]
    return audiences


# --- Newsletter ------------------------------------------------------------------------------

NEWSLETTER_FIRST_WINDOW_DAYS = 30


def newsletter_since():
    """News are counted from the previous letter, or over the last month for the first one."""
    previous = Newsletter.objects.order_by("-sent_at").values_list("sent_at", flat=True).first()
    return previous or timezone.now() - timedelta(days=NEWSLETTER_FIRST_WINDOW_DAYS)


SECTION_HEADINGS = {
    "pages": _lazy("Nouveau sur le site"),
    "whitepapers": _lazy("Livres blancs publiés"),
    "decisions": _lazy("Décisions de l'IPM"),
}


def letter_sections(letter: Newsletter) -> list[tuple[str, list[dict]]]:
    """The letter's news for its web page, headed in the reader's language."""
    return [
        (SECTION_HEADINGS.get(section.get("key"), ""), section.get("entries", []))
        for section in letter.sections or []
    ]


def subscribed_to_newsletter(user) -> bool:
    return preferences_of(user).get(NEWSLETTER) != Mode.NEVER


@dataclass
class NewsletterContent:
    pages: list = field(default_factory=list)
    whitepapers: list = field(default_factory=list)
    decisions: list = field(default_factory=list)

    @property
    def has_items(self) -> bool:
        return bool(self.pages or self.whitepapers or self.decisions)

    def as_sections(self) -> list[dict]:
        """What `Newsletter.sections` stores: site-relative links, by kind of news."""
        sections = [
            ("pages", [(p.title, p.url) for p in self.pages]),
            ("whitepapers", [(p.title, p.url) for p in self.whitepapers]),
            (
                "decisions",
                [
                    (f"{d.item.title} — {d.get_outcome_display()}", d.item.get_absolute_url())
                    for d in self.decisions
                ],
            ),
        ]
        return [
            {"key": key, "entries": [{"title": title, "url": url or ""} for title, url in entries]}
            for key, entries in sections
            if entries
        ]

    def as_text(self) -> str:
        lines = []
        for section in self.as_sections():
            lines += [f"## {SECTION_HEADINGS[section['key']]}", ""]
            lines += [
                f"- {entry['title']}\n  {absolute(entry['url'])}" for entry in section["entries"]
            ]
            lines.append("")
        return "\n".join(lines).strip()


def newsletter_content(since) -> NewsletterContent:
    """What the site published since `since`: public live pages (any Wagtail page type, e.g.
    news), published whitepapers, and the IPM's decisions."""
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

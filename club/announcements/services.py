"""Broadcasting one-way messages: an announcement to a college or to every member, the newsletter.

Both go through the ground floor's `notify`; their audiences (a college's readers, every member)
and the newsletter's content (pages, whitepapers, IPM decisions) come from the domain apps, which
is why they live on the roof.
"""

from django.db import transaction
from django.utils.translation import gettext as _

from club.announcements import rules
from club.announcements.models import Announcement, Newsletter
from club.announcements.notifications import ANNOUNCEMENT, NEWSLETTER
from club.announcements.selectors import newsletter_content, newsletter_since
from club.core.audit.services import record
from club.core.domain import ensure
from club.core.notifications.kinds import Mode
from club.core.notifications.selectors import preferences_of
from club.core.notifications.services import notify, set_preference
from colleges.selectors import members_of_any_college, readers_of


@transaction.atomic
def publish_announcement(*, author, college, title: str, body: str) -> Announcement:
    """Broadcast a one-way message: to a college's members, or (college None) to every member."""
    ensure(
        rules.can_announce_to(author, college),
        _("Seuls les animateurs du collège ou l'équipe du club peuvent lui écrire.")
        if college is not None
        else _("Seule l'équipe du club écrit à tous les membres."),
        code="forbidden",
    )
    title, body = (title or "").strip(), (body or "").strip()
    ensure(title, _("Donnez un titre à l'annonce."))
    ensure(body, _("Écrivez le message de l'annonce."))
    announcement = Announcement.objects.create(
        author=author, college=college, title=title[:200], body=body
    )
    audience = members_of_any_college() if college is None else readers_of(college, staff=False)
    notices = notify(
        audience.values_list("pk", flat=True),
        ANNOUNCEMENT,
        subject=(
            _("Annonce à tous les membres : %(title)s")
            if college is None
            else _("Annonce au collège « %(college)s » : %(title)s")
        )
        % {"title": title, "college": college},
        body=body,
        url=announcement.get_absolute_url(),
        actor=author,
    )
    announcement.recipient_count = len(notices)
    announcement.save(update_fields=["recipient_count"])
    record(
        actor=author,
        action="announcement.published",
        target=announcement,
        after={"college": getattr(college, "slug", None), "recipients": len(notices)},
    )
    return announcement


@transaction.atomic
def send_newsletter(*, actor, title: str, introduction: str = "") -> Newsletter:
    """Send the letter of what was published since the previous one to the members who opted in."""
    ensure(
        rules.can_send_newsletter(actor),
        _("Seule l'équipe du club envoie la lettre."),
        code="forbidden",
    )
    title = (title or "").strip()
    ensure(title, _("Donnez un titre à la lettre."))
    since = newsletter_since()
    content = newsletter_content(since)
    ensure(
        content.has_items,
        _("Rien n'a été publié depuis la dernière lettre : il n'y a rien à annoncer."),
    )
    body = "\n\n".join(part for part in [(introduction or "").strip(), content.as_text()] if part)
    newsletter = Newsletter.objects.create(
        title=title[:200],
        introduction=(introduction or "").strip(),
        body=body,
        sections=content.as_sections(),
        since=since,
        created_by=actor,
    )
    notices = notify(
        members_of_any_college().values_list("pk", flat=True),
        NEWSLETTER,
        subject=title,
        body=body,
        url=newsletter.get_absolute_url(),
    )
    newsletter.recipient_count = len(notices)
    newsletter.save(update_fields=["recipient_count"])
    record(
        actor=actor,
        action="newsletter.sent",
        target=newsletter,
        after={"since": since.isoformat(), "recipients": len(notices)},
    )
    return newsletter


def subscribe_to_newsletter(*, user, subscribed: bool) -> None:
    """The newsletter is opt-in: subscribing sends each letter by e-mail, as it goes out."""
    mode = Mode.IMMEDIATE if subscribed else Mode.NEVER
    if preferences_of(user).get(NEWSLETTER) != mode:  # a repeated click writes nothing
        set_preference(user=user, kind=NEWSLETTER, mode=mode)

"""The audit entry of a whitepaper's publication, whoever published it and however.

The service, the review workflow's approval and the page editor's button all end in Wagtail's
"wagtail.publish" log entry, which names the person who published: one entry per publication.
"""

from django.utils.translation import gettext_lazy as _

from club.core.audit.services import record

ACTION_LABELS = {
    "whitepaper.published": _("Livre blanc publié"),
    "consultation.opened": _("Consultation ouverte"),
    "consultation_comment.moderated": _("Contribution à une consultation modérée"),
}


def record_publication(sender, instance, created, raw=False, **kwargs) -> None:
    from whitepapers.models import WhitepaperPage

    if not created or raw or instance.action != "wagtail.publish":
        return
    page = instance.page.specific
    if not isinstance(page, WhitepaperPage):
        return
    record(
        actor=instance.user,
        action="whitepaper.published",
        target=page,
        after={"version": page.version, "revision": instance.revision_id},
    )

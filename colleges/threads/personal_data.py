"""What the threads hold about a person, for the GDPR export and erasure.

Imported by the threads app's `ready()`, which fills the GDPR registry. Posts stay in
their thread under the neutral name « Membre supprimé » (`User.is_erased`), with their
attachments, so the discussion stays readable; follows, read states and reactions only served the person.
"""

from django.utils.translation import gettext_lazy as _

from club.core.gdpr.registry import register
from colleges.threads.models import (
    Post,
    Reaction,
    Report,
    ThemeFollow,
    ThreadFollow,
    ThreadReadState,
)


def _iso(value):
    return value.isoformat() if value else None


def export(user) -> dict:
    posts = (
        Post.objects.filter(author=user)
        .select_related("thread")
        .prefetch_related("attachments")
        .order_by("created_at", "pk")
    )
    return {
        "messages": [
            {
                "fil": post.thread.title,
                "texte": post.body,
                "ecrit_le": _iso(post.created_at),
                "modifie_le": _iso(post.edited_at),
                "masque": post.is_hidden,
                "pieces_jointes": [a.original_name for a in post.attachments.all()],
            }
            for post in posts
        ],
        "fils_suivis": [
            follow.thread.title
            for follow in ThreadFollow.objects.filter(user=user).select_related("thread")
        ],
        "themes_suivis": [
            follow.theme.title
            for follow in ThemeFollow.objects.filter(user=user).select_related("theme")
        ],
        "signalements": [
            {"fil": report.post.thread.title, "motif": report.reason, "le": _iso(report.created_at)}
            for report in Report.objects.filter(reporter=user).select_related("post__thread")
        ],
        "reactions": [
            {
                "fil": reaction.post.thread.title,
                "message": reaction.post_id,
                "reaction": str(reaction.get_kind_display()),
                "le": _iso(reaction.created_at),
            }
            for reaction in Reaction.objects.filter(user=user)
            .select_related("post__thread")
            .order_by("created_at", "pk")
        ],
    }


def erase(user) -> None:
    ThreadFollow.objects.filter(user=user).delete()
    ThemeFollow.objects.filter(user=user).delete()
    ThreadReadState.objects.filter(user=user).delete()
    Reaction.objects.filter(user=user).delete()


register("threads", label=_("Fils de discussion"), exporter=export, eraser=erase, order=45)

"""The whitepaper data about a person, for the GDPR export (see club/core/gdpr/registry.py).

Comments stay after an erasure: they belong to a consultation others took part in, and their
author then displays under the neutral name of an erased account.
"""

from django.utils.translation import gettext_lazy as _

from club.core.gdpr.registry import register
from whitepapers.models import ConsultationComment, WhitepaperPage


def export(user) -> dict:
    return {
        "commentaires_de_consultation": [
            {
                "livre_blanc": comment.consultation.page.title,
                "texte": comment.body,
                "statut": comment.get_status_display(),
                "le": comment.created_at.isoformat(),
            }
            for comment in ConsultationComment.objects.filter(author=user)
            .select_related("consultation__page")
            .order_by("pk")
        ],
        "livres_blancs_contribues": list(
            WhitepaperPage.objects.filter(contributor_users=user).values_list("title", flat=True)
        ),
    }


register("whitepapers", label=_("Livres blancs"), exporter=export, order=60)

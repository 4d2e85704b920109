"""What the proposals app holds about a person, for the GDPR export and erasure.

See club/core/gdpr/registry.py. Requests matter to the members who supported them: they stay, and
their author shows as « Membre supprimé » (`User.is_erased`). Supports stay counted. What only
served the person goes: follows, and drafts nobody else ever saw.
"""

from django.utils.translation import gettext_lazy as _

from club.core.gdpr.registry import register
from proposals.models import ChangeRequest, Follow, Status, Support


def _iso(value):
    return value.isoformat() if value else None


def export(user) -> dict:
    requests = (
        ChangeRequest.objects.filter(author=user)
        .select_related("college", "area")
        .prefetch_related("tags", "screenshots")
        .order_by("created_at", "pk")
    )
    return {
        "demandes_deposees": [
            {
                "reference": request.reference,
                "titre": request.title,
                "college": request.college.name,
                "espace": request.area.name,
                "ecran": request.screen,
                "champ": request.field_label,
                "ce_qui_se_passe": request.current_behaviour,
                "ce_qui_est_attendu": request.expected_behaviour,
                "qui_est_concerne": request.affected_who,
                "frequence": request.get_frequency_display(),
                "mots_cles": sorted(tag.name for tag in request.tags.all()),
                "captures": [shot.original_name for shot in request.screenshots.all()],
                "etat": request.get_status_display(),
                "creee_le": _iso(request.created_at),
                "deposee_le": _iso(request.submitted_at),
            }
            for request in requests
        ],
        "soutiens": [
            {
                "demande": support.request.reference,
                "titre": support.request.title,
                "le": _iso(support.created_at),
            }
            for support in Support.objects.filter(member=user)
            .select_related("request")
            .order_by("created_at", "pk")
        ],
        "suivis": [
            {"demande": follow.request.reference, "depuis_le": _iso(follow.created_at)}
            for follow in Follow.objects.filter(user=user).select_related("request").order_by("pk")
        ],
    }


def erase(user) -> None:
    # Drafts were never shown to anyone: they go, with their screenshots' files.
    for draft in ChangeRequest.objects.filter(author=user, status=Status.DRAFT):
        for shot in draft.screenshots.all():
            shot.file.delete(save=False)
        draft.delete()
    Follow.objects.filter(user=user).delete()
    # Filed requests and supports stay: others follow and count them. The author link stays
    # and shows as « Membre supprimé » once the account is anonymised.


register("proposals", label=_("Demandes d'évolution"), exporter=export, eraser=erase, order=50)

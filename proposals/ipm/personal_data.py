"""What the IPM cycles hold about a person, for the GDPR export and erasure.

Imported by the IPM app's `ready()`, which fills the GDPR registry.
Acts recorded in someone's name (decisions, instruction, phase changes) stay: the person then
shows as « Membre supprimé »; what they wrote about themselves goes.
"""

from django.utils.translation import gettext_lazy

from club.core.gdpr.registry import register
from proposals.ipm.models import (
    Argument,
    IpmParticipant,
    MeetingDocument,
    PilotCall,
    PilotVolunteer,
    WorkingGroupMember,
)


def export(user) -> dict:
    participant = IpmParticipant.objects.filter(user=user).first()
    return {
        "participation_ipm": {
            "organisation": participant.organisation,
            "role": participant.get_role_display(),
            "en_fonction": participant.is_active,
        }
        if participant
        else None,
        "arguments": [
            {"point": a.item.title, "texte": a.body, "le": a.created_at.isoformat()}
            for a in Argument.objects.filter(author=user).select_related("item")
        ],
        "groupes_de_travail": [
            {"sujet": m.group.topic, "role": m.get_role_display()}
            for m in WorkingGroupMember.objects.filter(user=user).select_related("group")
        ],
        "documents_envoyes": [
            {"nom": str(d), "le": d.uploaded_at.isoformat()}
            for d in MeetingDocument.objects.filter(uploaded_by=user)
        ],
        "pilotes": [
            {
                "pilote": v.call.item.title,
                "organisation": v.organisation,
                "canal": v.get_channel_display(),
                "retenu": v.selected,
                "retour": {
                    "appreciation": v.feedback.rating,
                    "ce_qui_fonctionne": v.feedback.worked,
                    "ce_qui_pose_probleme": v.feedback.issues,
                }
                if hasattr(v, "feedback")
                else None,
            }
            for v in PilotVolunteer.objects.filter(user=user).select_related("call__item")
        ],
    }


def erase(user) -> None:
    IpmParticipant.objects.filter(user=user).delete()
    WorkingGroupMember.objects.filter(user=user).delete()
    # A call still looking for pilots drops the person: an erased account cannot be selected.
    # Once a pilot runs, its volunteers' feedback matters to the change: kept, anonymised (the
    # organisation named the person's employer).
    PilotVolunteer.objects.filter(user=user, call__status=PilotCall.Status.OPEN).delete()
    PilotVolunteer.objects.filter(user=user).update(organisation="")


register("ipm", label=gettext_lazy("Cycles IPM"), exporter=export, eraser=erase, order=35)

"""What the votes app holds about a person, for the GDPR export and erasure.

Registered with club.core.gdpr.registry (the GDPR work, imported by GdprConfig.ready once merged).
A secret vote is not personal data we can export: nothing links the person to its ballot.
"""

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from club.core.gdpr.registry import register
from votes.models import Candidacy, Option, Participation


def export(user) -> dict:
    participations = Participation.objects.filter(elector__user=user).select_related("ballot")
    return {
        "participations": [
            {
                "scrutin": p.ballot.question,
                "a_vote_le": p.voted_at.isoformat(),
                # Only public ballots record what the person chose.
                "choix": list(
                    Option.objects.filter(pk__in=p.public_choices).values_list("label", flat=True)
                )
                if not p.ballot.secret
                else None,
                "raison": p.public_reason if not p.ballot.secret else None,
            }
            for p in participations.order_by("voted_at", "pk")
        ],
        "candidatures": [
            {
                "scrutin": c.ballot.question,
                "profession_de_foi": c.statement,
                "deposee_le": c.declared_at.isoformat(),
            }
            for c in Candidacy.objects.filter(candidate=user).select_related("ballot")
        ],
    }


def erase(user) -> None:
    # Votes stay counted and participations stay (the account becomes "Membre supprimé");
    # what the person wrote and the copies of its name go.
    Candidacy.objects.filter(candidate=user).update(statement="")
    Participation.objects.filter(elector__user=user).update(public_reason="")
    for option in Option.objects.filter(candidate=user):
        option.label = _("Membre supprimé (%(id)s)") % {"id": option.pk}
        option.save(update_fields=["label"])


register("votes", label=gettext_lazy("Votes"), exporter=export, eraser=erase, order=40)

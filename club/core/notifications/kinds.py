"""Every kind of event the club tells people about, declared in this one place.

A kind says how its notices reach people unless they choose otherwise (`default_mode`), whether
its e-mails can be turned off (`can_disable`: only the answer to a person's own application
cannot, it is the reply to something they asked for) and whether people must opt in first
(`opt_in`: the newsletter reaches only those who asked for it, on the site too).
"""

from dataclasses import dataclass

from django.db import models
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _


class Mode(models.TextChoices):
    IMMEDIATE = "immediate", _("Un courriel à chaque fois")
    DAILY = "daily", _("Un résumé par jour")
    WEEKLY = "weekly", _("Un résumé par semaine")
    NEVER = "never", _("Aucun courriel (sur le site seulement)")


DIGEST_MODES = (Mode.DAILY, Mode.WEEKLY)


@dataclass(frozen=True)
class Kind:
    key: str
    label: str | Promise
    description: str | Promise
    default_mode: str = Mode.IMMEDIATE
    can_disable: bool = True
    opt_in: bool = False


APPLICATION_DECIDED = "application_decided"
THREAD_POST = "thread_post"
REPLY_OR_MENTION = "reply_or_mention"
REPORT_HANDLED = "report_handled"
REQUEST_STATUS = "request_status"
BALLOT_OPENED = "ballot_opened"
BALLOT_RESULTS = "ballot_results"
ITEM_ESCALATED = "item_escalated"
IPM_DECISION = "ipm_decision"
PILOT_CALL = "pilot_call"
CONSULTATION_OPENED = "consultation_opened"
WHITEPAPER_PUBLISHED = "whitepaper_published"
ANNOUNCEMENT = "announcement"
NEWSLETTER = "newsletter"

KINDS: dict[str, Kind] = {
    kind.key: kind
    for kind in (
        Kind(
            APPLICATION_DECIDED,
            _("Décision sur ma candidature"),
            _("L'équipe du club accepte, refuse, transfère ou complète votre candidature."),
            can_disable=False,
        ),
        Kind(
            THREAD_POST,
            _("Nouveau message dans un fil suivi"),
            _("Quelqu'un écrit dans un fil ou un thème que vous suivez."),
            default_mode=Mode.DAILY,
        ),
        Kind(
            REPLY_OR_MENTION,
            _("Réponse ou mention"),
            _("Quelqu'un répond à votre message ou vous mentionne (@prenom-nom)."),
        ),
        Kind(
            REPORT_HANDLED,
            _("Suite donnée à un signalement"),
            _("Les animateurs ont traité un message que vous aviez signalé."),
        ),
        Kind(
            REQUEST_STATUS,
            _("Changement d'état d'une demande suivie"),
            _("Une demande d'évolution que vous suivez change d'état."),
        ),
        Kind(
            BALLOT_OPENED,
            _("Ouverture d'un scrutin"),
            _("Un scrutin où vous êtes électeur ou électrice est ouvert."),
        ),
        Kind(
            BALLOT_RESULTS,
            _("Résultats d'un scrutin"),
            _("Les résultats d'un scrutin où vous étiez électeur ou électrice sont publiés."),
        ),
        Kind(
            ITEM_ESCALATED,
            _("Position portée à l'IPM"),
            _("Une position de votre collège est inscrite à l'ordre du jour d'un cycle IPM."),
            default_mode=Mode.DAILY,
        ),
        Kind(
            IPM_DECISION,
            _("Décision de l'IPM"),
            _("L'IPM décide d'un point porté par votre collège."),
        ),
        Kind(
            PILOT_CALL,
            _("Appel à pilotes"),
            _("Une évolution acceptée cherche des membres pour la tester en avant-première."),
            default_mode=Mode.WEEKLY,
        ),
        Kind(
            CONSULTATION_OPENED,
            _("Consultation sur un livre blanc"),
            _("Un projet de livre blanc de votre collège est ouvert aux commentaires."),
        ),
        Kind(
            WHITEPAPER_PUBLISHED,
            _("Publication d'un livre blanc"),
            _("Le club publie un livre blanc ou une nouvelle version."),
            default_mode=Mode.WEEKLY,
        ),
        Kind(
            ANNOUNCEMENT,
            _("Annonce"),
            _("Les animateurs de votre collège ou l'équipe du club diffusent une annonce."),
        ),
        Kind(
            NEWSLETTER,
            _("Lettre d'information"),
            _("La lettre périodique des nouveautés du club (sur inscription)."),
            default_mode=Mode.NEVER,
            opt_in=True,
        ),
    )
}

KIND_CHOICES = [(kind.key, kind.label) for kind in KINDS.values()]


def get_kind(key: str) -> Kind:
    return KINDS[key]

"""The lifecycles of whitepapers, their consultations and comments (`club.core.lifecycle`).

Whitepaper (a Wagtail page; its state is read from Wagtail, its history is Wagtail's revisions
and log, plus the audit entry of each publication):
    draft | published ──submit_for_review──▶ in_review ──(the reviewers approve)──▶ published
    draft | in_review | published ──publish (a new version)──▶ published

Consultation (its state follows the clock, like a ballot's): scheduled ──▶ open ──▶ closed;
members of the contributing colleges comment while it is open.

Comment: pending ──approve | reject──▶ approved | rejected (staff may change their mind);
each moderation leaves an audit entry (who, when, from which state to which).
"""

from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from club.core.audit.services import record
from club.core.lifecycle import Lifecycle, register, step
from whitepapers import rules
from whitepapers.models import CommentStatus, Consultation, ConsultationComment, WhitepaperPage

DRAFT, IN_REVIEW, PUBLISHED = "draft", "in_review", "published"
PAGE_STATES = {
    DRAFT: _("Brouillon"),
    IN_REVIEW: _("En relecture"),
    PUBLISHED: _("Publié"),
}


def page_state(page: WhitepaperPage) -> str:
    if page.current_workflow_state is not None:
        return IN_REVIEW
    return PUBLISHED if page.live else DRAFT


WHITEPAPERS = register(
    Lifecycle(
        "whitepaper",
        model=WhitepaperPage,
        state_field=None,
        state_of=page_state,
        state_label=lambda page: PAGE_STATES[page_state(page)],
        transitions=(
            step(
                "submit_for_review",
                {DRAFT, PUBLISHED},
                IN_REVIEW,
                rules.can_edit_whitepaper,
                _("soumettre à relecture"),
            ),
            step(
                "publish",
                {DRAFT, IN_REVIEW, PUBLISHED},
                PUBLISHED,
                rules.can_publish_whitepaper,
                _("publier"),
            ),
        ),
        refusal=_("Ce livre blanc est « %(status)s » : impossible de %(action)s."),
    )
)

SCHEDULED, OPEN, CLOSED = "scheduled", "open", "closed"
CONSULTATION_STATES = {
    SCHEDULED: _("À venir"),
    OPEN: _("Ouverte"),
    CLOSED: _("Close"),
}


def consultation_state(consultation: Consultation, at=None) -> str:
    """From the clock, without writing."""
    now = at or timezone.now()
    if now < consultation.opens_at:
        return SCHEDULED
    return OPEN if now < consultation.closes_at else CLOSED


CONSULTATIONS = register(
    Lifecycle(
        "consultation",
        model=Consultation,
        state_field=None,
        state_of=consultation_state,
        state_label=lambda c: CONSULTATION_STATES[consultation_state(c)],
        transitions=(
            step("open", {SCHEDULED}, OPEN, None, _("ouvrir"), by_system=True),
            step("close", {OPEN}, CLOSED, None, _("clore"), by_system=True),
            step("comment", {OPEN}, None, rules.may_comment, _("commenter")),
        ),
        refusal=_("Cette consultation est « %(status)s » : impossible de %(action)s."),
    )
)


def _comment_history(comment, *, transition, from_state, actor, reason, details):
    return record(
        actor=actor,
        action="consultation_comment.moderated",
        target=comment.consultation,
        before={"status": from_state},
        after={"status": transition.target, "comment": comment.pk},
        reason=reason,
    )


COMMENTS = register(
    Lifecycle(
        "consultation_comment",
        model=ConsultationComment,
        transitions=(
            step(
                "approve",
                {CommentStatus.PENDING, CommentStatus.REJECTED},
                CommentStatus.APPROVED,
                rules.can_moderate_comment,
                _("publier"),
            ),
            step(
                "reject",
                {CommentStatus.PENDING, CommentStatus.APPROVED},
                CommentStatus.REJECTED,
                rules.can_moderate_comment,
                _("refuser"),
            ),
        ),
        history=_comment_history,
        refusal=_("Ce commentaire est « %(status)s » : impossible de le %(action)s."),
    )
)

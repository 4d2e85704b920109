"""Every write about whitepapers: publishing, review workflow, consultations and comments."""

from django.contrib.auth.models import Group, Permission
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from wagtail.models import (
    GroupApprovalTask,
    GroupPagePermission,
    Workflow,
    WorkflowPage,
    WorkflowTask,
)

from club.core.accounts.powers import is_staff
from club.core.audit.services import record
from club.core.domain import ensure
from whitepapers import tasks
from whitepapers.lifecycle import COMMENTS, CONSULTATIONS, WHITEPAPERS
from whitepapers.models import (
    Consultation,
    ConsultationComment,
    WhitepaperIndexPage,
    WhitepaperPage,
)

REVIEW_WORKFLOW_NAME = "Relecture des livres blancs"
REVIEWERS_GROUP = "Moderators"
DRAFTERS_GROUP = "Rédacteurs des livres blancs"


@transaction.atomic
def ensure_review_workflow(index: WhitepaperIndexPage) -> Workflow:
    """Drafters submit a whitepaper; the club's reviewers (Wagtail "Moderators") approve it.

    Approving the task publishes the page. Idempotent: run it any number of times.
    """
    reviewers, _created = Group.objects.get_or_create(name=REVIEWERS_GROUP)
    workflow, _created = Workflow.objects.get_or_create(name=REVIEW_WORKFLOW_NAME)
    task = GroupApprovalTask.objects.filter(name="Relecture par l'équipe du club").first()
    if task is None:
        task = GroupApprovalTask.objects.create(name="Relecture par l'équipe du club")
    task.groups.add(reviewers)
    WorkflowTask.objects.get_or_create(workflow=workflow, task=task, defaults={"sort_order": 0})
    WorkflowPage.objects.update_or_create(page=index, defaults={"workflow": workflow})
    # Drafters write and submit whitepapers under the index; only reviewers publish.
    drafters, _created = Group.objects.get_or_create(name=DRAFTERS_GROUP)
    drafters.permissions.add(
        Permission.objects.get(content_type__app_label="wagtailadmin", codename="access_admin")
    )
    for codename in ("add_page", "change_page"):
        GroupPagePermission.objects.get_or_create(
            group=drafters,
            page=index,
            permission=Permission.objects.get(
                content_type__app_label="wagtailcore", codename=codename
            ),
        )
    return workflow


@transaction.atomic
def submit_for_review(*, page: WhitepaperPage, user):
    """Start the review workflow on the latest draft of `page`."""
    workflow = page.get_workflow()
    ensure(workflow is not None, _("Aucun circuit de relecture n'est défini pour ce livre blanc."))
    ensure(
        page.current_workflow_state is None,
        _("Ce livre blanc est déjà en cours de relecture."),
        code="invalid_transition",
    )
    WHITEPAPERS.check(
        user,
        page,
        "submit_for_review",
        forbidden=_("Seuls les rédacteurs des livres blancs les soumettent à relecture."),
    )
    if page.get_latest_revision() is None:
        page.save_revision(user=user)
    return workflow.start(page, user)


@transaction.atomic
def publish_whitepaper(*, page: WhitepaperPage, actor, changelog: str | None = None):
    """Publish the latest draft of `page` as a new version (a Wagtail revision kept for good)."""
    WHITEPAPERS.check(
        actor, page, "publish", forbidden=_("Seule l'équipe du club publie les livres blancs.")
    )
    draft = page.get_latest_revision_as_object()
    if changelog is not None:
        draft.changelog = changelog
    if draft.publication_date is None:
        draft.publication_date = timezone.localdate()
    revision = draft.save_revision(user=actor, log_action=True)
    # Wagtail's publish log entry leaves the audit entry (whitepapers/audit.py).
    revision.publish(user=actor, skip_permission_checks=True)
    return revision


@transaction.atomic
def open_consultation(*, page: WhitepaperPage, opens_at, closes_at, actor) -> Consultation:
    ensure(is_staff(actor), _("Seule l'équipe du club ouvre une consultation."))
    ensure(closes_at > opens_at, _("La clôture doit suivre l'ouverture."))
    ensure(
        not page.consultations.filter(opens_at__lt=closes_at, closes_at__gt=opens_at).exists(),
        _("Une consultation couvre déjà cette période."),
    )
    consultation = Consultation.objects.create(
        page=page, opens_at=opens_at, closes_at=closes_at, created_by=actor
    )
    record(
        actor=actor,
        action="consultation.opened",
        target=consultation,
        after={"opens_at": opens_at.isoformat(), "closes_at": closes_at.isoformat()},
    )
    tasks.consultation_scheduled(consultation, actor=actor)
    return consultation


@transaction.atomic
def post_comment(*, consultation: Consultation, author, body: str) -> ConsultationComment:
    ensure(consultation.is_open(), _("Cette consultation est close."), code="closed")
    CONSULTATIONS.check(
        author,
        consultation,
        "comment",
        forbidden=_("Seuls les membres des collèges contributeurs commentent ce projet."),
    )
    body = body.strip()
    ensure(body, _("Le commentaire est vide."))
    latest = consultation.page.get_latest_revision()
    return ConsultationComment.objects.create(
        consultation=consultation,
        author=author,
        body=body,
        revision_id=latest.pk if latest else None,
    )


@transaction.atomic
def moderate_comment(*, comment: ConsultationComment, actor, approve: bool) -> ConsultationComment:
    comment = ConsultationComment.objects.select_for_update().get(pk=comment.pk)
    COMMENTS.perform(
        comment,
        "approve" if approve else "reject",
        actor=actor,
        forbidden=_("Seule l'équipe du club modère les commentaires."),
        moderated_by=actor,
        moderated_at=timezone.now(),
    )
    return comment

"""Every act on applications, memberships and roles. One transaction each, history recorded.

The application lifecycle is the table in `colleges.lifecycle`; every step goes through
`_transition`, which hands the locked row to `Lifecycle.perform` (refusal: nothing changes).
"""

from collections.abc import Iterable
from datetime import date

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from club.core.accounts.powers import is_staff
from club.core.audit import services as audit
from club.core.domain import DomainError, ensure
from club.core.gdpr.models import ConsentRecord
from club.core.gdpr.services import record_consent
from colleges.lifecycle import APPLICATIONS
from colleges.models import (
    Application,
    ApplicationDecision,
    Charter,
    College,
    DelegateMandate,
    FacilitatorRole,
    Membership,
)
from colleges.models.membership import OrganisationKind, Qualification

Status = Application.Status
Action = ApplicationDecision.Action

QUALIFICATION_FIELDS = (
    "organisation_name",
    "siret",
    "organisation_kind",
    "role_in_organisation",
    "sending_channels",
    "software_offered",
    "institution_kind",
    "motivation",
)

# Staff decisions the applicant is told about by e-mail (and sees in their space).
# Staff decisions are privileged acts: they go to the append-only audit log.
AUDITED_ACTIONS = (Action.APPROVED, Action.REJECTED, Action.INFO_REQUESTED, Action.MOVED)
NOTIFIED_ACTIONS = (Action.APPROVED, Action.REJECTED, Action.INFO_REQUESTED, Action.MOVED)

PUBLIC_ENTITY_REFUSAL = gettext_lazy(
    "Le Club Chorus Pro réunit les entreprises et organisations qui émettent des factures vers "
    "la sphère publique. Les entités publiques qui reçoivent ces factures n'en sont pas membres : "
    "leur voix est portée à l'IPM par leurs propres représentants (AMF, ADF, Régions, "
    "établissements publics...)."
)


def _transition(application: Application, name: str, *, actor, reason: str = "", from_college=None):
    """`application` is locked by the caller (`_locked`)."""
    previous_status = application.status
    fields = {}
    if APPLICATIONS[name].target in (Status.APPROVED, Status.REJECTED):
        fields["decided_at"] = timezone.now()
    forbidden = (
        _("Cette candidature n'est pas la vôtre.")
        if name in ("resubmit", "withdraw")
        else _("Seule l'équipe du club valide les candidatures.")
    )
    decision = APPLICATIONS.perform(
        application,
        name,
        actor=actor,
        reason=reason,
        details={"from_college": from_college},
        forbidden=forbidden,
        **fields,
    )
    action = decision.action
    target = application.status
    if action in AUDITED_ACTIONS:
        audit.record(
            actor=actor,
            action=f"application.{action}",
            target=application,
            before={"status": previous_status, "college": getattr(from_college, "slug", None)},
            after={"status": target, "college": application.college.slug},
            reason=reason,
        )
    if action in NOTIFIED_ACTIONS:
        # Imported here: notifications renders URLs and templates, services stay importable early.
        from colleges import notifications

        notifications.application_decided(decision)
    return decision


def _locked(application: Application) -> Application:
    """Re-read the application under a row lock, so concurrent decisions see each other."""
    return Application.objects.select_for_update().select_related("college").get(pk=application.pk)


def _check_not_public_entity(organisation_kind: str) -> None:
    ensure(
        organisation_kind != OrganisationKind.PUBLIC_ENTITY,
        PUBLIC_ENTITY_REFUSAL,
        code="public_entity",
    )


def _check_can_apply(applicant, college: College) -> None:
    ensure(
        not college.is_plenary,
        _("On ne candidate pas à la plénière : tout membre d'un collège y participe."),
    )
    ensure(
        not Application.objects.open().filter(applicant=applicant, college=college).exists(),
        _("Vous avez déjà une candidature en cours pour le collège « %(college)s ».")
        % {"college": college},
        code="duplicate_application",
    )
    membership = Membership.objects.filter(user=applicant, college=college).first()
    if membership is not None:
        ensure(
            membership.status != Membership.Status.ACTIVE,
            _("Vous êtes déjà membre du collège « %(college)s ».") % {"college": college},
            code="already_member",
        )
        ensure(
            membership.status != Membership.Status.SUSPENDED,
            _(
                "Votre adhésion au collège « %(college)s » est suspendue : contactez l'équipe du club."
            )
            % {"college": college},
            code="suspended",
        )


@transaction.atomic
def submit_application(
    *, applicant, college: College, charter: Charter | None, **qualification
) -> Application:
    """File a person's application to a college, with the charter version they accepted."""
    _check_not_public_entity(qualification.get("organisation_kind", ""))
    _check_can_apply(applicant, college)
    if college.current_charter is not None:
        ensure(
            charter is not None and charter.pk == college.current_charter.pk,
            _("Veuillez accepter la version en vigueur de la charte d'usage du collège."),
            code="charter",
        )
    unknown = set(qualification) - set(QUALIFICATION_FIELDS)
    if unknown:
        raise TypeError(f"Unknown qualification fields: {sorted(unknown)}")
    application = Application(
        applicant=applicant,
        college=college,
        charter=charter,
        charter_accepted_at=timezone.now() if charter else None,
        **qualification,
    )
    application.full_clean()
    try:
        with transaction.atomic():
            application.save()
    except IntegrityError as error:
        # Two submissions raced past the check above; the constraint kept only one.
        raise DomainError(
            _("Vous avez déjà une candidature en cours pour le collège « %(college)s ».")
            % {"college": college},
            code="duplicate_application",
        ) from error
    ApplicationDecision.objects.create(
        application=application, action=Action.SUBMITTED, actor=applicant
    )
    if charter is not None:
        record_consent(
            user=applicant,
            document=ConsentRecord.Document.CHARTER,
            reference=college.slug,
            version=str(charter.version),
        )
    return application


@transaction.atomic
def resubmit_application(
    *, application: Application, applicant, charter: Charter | None = None, **qualification
) -> Application:
    """Complete an application; one moved to another college also accepts that college's
    charter (`charter`, the version the applicant read)."""
    application = _locked(application)
    ensure(
        application.applicant_id == applicant.pk,
        _("Cette candidature n'est pas la vôtre."),
        code="forbidden",
    )
    accepting = charter_to_accept(application)
    if accepting is not None:
        ensure(
            charter is not None and charter.pk == accepting.pk,
            _("Veuillez accepter la version en vigueur de la charte d'usage du collège."),
            code="charter",
        )
        application.charter = charter
        application.charter_accepted_at = timezone.now()
        record_consent(
            user=applicant,
            document=ConsentRecord.Document.CHARTER,
            reference=application.college.slug,
            version=str(charter.version),
        )
    _check_not_public_entity(qualification.get("organisation_kind", application.organisation_kind))
    for field, value in qualification.items():
        if field not in QUALIFICATION_FIELDS:
            raise TypeError(f"Unknown qualification field: {field}")
        setattr(application, field, value)
    application.full_clean()
    _transition(application, "resubmit", actor=applicant)
    return application


def charter_to_accept(application: Application) -> Charter | None:
    """The college's charter the applicant has not accepted yet (after a move), or None."""
    current = application.college.current_charter
    if current is None or (
        application.charter is not None and application.charter.college_id == application.college_id
    ):
        return None
    return current


@transaction.atomic
def approve_application(*, application: Application, actor, reason: str = "") -> Membership:
    """Accept an application: the applicant becomes an active member of the college."""
    application = _locked(application)
    ensure(
        charter_to_accept(application) is None,
        _(
            "Le candidat n'a pas encore accepté la charte d'usage du collège « %(college)s » : "
            "sa candidature attend son complément."
        )
        % {"college": application.college},
        code="charter",
    )
    _transition(application, "approve", actor=actor, reason=reason)
    membership, created = Membership.objects.select_for_update().get_or_create(
        user=application.applicant,
        college=application.college,
        defaults={"application": application, "organisation_name": application.organisation_name},
    )
    if not created:
        # A person who left comes back through a new application.
        membership.status = Membership.Status.ACTIVE
        membership.application = application
        membership.organisation_name = application.organisation_name
        membership.status_reason = ""
        membership.status_changed_at = timezone.now()
        membership.save()
    return membership


@transaction.atomic
def reject_application(*, application: Application, actor, reason: str) -> Application:
    ensure(
        reason.strip(),
        _("Indiquez le motif du refus : il sera communiqué au candidat."),
        code="reason_required",
    )
    application = _locked(application)
    _transition(application, "reject", actor=actor, reason=reason.strip())
    return application


@transaction.atomic
def request_more_information(*, application: Application, actor, request: str) -> Application:
    ensure(
        request.strip(),
        _("Précisez les informations attendues du candidat."),
        code="reason_required",
    )
    application = _locked(application)
    application.staff_request = request.strip()
    _transition(application, "ask", actor=actor, reason=request.strip())
    return application


@transaction.atomic
def move_application(
    *, application: Application, actor, to_college: College, reason: str
) -> Application:
    """Send an application to the college that fits the applicant better."""
    application = _locked(application)
    ensure(not to_college.is_plenary, _("On ne candidate pas à la plénière."))
    ensure(to_college.pk != application.college_id, _("La candidature est déjà dans ce collège."))
    ensure(
        reason.strip(),
        _("Expliquez au candidat pourquoi ce collège lui convient mieux."),
        code="reason_required",
    )
    from_college = application.college
    _check_can_apply(application.applicant, to_college)
    application.college = to_college
    # The applicant accepted the first college's charter and answered its questions: the new
    # college's are theirs to accept and answer before anyone validates them there.
    application.charter = None
    application.charter_accepted_at = None
    application.staff_request = _(
        "Votre candidature a été transférée au collège « %(college)s ». Pour que l'équipe "
        "l'étudie, acceptez la charte d'usage de ce collège et complétez les informations "
        "qu'il demande."
    ) % {"college": to_college}
    _transition(application, "move", actor=actor, reason=reason.strip(), from_college=from_college)
    return application


@transaction.atomic
def withdraw_application(*, application: Application, applicant) -> Application:
    application = _locked(application)
    _transition(application, "withdraw", actor=applicant)
    return application


@transaction.atomic
def leave_college(*, membership: Membership) -> Membership:
    membership = Membership.objects.select_for_update().get(pk=membership.pk)
    ensure(
        membership.status == Membership.Status.ACTIVE, _("Vous n'êtes plus membre de ce collège.")
    )
    membership.status = Membership.Status.LEFT
    membership.status_changed_at = timezone.now()
    membership.in_directory = False
    membership.save()
    _end_roles(membership.user, membership.college, reason=_("A quitté le collège"))
    return membership


@transaction.atomic
def set_directory_visibility(*, membership: Membership, user, visible: bool) -> Membership:
    """A member chooses whether the other members of the college see them in its directory."""
    membership = Membership.objects.select_for_update().get(pk=membership.pk)
    ensure(membership.user_id == user.pk, _("Cette adhésion n'est pas la vôtre."), code="forbidden")
    ensure(
        membership.status == Membership.Status.ACTIVE or not visible,
        _("Seuls les membres actifs apparaissent dans l'annuaire."),
    )
    membership.in_directory = visible
    membership.save(update_fields=["in_directory"])
    return membership


@transaction.atomic
def suspend_membership(*, membership: Membership, actor, reason: str) -> Membership:
    ensure(reason.strip(), _("Indiquez le motif de la suspension."), code="reason_required")
    membership = Membership.objects.select_for_update().get(pk=membership.pk)
    ensure(membership.status == Membership.Status.ACTIVE, _("Cette adhésion n'est pas active."))
    membership.status = Membership.Status.SUSPENDED
    membership.status_reason = reason.strip()
    membership.status_changed_at = timezone.now()
    membership.save()
    _end_roles(membership.user, membership.college, reason=reason.strip())
    audit.record(
        actor=actor,
        action="membership.suspended",
        target=membership,
        before={"status": Membership.Status.ACTIVE},
        after={"status": Membership.Status.SUSPENDED},
        reason=reason.strip(),
    )
    return membership


@transaction.atomic
def reinstate_membership(*, membership: Membership, actor) -> Membership:
    membership = Membership.objects.select_for_update().get(pk=membership.pk)
    ensure(
        membership.status == Membership.Status.SUSPENDED, _("Cette adhésion n'est pas suspendue.")
    )
    membership.status = Membership.Status.ACTIVE
    membership.status_reason = ""
    membership.status_changed_at = timezone.now()
    membership.save()
    audit.record(
        actor=actor,
        action="membership.reinstated",
        target=membership,
        before={"status": Membership.Status.SUSPENDED},
        after={"status": Membership.Status.ACTIVE},
    )
    return membership


def _end_roles(user, college: College, *, reason: str) -> None:
    now = timezone.now()
    for model in (FacilitatorRole, DelegateMandate):
        model.objects.current().filter(user=user, college=college).update(
            ended_at=now, end_reason=reason
        )


def _free_seat(model, college: College, seats: int) -> int | None:
    taken = set(model.objects.current().filter(college=college).values_list("seat", flat=True))
    return next((seat for seat in range(1, seats + 1) if seat not in taken), None)


def _appoint(model, *, college: College, user, actor, seats: int, full_message, **extra):
    # Lock the college row: appointments to one college are serialised, and the unique
    # constraint on (college, seat) backs this up on databases that ignore the lock.
    College.objects.select_for_update().filter(pk=college.pk).first()
    ensure(
        not college.is_plenary or model is FacilitatorRole,
        _("La plénière n'a pas de délégués propres."),
    )
    if not college.is_plenary:
        ensure(
            Membership.objects.active().filter(user=user, college=college).exists(),
            _("%(person)s n'est pas membre actif du collège « %(college)s ».")
            % {"person": user, "college": college},
            code="not_member",
        )
    ensure(
        not model.objects.current().filter(user=user, college=college).exists(),
        _("%(person)s occupe déjà ce rôle dans le collège « %(college)s ».")
        % {"person": user, "college": college},
        code="already_appointed",
    )
    seat = _free_seat(model, college, seats)
    ensure(seat is not None, full_message, code="seats_full")
    try:
        with transaction.atomic():
            role = model.objects.create(
                user=user, college=college, seat=seat, appointed_by=actor, **extra
            )
    except IntegrityError as error:
        raise DomainError(full_message, code="seats_full") from error
    audit.record(
        actor=actor,
        action=f"{model._meta.model_name}.appointed",
        target=role,
        after={"college": college.slug, "seat": seat, "user": user.pk},
    )
    return role


@transaction.atomic
def appoint_facilitator(*, college: College, user, actor) -> FacilitatorRole:
    return _appoint(
        FacilitatorRole,
        college=college,
        user=user,
        actor=actor,
        seats=college.facilitator_seats,
        full_message=_(
            "Les %(seats)s sièges d'animateurs du collège « %(college)s » sont tous occupés."
        )
        % {"seats": college.facilitator_seats, "college": college},
    )


@transaction.atomic
def appoint_delegate(
    *,
    college: College,
    user,
    actor,
    term_ends_on: date | None = None,
    source: str = DelegateMandate.Source.APPOINTMENT,
) -> DelegateMandate:
    return _appoint(
        DelegateMandate,
        college=college,
        user=user,
        actor=actor,
        seats=college.delegate_seats,
        full_message=_(
            "Les %(seats)s sièges de délégués à l'IPM du collège « %(college)s » sont tous occupés."
        )
        % {"seats": college.delegate_seats, "college": college},
        source=source,
        term_ends_on=term_ends_on,
    )


@transaction.atomic
def end_role(*, role: FacilitatorRole | DelegateMandate, actor, reason: str = "") -> None:
    role = type(role).objects.select_for_update().get(pk=role.pk)
    ensure(role.ended_at is None, _("Ce rôle a déjà pris fin."))
    role.ended_at = timezone.now()
    role.end_reason = reason
    role.save(update_fields=["ended_at", "end_reason"])
    audit.record(
        actor=actor,
        action=f"{role._meta.model_name}.ended",
        target=role,
        before={"college": role.college.slug, "seat": role.seat, "user": role.user_id},
        reason=reason,
    )


@transaction.atomic
def replace_delegates(
    *, college: College, users: Iterable, actor, term_ends_on: date | None, source: str
) -> list[DelegateMandate]:
    """End the college's current mandates and seat the newly elected or appointed delegates."""
    now = timezone.now()
    ending = list(
        DelegateMandate.objects.current().filter(college=college).values_list("user_id", flat=True)
    )
    DelegateMandate.objects.current().filter(college=college).update(
        ended_at=now, end_reason=_("Fin de mandat")
    )
    audit.record(
        actor=actor,
        action="delegatemandate.replaced",
        target=college,
        before={"delegates": ending},
        reason=_("Fin de mandat"),
    )
    return [
        appoint_delegate(
            college=college, user=user, actor=actor, term_ends_on=term_ends_on, source=source
        )
        for user in users
    ]


def qualification_questions(college: College) -> tuple[str, ...]:
    """The qualification fields this college asks, besides the common ones."""
    return {
        Qualification.SUPPLIER: ("sending_channels",),
        Qualification.VENDOR: ("software_offered",),
        Qualification.INSTITUTIONAL: ("institution_kind",),
    }.get(college.qualification, ())


# --- Charters -------------------------------------------------------------------------------


@transaction.atomic
def publish_charter(*, college: College, title: str, body: str, actor) -> Charter:
    """Publish a new version of a college's charter; earlier versions stay as accepted."""
    ensure(is_staff(actor), _("Seule l'équipe du club publie les chartes."))
    ensure(title.strip() and body.strip(), _("Une charte a un titre et un texte."))
    # Lock the college so two editors cannot both take the same next version number.
    College.objects.select_for_update().get(pk=college.pk)
    last = college.charters.order_by("-version").values_list("version", flat=True).first()
    charter = Charter(college=college, version=(last or 0) + 1, title=title.strip(), body=body)
    charter.full_clean()
    charter.save()
    audit.record(
        actor=actor,
        action="charter.published",
        target=charter,
        after={"college": college.slug, "version": charter.version},
    )
    return charter


def charter_was_accepted(charter: Charter) -> bool:
    return Application.objects.filter(charter=charter).exists()


@transaction.atomic
def amend_charter(*, charter: Charter, title: str, body: str, actor) -> Charter:
    """Correct a version nobody has accepted yet; an accepted text never changes."""
    ensure(is_staff(actor), _("Seule l'équipe du club modifie les chartes."))
    ensure(
        not charter_was_accepted(charter),
        _(
            "Des candidats ont déjà accepté cette version : publiez une nouvelle version "
            "plutôt que de la modifier."
        ),
    )
    ensure(title.strip() and body.strip(), _("Une charte a un titre et un texte."))
    charter.title, charter.body = title.strip(), body
    charter.save(update_fields=["title", "body"])
    audit.record(
        actor=actor,
        action="charter.amended",
        target=charter,
        after={"college": charter.college.slug, "version": charter.version},
    )
    return charter

"""What the colleges hold about a person, for the GDPR export and erasure.

See club/core/gdpr/registry.py. Applications, memberships and roles stay as anonymised rows: they
feed past headcounts and the history of decisions, but no longer say who the person was.
"""

from django.db import transaction
from django.db.models import Prefetch
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from club.core.gdpr.registry import register
from colleges import services
from colleges.models import (
    Application,
    ApplicationDecision,
    DelegateMandate,
    FacilitatorRole,
    Membership,
)
from colleges.selectors import forget_headcounts

# The database requires 14 digits; zeros are no real establishment.
ERASED_SIRET = "0" * 14


def _iso(value):
    return value.isoformat() if value else None


def _application(application: Application) -> dict:
    return {
        "college": application.college.name,
        "etat": application.get_status_display(),
        "organisation": application.organisation_name,
        "siret": application.siret,
        "type_d_organisation": application.get_organisation_kind_display(),
        "fonction": application.role_in_organisation,
        "canaux_d_envoi": application.sending_channels,
        "logiciel_ou_service_propose": application.software_offered,
        "type_d_institution": application.get_institution_kind_display(),
        "motivation": application.motivation,
        "charte_acceptee": str(application.charter) if application.charter else None,
        "charte_acceptee_le": _iso(application.charter_accepted_at),
        "complement_demande": application.staff_request,
        "deposee_le": _iso(application.submitted_at),
        "decidee_le": _iso(application.decided_at),
        # Decisions name what was done and why, not which staff member did it.
        "decisions": [
            {
                "action": decision.get_action_display(),
                "motif": decision.reason,
                "le": _iso(decision.created_at),
            }
            for decision in application.decisions.all()
        ],
    }


def _role(role) -> dict:
    return {
        "college": role.college.name,
        "siege": role.seat,
        "depuis_le": _iso(role.started_at),
        "jusqu_au": _iso(role.ended_at),
        "motif_de_fin": role.end_reason,
    }


def export(user) -> dict:
    applications = (
        Application.objects.filter(applicant=user)
        .select_related("college", "charter")
        .prefetch_related(
            Prefetch("decisions", queryset=ApplicationDecision.objects.order_by("created_at"))
        )
        .order_by("submitted_at", "pk")
    )
    memberships = Membership.objects.filter(user=user).select_related("college").order_by("pk")
    return {
        "candidatures": [_application(application) for application in applications],
        "adhesions": [
            {
                "college": membership.college.name,
                "etat": membership.get_status_display(),
                "organisation": membership.organisation_name,
                "dans_l_annuaire": membership.in_directory,
                "motif": membership.status_reason,
                "membre_depuis": _iso(membership.joined_at),
                "etat_modifie_le": _iso(membership.status_changed_at),
            }
            for membership in memberships
        ],
        "roles_d_animateur": [
            _role(role)
            for role in FacilitatorRole.objects.filter(user=user).select_related("college")
        ],
        "mandats_de_delegue": [
            {**_role(mandate), "origine": mandate.get_source_display()}
            for mandate in DelegateMandate.objects.filter(user=user).select_related("college")
        ],
    }


def erase(user) -> None:
    now = timezone.now()
    reason = gettext("Compte supprimé à la demande de la personne")
    # Staff no longer have an application to judge: it is withdrawn, with its history row.
    for application in Application.objects.open().filter(applicant=user):
        services.withdraw_application(application=application, applicant=user)
    Application.objects.filter(applicant=user).update(
        organisation_name="",
        siret=ERASED_SIRET,
        role_in_organisation="",
        sending_channels=[],
        software_offered="",
        motivation="",
        staff_request="",
    )
    Membership.objects.filter(user=user).exclude(status=Membership.Status.LEFT).update(
        status=Membership.Status.LEFT, status_changed_at=now
    )
    Membership.objects.filter(user=user).update(
        organisation_name="", in_directory=False, status_reason=""
    )
    for model in (FacilitatorRole, DelegateMandate):
        model.objects.current().filter(user=user).update(ended_at=now, end_reason=reason)
    # The updates above send no signal: drop the cached headcounts now and once committed.
    forget_headcounts()
    transaction.on_commit(forget_headcounts)


register("colleges", label=_("Collèges"), exporter=export, eraser=erase, order=100)

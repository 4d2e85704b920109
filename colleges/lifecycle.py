"""The lifecycle of applications, as a table (`club.core.lifecycle`).

    pending ──approve──▶ approved          (creates the membership)
    pending ──reject───▶ rejected
    pending ──ask──────▶ needs_info ──resubmit──▶ pending
    pending ──move─────▶ needs_info (in another college: its charter and fields to complete)
    pending|needs_info ──withdraw──▶ withdrawn

Staff decide; the applicant resubmits or withdraws. Each step leaves an `ApplicationDecision`
(who, when, why); `services.py` has one function per transition.
"""

from django.utils.translation import gettext_lazy as _

from club.core.lifecycle import Lifecycle, register, step
from colleges import rules
from colleges.models import Application, ApplicationDecision

Status = Application.Status
Action = ApplicationDecision.Action

# The history row's action, by transition.
ACTIONS = {
    "approve": Action.APPROVED,
    "reject": Action.REJECTED,
    "ask": Action.INFO_REQUESTED,
    "move": Action.MOVED,
    "resubmit": Action.RESUBMITTED,
    "withdraw": Action.WITHDRAWN,
}


def _history(application, *, transition, from_state, actor, reason, details):
    return ApplicationDecision.objects.create(
        application=application,
        action=ACTIONS[transition.name],
        actor=actor,
        reason=reason,
        from_college=details.get("from_college"),
    )


staff = rules.can_validate_applications
applicant = rules.is_applicant

APPLICATIONS = register(
    Lifecycle(
        "application",
        model=Application,
        transitions=(
            step("approve", {Status.PENDING}, Status.APPROVED, staff, _("accepter")),
            step("reject", {Status.PENDING}, Status.REJECTED, staff, _("refuser")),
            step("ask", {Status.PENDING}, Status.NEEDS_INFO, staff, _("demander un complément")),
            step("move", {Status.PENDING}, Status.NEEDS_INFO, staff, _("transférer")),
            step("resubmit", {Status.NEEDS_INFO}, Status.PENDING, applicant, _("compléter")),
            step(
                "withdraw",
                {Status.PENDING, Status.NEEDS_INFO},
                Status.WITHDRAWN,
                applicant,
                _("retirer"),
            ),
        ),
        history=_history,
        refusal=_("Cette candidature est « %(status)s » : cette action n'est plus possible."),
    )
)

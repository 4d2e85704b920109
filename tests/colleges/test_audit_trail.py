"""Privileged acts on applications, memberships and roles land in the append-only audit log."""

import pytest
from django.core.management import call_command

from club.core.audit.models import AuditEntry
from colleges import services
from tests.factories import UserFactory, make_member, qualification_for

pytestmark = pytest.mark.django_db


def actions() -> list[str]:
    return list(AuditEntry.objects.order_by("sequence").values_list("action", flat=True))


def test_application_decisions_are_audited_with_before_and_after(college, staff):
    applicant = UserFactory()
    application = services.submit_application(
        applicant=applicant, college=college, charter=None, **qualification_for(college)
    )
    assert actions() == [], "filing an application is not a privileged act"
    services.reject_application(application=application, actor=staff, reason="Collège inadapté")
    entry = AuditEntry.objects.get(action="application.rejected")
    assert entry.actor == staff
    assert entry.before["status"] == "pending"
    assert entry.after["status"] == "rejected"
    assert entry.reason == "Collège inadapté"


def test_membership_and_role_changes_are_audited_and_the_chain_verifies(college, staff):
    membership = make_member(college, staff=staff)
    role = services.appoint_facilitator(college=college, user=membership.user, actor=staff)
    services.end_role(role=role, actor=staff, reason="Fin de mission")
    services.suspend_membership(membership=membership, actor=staff, reason="Propos injurieux")
    services.reinstate_membership(membership=membership, actor=staff)
    assert actions() == [
        "application.approved",
        "facilitatorrole.appointed",
        "facilitatorrole.ended",
        "membership.suspended",
        "membership.reinstated",
    ]
    call_command("verify_audit_log")

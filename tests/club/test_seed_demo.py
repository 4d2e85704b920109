import io

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.db.models import Count

from club.core.audit.labels import action_label
from club.core.audit.models import AuditEntry
from colleges.models import Application, College, DelegateMandate, FacilitatorRole, Membership
from colleges.selectors import overall_headcounts

pytestmark = pytest.mark.django_db


def snapshot() -> dict:
    return {
        "users": get_user_model().objects.count(),
        "colleges": College.objects.count(),
        "memberships": Membership.objects.count(),
        "applications": Application.objects.count(),
        "facilitators": FacilitatorRole.objects.current().count(),
        "delegates": DelegateMandate.objects.current().count(),
    }


def test_seed_demo_is_idempotent():
    call_command("seed_demo", stdout=io.StringIO())
    first = snapshot()
    call_command("seed_demo")
    assert snapshot() == first
    assert first["colleges"] == 4
    # Every act the demo's spine records has a name people read in the audit log (issue 21.11).
    recorded = set(AuditEntry.objects.values_list("action", flat=True))
    assert len(recorded) > 15
    assert {code for code in recorded if action_label(code) == code} == set()


def test_seed_demo_fills_the_colleges_as_the_seeds_describe():
    call_command("seed_demo")
    facilitators = dict(
        FacilitatorRole.objects.current()
        .values_list("college__slug")
        .annotate(n=Count("pk"))
        .values_list("college__slug", "n")
    )
    assert facilitators == {"fournisseurs": 7, "editeurs-operateurs": 5, "institutionnels": 3}
    delegates = dict(
        DelegateMandate.objects.current()
        .values_list("college__slug")
        .annotate(n=Count("pk"))
        .values_list("college__slug", "n")
    )
    assert delegates == {"fournisseurs": 2, "editeurs-operateurs": 2, "institutionnels": 2}
    counts = overall_headcounts()
    assert counts.people < counts.memberships, "some members belong to two colleges"
    assert set(Application.objects.values_list("status", flat=True)) >= {
        "pending",
        "approved",
        "rejected",
        "needs_info",
    }
    assert College.objects.filter(is_plenary=True).count() == 1

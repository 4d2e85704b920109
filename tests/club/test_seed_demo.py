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


def test_the_demos_power_holders_sign_in_with_the_documented_second_factor(client):
    """`make run`'s staff and facilitators use their powers: the README gives the TOTP secret."""
    from allauth.mfa.totp.internal.auth import format_hotp_value, hotp_value
    from django.urls import reverse

    from club.core.accounts import powers
    from club.core.accounts.second_factor import has_mfa
    from club.demo import DEMO_PASSWORD, DEMO_TOTP_SECRET

    output = io.StringIO()
    call_command("seed_demo", stdout=output)
    assert DEMO_TOTP_SECRET in output.getvalue()
    holders = [user for user in get_user_model().objects.all() if powers.holds_powers(user)]
    assert holders and all(has_mfa(user) for user in holders)

    import time

    client.post(
        reverse("account_login"),
        {"login": "sophie.leroy@demo.club-chorus-pro.fr", "password": DEMO_PASSWORD},
    )
    code = format_hotp_value(hotp_value(DEMO_TOTP_SECRET, int(time.time()) // 30))
    client.post(reverse("mfa_authenticate"), {"code": code})
    assert client.get(reverse("announcements:create")).status_code == 200
    call_command("demo_code", stdout=io.StringIO())

from datetime import timedelta

import pytest
from django.utils import timezone

from tests.accounts.conftest import enable_totp
from tests.whitepapers.factories import draft_whitepaper
from whitepapers.models import Consultation

pytestmark = pytest.mark.django_db


def test_staff_opens_a_consultation_in_the_wagtail_admin(client, college):
    from tests.factories import StaffFactory

    admin = StaffFactory(is_superuser=True)
    page = draft_whitepaper(title="Projet", colleges=[college])
    enable_totp(admin)  # the back office requires a second factor
    client.force_login(admin)
    url = "/cms/snippets/whitepapers/consultation/add/"
    assert client.get(url).status_code == 200
    now = timezone.localtime()
    data = {
        "page": page.pk,
        "opens_at": now.strftime("%Y-%m-%d %H:%M"),
        "closes_at": (now - timedelta(days=1)).strftime("%Y-%m-%d %H:%M"),
    }
    response = client.post(url, data)
    assert response.status_code == 200
    assert response.context["form"].non_field_errors()  # refused by the check constraint
    assert not Consultation.objects.exists()
    data["closes_at"] = (now + timedelta(days=7)).strftime("%Y-%m-%d %H:%M")
    response = client.post(url, data)
    assert response.status_code == 302, response.content[-2000:]
    consultation = Consultation.objects.get()
    assert consultation.created_by == admin and consultation.is_open()


def test_admin_refuses_an_overlapping_consultation_with_the_service_message(client, college):
    from tests.factories import StaffFactory
    from tests.whitepapers.factories import open_consultation

    admin = StaffFactory(is_superuser=True)
    page = draft_whitepaper(title="Projet", colleges=[college])
    open_consultation(page, admin)
    enable_totp(admin)
    client.force_login(admin)
    now = timezone.localtime()
    response = client.post(
        "/cms/snippets/whitepapers/consultation/add/",
        {
            "page": page.pk,
            "opens_at": now.strftime("%Y-%m-%d %H:%M"),
            "closes_at": (now + timedelta(days=2)).strftime("%Y-%m-%d %H:%M"),
        },
    )
    assert response.status_code == 200
    assert (
        "Une consultation couvre déjà cette période." in response.context["form"].non_field_errors()
    )
    assert Consultation.objects.count() == 1


def test_staff_moderates_a_comment_in_the_admin_through_the_service(client, college, member):
    from club.core.audit.models import AuditEntry
    from tests.factories import StaffFactory
    from tests.whitepapers.factories import open_consultation
    from whitepapers import services
    from whitepapers.models import CommentStatus

    admin = StaffFactory(is_superuser=True)
    page = draft_whitepaper(title="Projet", colleges=[college])
    consultation = open_consultation(page, admin)
    comment = services.post_comment(consultation=consultation, author=member, body="Avis")
    enable_totp(admin)
    client.force_login(admin)
    url = f"/cms/snippets/whitepapers/consultationcomment/edit/{comment.pk}/"
    assert client.get(url).status_code == 200
    response = client.post(url, {"status": "approved"})
    assert response.status_code == 302
    comment.refresh_from_db()
    assert comment.status == CommentStatus.APPROVED and comment.moderated_by == admin
    assert AuditEntry.objects.filter(action="consultation_comment.moderated").exists()

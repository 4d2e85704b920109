"""Notices, choices and e-mails are exported with the person and erased with them."""

import pytest

from club.announcements.services import publish_announcement
from club.core.gdpr.services import erase_account, export_personal_data
from club.core.notifications import services as notifications
from club.core.notifications.models import (
    EmailDelivery,
    Notification,
    NotificationPreference,
)
from tests.factories import PASSWORD, UserFactory

pytestmark = pytest.mark.django_db


def test_export_then_erase(college, staff):
    person, other = UserFactory(), UserFactory()
    notifications.set_preference(user=person, kind="thread_post", mode="weekly")
    notifications.notify([person, other], "announcement", subject="Réunion jeudi")
    announcement = publish_announcement(
        author=staff, college=None, title="Assemblée", body="Le 3 mars."
    )
    data = export_personal_data(user=person)["sections"]["notifications"]
    assert [n["objet"] for n in data["notifications"]] == ["Réunion jeudi"]
    assert data["preferences"][0]["courriels"] == "Un résumé par semaine"
    assert data["courriels"][0]["objet"] == "Réunion jeudi"

    erase_account(user=person, password=PASSWORD)
    assert not Notification.objects.filter(recipient=person).exists()
    assert not EmailDelivery.objects.filter(recipient=person).exists()
    assert not NotificationPreference.objects.filter(user=person).exists()
    assert Notification.objects.filter(recipient=other).exists(), "nobody else's data goes"

    staff_export = export_personal_data(user=staff)["sections"]["announcements"]
    assert staff_export["annonces_publiees"][0]["titre"] == "Assemblée"
    announcement.refresh_from_db()
    assert announcement.author_id == staff.pk

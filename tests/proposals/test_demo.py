import io

import pytest
from django.core.management import call_command

from club.core.notifications.models import EmailDelivery, Notification
from proposals.models import (
    ChangeRequest,
    ChangeRequestEvent,
    Position,
    Status,
    Support,
)

pytestmark = pytest.mark.django_db


def counts() -> dict:
    return {
        "requests": ChangeRequest.objects.count(),
        "supports": Support.objects.count(),
        "events": ChangeRequestEvent.objects.count(),
        "positions": Position.objects.count(),
    }


def test_demo_requests_cover_every_state_and_are_idempotent(
    client, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        call_command("seed_demo", stdout=io.StringIO())
    # Fictitious people get in-site notices but no email.
    assert not [m for m in mailoutbox if "demande suivie" in m.subject]
    assert Notification.objects.exists()
    assert not EmailDelivery.objects.exists(), "nothing queued for e-mail, now or in digests"
    assert not Notification.objects.exclude(email_mode="never").exists()
    first = counts()
    call_command("seed_demo", stdout=io.StringIO())
    assert counts() == first
    assert set(ChangeRequest.objects.values_list("status", flat=True)) == set(Status.values)
    merged = ChangeRequest.objects.get(status=Status.MERGED)
    assert (
        merged.merged_into.support_count
        == Support.objects.filter(request=merged.merged_into).count()
    )
    assert merged.merged_into.support_count >= 6
    assert ChangeRequest.objects.filter(title__contains="A19").exists()
    assert ChangeRequest.objects.get(status=Status.REJECTED).decision_reason
    # Every public page renders.
    assert client.get("/demandes/").status_code == 200
    for cr in ChangeRequest.objects.public():
        assert client.get(cr.get_absolute_url()).status_code == 200
    for position in Position.objects.all():
        assert client.get(position.get_absolute_url()).status_code == 200

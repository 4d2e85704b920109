"""Followers of a request choose e-mails at once, as a daily or weekly summary, or none.

The choice and the digests belong to the club's notifications (tests/notifications/); this
checks that request status changes go through them.
"""

import pytest
from django.core import mail
from django.core.management import call_command

from club.core.notifications import services as notifications
from club.core.notifications.models import Notification
from proposals import services

pytestmark = pytest.mark.django_db


def test_immediate_by_default(change_request, facilitator, django_capture_on_commit_callbacks):
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        services.open_discussion(request=change_request, actor=facilitator, reason="On en discute")
    assert [message.to for message in mail.outbox] == [[change_request.author.email]]


def test_daily_digest_groups_changes_in_one_mail_and_is_not_sent_twice(
    change_request, facilitator, django_capture_on_commit_callbacks
):
    author = change_request.author
    notifications.set_preference(user=author, kind="request_status", mode="daily")
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        services.open_discussion(request=change_request, actor=facilitator, reason="On en discute")
    assert mail.outbox == [], "a digest reader gets nothing at once"
    assert Notification.objects.filter(recipient=author, delivery__isnull=True).count() >= 1

    call_command("send_digests", "--period", "daily")
    assert len(mail.outbox) == 1
    digest = mail.outbox[0]
    assert digest.to == [author.email]
    assert "résumé" in digest.subject
    assert change_request.title[:40] in digest.body
    assert not Notification.objects.filter(
        recipient=author, email_mode="daily", delivery__isnull=True
    ).exists()

    call_command("send_digests", "--period", "daily")
    assert len(mail.outbox) == 1, "nothing left to send the second time"


def test_weekly_readers_are_not_in_the_daily_run(
    change_request, facilitator, django_capture_on_commit_callbacks
):
    notifications.set_preference(user=change_request.author, kind="request_status", mode="weekly")
    with django_capture_on_commit_callbacks(execute=True):
        services.open_discussion(request=change_request, actor=facilitator, reason="On en discute")
    mail.outbox.clear()
    call_command("send_digests", "--period", "daily")
    assert mail.outbox == []
    call_command("send_digests", "--period", "weekly")
    assert len(mail.outbox) == 1

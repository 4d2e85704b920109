"""Followers choose e-mails at once, as a daily or weekly summary, or none."""

import pytest
from django.core import mail
from django.core.management import call_command

from proposals import services
from proposals.models import EmailPreference, Notification

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
    services.set_email_preference(user=author, mode=EmailPreference.Mode.DAILY)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        services.open_discussion(request=change_request, actor=facilitator, reason="On en discute")
    assert mail.outbox == [], "a digest reader gets nothing at once"
    assert Notification.objects.filter(recipient=author, emailed_at__isnull=True).count() >= 1

    call_command("send_proposal_digests", "--period", "daily")
    assert len(mail.outbox) == 1
    digest = mail.outbox[0]
    assert digest.to == [author.email]
    assert "Résumé" in digest.subject
    assert change_request.title[:40] in digest.body
    assert not Notification.objects.filter(recipient=author, emailed_at__isnull=True).exists()

    call_command("send_proposal_digests", "--period", "daily")
    assert len(mail.outbox) == 1, "nothing left to send the second time"


def test_weekly_readers_are_not_in_the_daily_run(
    change_request, facilitator, django_capture_on_commit_callbacks
):
    services.set_email_preference(user=change_request.author, mode=EmailPreference.Mode.WEEKLY)
    with django_capture_on_commit_callbacks(execute=True):
        services.open_discussion(request=change_request, actor=facilitator, reason="On en discute")
    mail.outbox.clear()
    call_command("send_proposal_digests", "--period", "daily")
    assert mail.outbox == []
    call_command("send_proposal_digests", "--period", "weekly")
    assert len(mail.outbox) == 1


def test_the_choice_is_made_on_my_requests_page(client, member):
    client.force_login(member)
    response = client.post("/demandes/mes-demandes/courriels/", {"mode": "weekly"}, follow=True)
    assert "Votre choix de courriels est enregistré." in response.content.decode()
    assert EmailPreference.objects.get(user=member).mode == "weekly"
    response = client.post(
        "/demandes/mes-demandes/courriels/", {"mode": "every-minute"}, follow=True
    )
    assert "Choisissez une des fréquences proposées." in response.content.decode()
    assert EmailPreference.objects.get(user=member).mode == "weekly"

"""E-mails: at once or in a digest, with a one-click unsubscribe, retried without doubles."""

import smtplib
from datetime import timedelta

import pytest
import time_machine
from django.core import mail
from django.core.mail.backends.locmem import EmailBackend
from django.core.management import call_command
from django.utils import timezone

from club.core.notifications import emails
from club.core.notifications import services as notifications
from club.core.notifications.models import EmailDelivery, Notification
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


class FlakySMTP(EmailBackend):
    """Refuses the first `failures` sends like a mail server that is down, then delivers."""

    failures = 0

    def send_messages(self, messages):
        if FlakySMTP.failures > 0:
            FlakySMTP.failures -= 1
            raise smtplib.SMTPServerDisconnected("Connection unexpectedly closed")
        return super().send_messages(messages)


@pytest.fixture
def person(db):
    return UserFactory(email="marie@exemple.fr")


def tell(person, kind="announcement", subject="Réunion jeudi", **extra):
    return notifications.notify(
        [person], kind, subject=subject, body="Détails.", url="/x/", **extra
    )


def test_an_immediate_notice_is_mailed_once_after_commit_with_unsubscribe_headers(
    person, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        tell(person)
    [message] = mail.outbox
    assert message.to == ["marie@exemple.fr"]
    assert message.subject == "[Club Chorus Pro] Réunion jeudi"
    assert message.extra_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    link = message.extra_headers["List-Unsubscribe"].strip("<>")
    assert "/notifications/desabonnement/" in link and link in message.body
    assert "http://127.0.0.1:8000/x/" in message.body
    delivery = EmailDelivery.objects.get()
    assert delivery.status == "sent" and delivery.attempts == 1
    # Running the same task again (a retried job) sends nothing more.
    assert emails.deliver(delivery.pk) == "skipped"
    assert len(mail.outbox) == 1


def test_nothing_is_sent_if_the_transaction_rolls_back(person, django_capture_on_commit_callbacks):
    from django.db import transaction

    with (
        django_capture_on_commit_callbacks(execute=True) as callbacks,
        pytest.raises(RuntimeError),
        transaction.atomic(),
    ):
        tell(person)
        raise RuntimeError
    assert callbacks == [] and mail.outbox == []
    assert not Notification.objects.exists()


def test_a_failed_send_is_retried_with_backoff_and_never_doubled(
    person, settings, django_capture_on_commit_callbacks
):
    settings.EMAIL_BACKEND = "tests.notifications.test_emails.FlakySMTP"
    FlakySMTP.failures = 2
    with django_capture_on_commit_callbacks(execute=True):
        tell(person)
    delivery = EmailDelivery.objects.get()
    assert (delivery.status, delivery.attempts) == ("pending", 1)
    assert "SMTPServerDisconnected" in delivery.last_error
    assert delivery.next_attempt_at > timezone.now()
    assert mail.outbox == []

    # Not due yet: the retry run leaves it alone.
    assert emails.retry_due_deliveries() == 0
    with time_machine.travel(delivery.next_attempt_at + timedelta(seconds=1)):
        assert emails.retry_due_deliveries() == 0  # second failure
    delivery.refresh_from_db()
    assert delivery.attempts == 2 and delivery.status == "pending"
    later = delivery.next_attempt_at + timedelta(seconds=1)
    assert later - timezone.now() > timedelta(minutes=5), "the wait grows"
    with time_machine.travel(later):
        assert emails.retry_due_deliveries() == 1
        assert emails.retry_due_deliveries() == 0
        call_command("send_digests", "--period", "daily")
    assert len(mail.outbox) == 1
    delivery.refresh_from_db()
    assert (delivery.status, delivery.attempts) == ("sent", 3)


def test_a_send_that_keeps_failing_is_given_up(person, settings):
    settings.EMAIL_BACKEND = "tests.notifications.test_emails.FlakySMTP"
    FlakySMTP.failures = 100
    tell(person)
    delivery = EmailDelivery.objects.get()
    results = []
    for _ in range(emails.MAX_ATTEMPTS):
        delivery.refresh_from_db()
        # Each attempt waits for its time: earlier, the delivery is left alone.
        with time_machine.travel(delivery.next_attempt_at + timedelta(seconds=1)):
            results.append(emails.deliver(delivery.pk))
    assert results[-1] == "failed" and results[:-1] == ["retry"] * (emails.MAX_ATTEMPTS - 1)
    assert emails.deliver(delivery.pk) == "skipped"
    FlakySMTP.failures = 0


def test_two_deliveries_cannot_share_a_key(person):
    from django.db import IntegrityError

    EmailDelivery.objects.create(recipient=person, idempotency_key="k", subject="a", body="b")
    with pytest.raises(IntegrityError):
        EmailDelivery.objects.create(recipient=person, idempotency_key="k", subject="a", body="b")


def test_a_daily_digest_groups_the_days_notices_in_one_mail(
    person, django_capture_on_commit_callbacks
):
    notifications.set_preference(user=person, kind="announcement", mode="daily")
    notifications.set_preference(user=person, kind="thread_post", mode="daily")
    with django_capture_on_commit_callbacks(execute=True):
        tell(person, subject="Première annonce")
        tell(person, subject="Deuxième annonce")
        tell(person, kind="thread_post", subject="Nouveau message dans « Rejets »")
    assert mail.outbox == [], "digest readers get nothing at once"

    call_command("send_digests", "--period", "weekly")
    assert mail.outbox == [], "the weekly run is not theirs"
    call_command("send_digests", "--period", "daily")
    [digest] = mail.outbox
    assert "3 notification(s)" in digest.subject
    for subject in ("Première annonce", "Deuxième annonce", "Nouveau message dans « Rejets »"):
        assert subject in digest.body
    assert "Annonce" in digest.body and "Nouveau message dans un fil suivi" in digest.body
    assert digest.extra_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    # The digest's link turns off both kinds it carries.
    token = digest.extra_headers["List-Unsubscribe"].strip("<>").rstrip("/").rsplit("/", 1)[-1]
    assert emails.read_unsubscribe_token(token) == (
        person.pk,
        ["announcement", "thread_post"],
    )

    call_command("send_digests", "--period", "daily")
    assert len(mail.outbox) == 1, "a second run the same day sends nothing"
    with django_capture_on_commit_callbacks(execute=True):
        tell(person, subject="Le lendemain")
    with time_machine.travel(timezone.now() + timedelta(days=1)):
        call_command("send_digests", "--period", "daily")
    assert len(mail.outbox) == 2 and "Le lendemain" in mail.outbox[1].body
    assert "Première annonce" not in mail.outbox[1].body


def test_never_means_site_only(person, django_capture_on_commit_callbacks):
    notifications.set_preference(user=person, kind="announcement", mode="never")
    with django_capture_on_commit_callbacks(execute=True):
        tell(person)
    call_command("send_digests", "--period", "daily")
    call_command("send_digests", "--period", "weekly")
    assert mail.outbox == []
    assert Notification.objects.filter(recipient=person).count() == 1


def test_turning_a_kind_off_drops_its_pending_digest_lines(person):
    notifications.set_preference(user=person, kind="announcement", mode="weekly")
    tell(person)
    notifications.set_preference(user=person, kind="announcement", mode="never")
    call_command("send_digests", "--period", "weekly")
    assert mail.outbox == []


def test_the_application_decision_cannot_be_turned_off_and_has_no_unsubscribe(
    person, django_capture_on_commit_callbacks
):
    from club.core.domain import DomainError

    with pytest.raises(DomainError):
        notifications.set_preference(user=person, kind="application_decided", mode="never")
    with django_capture_on_commit_callbacks(execute=True):
        tell(person, kind="application_decided")
    [message] = mail.outbox
    assert "List-Unsubscribe" not in message.extra_headers
    assert "répond à une démarche de votre part" in message.body


def test_the_newsletter_is_opt_in(person, django_capture_on_commit_callbacks):
    other = UserFactory()
    notifications.set_preference(user=person, kind="newsletter", mode="immediate")
    with django_capture_on_commit_callbacks(execute=True):
        notices = notifications.notify([person, other], "newsletter", subject="Lettre n° 1")
    assert [n.recipient_id for n in notices] == [person.pk]
    assert [m.to for m in mail.outbox] == [[person.email]]


def test_demo_mode_stores_notices_but_queues_no_mail(person, django_capture_on_commit_callbacks):
    notifications.set_preference(user=person, kind="thread_post", mode="daily")
    with django_capture_on_commit_callbacks(execute=True), notifications.without_emails():
        tell(person)
        tell(person, kind="thread_post")
    call_command("send_digests", "--period", "daily")
    assert mail.outbox == [] and not EmailDelivery.objects.exists()
    assert Notification.objects.filter(recipient=person).count() == 2


def test_a_large_audience_is_mailed_by_one_task_per_hundred(
    monkeypatch, django_capture_on_commit_callbacks
):
    from club.core.notifications import tasks

    people = UserFactory.create_batch(notifications.DELIVERIES_PER_TASK * 2 + 5)
    batches = []
    task = tasks.send_deliveries

    class Counting:
        def enqueue(self, ids):
            batches.append(len(ids))
            return task.enqueue(ids)

    monkeypatch.setattr(tasks, "send_deliveries", Counting())
    with django_capture_on_commit_callbacks(execute=True):
        notifications.notify(people, "announcement", subject="Assemblée", body="Jeudi.")
    assert batches == [100, 100, 5]
    assert len(mail.outbox) == len(people)
    assert sorted(m.to[0] for m in mail.outbox) == sorted(p.email for p in people)
    assert set(EmailDelivery.objects.values_list("status", flat=True)) == {"sent"}
    assert Notification.objects.filter(delivery__isnull=True).count() == 0

"""E-mail through a real SMTP server on loopback: no database lock is held while the server
answers, each attempt is recorded before it is made, and every attempt at one e-mail carries the
same Message-ID (issue 20.9).
"""

import pytest
from django.contrib.auth import get_user_model
from django.db import connection, transaction
from django.utils import timezone

from club.core.notifications import emails
from club.core.notifications.models import EmailDelivery
from tests.factories import UserFactory
from tests.notifications.smtp import SmtpSink

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def smtp(settings):
    sinks = []

    def start(**options) -> SmtpSink:
        sink = SmtpSink(**options).start()
        sinks.append(sink)
        settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
        settings.EMAIL_HOST, settings.EMAIL_PORT = "127.0.0.1", sink.port
        settings.EMAIL_USE_TLS = False
        return sink

    yield start
    for sink in sinks:
        sink.stop()


def _pending(user, key="notice:smtp") -> EmailDelivery:
    return EmailDelivery.objects.create(
        recipient=user, idempotency_key=key, kinds=[], subject="Réunion jeudi", body="À jeudi."
    )


def _write_elsewhere(user_id: int, seen: dict) -> None:
    """What a page does meanwhile: a write, from another connection, that may not wait long."""
    from django.db import connection as other  # this thread's own connection

    try:
        with transaction.atomic():
            if other.vendor == "postgresql":
                with other.cursor() as cursor:
                    cursor.execute("SET LOCAL lock_timeout = '2s'")
            get_user_model().objects.filter(pk=user_id).update(last_login=timezone.now())
            seen["attempts"] = EmailDelivery.objects.get(recipient_id=user_id).attempts
        seen["write"] = "done"
    except Exception as error:
        seen["write"] = f"{type(error).__name__}: {error}"
    finally:
        other.close()


def test_no_database_lock_is_held_while_the_mail_server_answers(smtp):
    """Once the e-mail was sent inside the row's transaction: on SQLite a mail server taking
    25 s made every page that writes answer 500 ("database is locked")."""
    user = UserFactory()
    delivery = _pending(user)
    seen: dict = {}
    smtp(delay=0.5, during_data=lambda _number: _write_elsewhere(user.pk, seen))
    assert emails.deliver(delivery.pk) == "sent"
    assert seen.get("write") == "done", seen
    assert seen["attempts"] == 1, "the attempt is recorded before the exchange"
    delivery.refresh_from_db()
    assert (delivery.status, delivery.attempts) == ("sent", 1)
    assert connection.vendor in ("sqlite", "postgresql")


def test_every_attempt_at_one_e_mail_has_the_same_message_id(smtp, settings):
    user = UserFactory()
    delivery = _pending(user)
    sink = smtp()
    first = emails.build_message(delivery).extra_headers["Message-ID"]
    assert (
        first
        == emails.build_message(EmailDelivery.objects.get(pk=delivery.pk)).extra_headers[
            "Message-ID"
        ]
    )
    other = _pending(UserFactory(), key="notice:other")
    assert emails.build_message(other).extra_headers["Message-ID"] != first
    assert emails.deliver(delivery.pk) == "sent"
    assert sink.message_ids() == [first]
    assert emails.deliver(delivery.pk) == "skipped"
    assert sink.message_ids() == [first], "sent once"


def test_an_attempt_under_way_is_not_sent_twice_and_a_lost_one_is_sent_again(smtp, settings):
    """A second worker finds the lease and leaves it; once the lease expires (the first worker
    died mid-send), the retry sends it, with the same Message-ID."""
    import time_machine

    user = UserFactory()
    delivery = _pending(user)
    sink = smtp()
    # The first attempt is recorded, then its worker dies before the SMTP exchange ends.
    with transaction.atomic():
        EmailDelivery.objects.filter(pk=delivery.pk).update(
            attempts=1, next_attempt_at=timezone.now() + emails.send_lease()
        )
    assert emails.deliver(delivery.pk) == "leased"
    assert emails.retry_due_deliveries() == 0
    assert sink.message_ids() == []
    with time_machine.travel(timezone.now() + emails.send_lease() + timezone.timedelta(seconds=1)):
        assert emails.retry_due_deliveries() == 1
    delivery.refresh_from_db()
    assert (delivery.status, delivery.attempts) == ("sent", 2)
    assert sink.message_ids() == [emails.message_id(delivery)]

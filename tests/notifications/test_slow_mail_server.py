"""A slow mail server slows nobody but the worker (issue 20.9).

Real parts only: a real SMTP server on loopback that takes 5 s to answer each message, a real
`manage.py db_worker` (under `scripts/supervise`, as `make run` starts it) sending through it,
and a real Daphne on the same database, on both backends. While the worker waits for the
server's answer to an e-mail to a member, that member reads a thread page and posts a reply:
the server answers only once the member is done, so a worker holding a database lock across
the SMTP exchange would make the reply wait for that lock and fail.

Before: each e-mail was sent inside the delivery's transaction. On SQLite (the embedded
default) that transaction holds the database's write lock, and a reply posted meanwhile
answered 500 ("database is locked") once SQLite's 20 s busy timeout ran out. On PostgreSQL it
held the delivery and its recipient's row FOR UPDATE, and the recipient's reply waited at
COMMIT (its foreign key to that row) until the mail server answered: never, here.
"""

import uuid

import pytest
from django.urls import reverse

from club.core.notifications import services as notifications
from club.core.notifications.models import EmailDelivery
from tests.factories import CollegeFactory, UserFactory, make_member
from tests.notifications.processes import (
    SharedDaphne,
    SupervisedWorker,
    read_shared,
    shared_database_url,
    wait_until,
)
from tests.notifications.smtp import SmtpSink
from tests.reliability.servers import SignedInClient
from tests.threads.factories import make_facilitator, make_theme, make_thread

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.slow_subprocess]

SMTP_SECONDS = 5  # each message takes the mail server this long to be answered
REPLY = "Je réponds pendant que le serveur de courriel traîne."


def test_a_thread_is_read_and_answered_while_the_mail_server_is_slow(settings, tmp_path):
    college = CollegeFactory(name="Fournisseurs", slug="fournisseurs")
    facilitator = make_facilitator(college)
    thread = make_thread(make_theme(college, facilitator), facilitator)
    member = make_member(college, user=UserFactory()).user
    # The e-mails of the set-up went at once (the tests' settings); this one waits for the
    # worker, as the product queues them.
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    notifications.notify([member], "announcement", subject="Assemblée jeudi", url="/")
    waiting = EmailDelivery.objects.filter(status=EmailDelivery.Status.PENDING)
    assert list(waiting.values_list("recipient", flat=True)) == [member.pk]
    thread_url = reverse("colleges:thread_detail", args=[thread.pk])
    reply_url = reverse("colleges:post_create", kwargs={"pk": thread.pk})
    server = SharedDaphne("", log=tmp_path / "daphne.log")
    browser = SignedInClient(server, member)  # its session is stored before the copy below
    server.database_url = shared_database_url(tmp_path)
    seen: dict = {}

    def meanwhile_a_member_answers(number: int) -> None:
        """Runs while the worker waits for the server's answer to the member's e-mail."""
        if number != 1:
            return
        wait_until(lambda: server.process is not None and server.healthy(), "daphne up")
        try:
            seen["page"] = browser.get(thread_url)[0]
            payload = {"body": REPLY, "submission_token": str(uuid.uuid4())}
            seen["reply"] = browser.post(reply_url, payload)[0]
            status, _headers, page = browser.get(thread_url)
            seen["page after"] = status
            seen["reply shown"] = REPLY.encode() in page
        except Exception as error:  # the test reports it
            seen["error"] = repr(error)

    sink = SmtpSink(delay=SMTP_SECONDS, during_data=meanwhile_a_member_answers).start()
    worker = SupervisedWorker(
        server.database_url, email_port=sink.port, log=tmp_path / "worker.log"
    ).start()
    try:
        server.start()
        first = worker.wait_for_worker()
        wait_until(lambda: "page after" in seen or "error" in seen, "the member's visit")
        # Then the server answers, and the worker records the e-mail as sent.
        wait_until(
            lambda: set(read_shared(server.database_url, EmailDelivery, "status")) == {"sent"},
            "the slow e-mail sent",
        )
        assert worker.worker_pid() == first, "the worker stayed up"
    finally:
        worker.stop()
        server.stop()
        sink.stop()
    print(f"\nwhile the mail server answered: {seen}")
    assert seen == {"page": 200, "reply": 302, "page after": 200, "reply shown": True}
    daphne_log = (tmp_path / "daphne.log").read_text(errors="replace")
    assert "database is locked" not in daphne_log
    assert "Traceback" not in worker.log_text()

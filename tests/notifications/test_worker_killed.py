"""The task worker killed with SIGKILL in the middle of a batch of e-mails (issue 20.9, 26.3).

Real parts only: a real SMTP server on loopback counts what arrives, and a real `manage.py
db_worker` runs under `scripts/supervise` as `make run` starts it. The SMTP server kills the
worker while it is sending the third e-mail of a batch; the supervisor starts a new worker,
which takes the batch up again: every member gets each e-mail exactly once.

Before: the killed worker's task stayed RUNNING for ever, a restarted worker never resumed it,
and `make run` did not restart the worker at all.
"""

import subprocess

import pytest
from django_tasks.base import TaskResultStatus
from django_tasks_db.models import DBTaskResult

from club.core.notifications import emails
from club.core.notifications import services as notifications
from club.core.notifications.models import EmailDelivery
from tests.factories import UserFactory
from tests.notifications.processes import (
    BASE_DIR,
    SupervisedWorker,
    read_shared,
    shared_database_url,
    wait_until,
)
from tests.notifications.smtp import SmtpSink

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.slow_subprocess]

MEMBERS = 6
KILLED_AT = 3  # the third e-mail of the first batch of six


@pytest.fixture
def tasks_in_database(settings):
    """Tasks queued in the database for a worker to take, as the product does."""
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}


def _announce_twice(members) -> set[tuple[str, str]]:
    """Two announcements to the same members: two batches (tasks) of six e-mails."""
    for subject in ("Assemblée générale jeudi", "Ordre du jour de l'assemblée"):
        notifications.notify(members, "announcement", subject=subject, body="À jeudi.", url="/")
    assert DBTaskResult.objects.filter(status=TaskResultStatus.READY).count() == 2
    return {
        (delivery.recipient.email, emails.message_id(delivery))
        for delivery in EmailDelivery.objects.select_related("recipient")
    }


def _all_done(database_url: str) -> bool:
    deliveries = read_shared(database_url, EmailDelivery, "status")
    tasks = read_shared(database_url, DBTaskResult, "status")
    return set(deliveries) == {"sent"} and set(tasks) == {TaskResultStatus.SUCCESSFUL}


@pytest.mark.parametrize(
    "moment",
    [
        # The worker dies before the message reached the server: it must be sent, once.
        "before the message",
        # The message reached the server, the worker died waiting for its "250": it cannot
        # know; it sends it again, with the same Message-ID, so the copy is recognised.
        "before the answer",
    ],
)
def test_a_worker_killed_mid_batch_is_restarted_and_each_e_mail_arrives_once(
    moment, tasks_in_database, tmp_path
):
    members = [UserFactory(email=f"membre{number}@exemple.fr") for number in range(MEMBERS)]
    expected = _announce_twice(members)
    killed: list[int] = []

    def kill_the_worker(number: int) -> None:
        if number == KILLED_AT and not killed:
            killed.append(worker.kill_worker())

    hook = "on_rcpt" if moment == "before the message" else "during_data"
    sink = SmtpSink(**{hook: kill_the_worker}).start()
    database_url = shared_database_url(tmp_path)
    worker = SupervisedWorker(database_url, email_port=sink.port, log=tmp_path / "worker.log")
    try:
        worker.start()
        wait_until(lambda: killed, "the worker killed mid-batch")
        # The supervisor starts another worker, which resumes the batch of the dead one.
        worker.wait_for_worker(other_than=killed[0])
        wait_until(lambda: _all_done(database_url), "every e-mail sent, every task done")
    finally:
        worker.stop()
        sink.stop()

    copies = sink.copies()
    per_member = {member.email: 0 for member in members}
    for address, _message_id in copies:
        per_member[address] += 1
    print(f"\n{moment}: distinct e-mails per member {per_member}, copies {sorted(copies.values())}")
    assert set(copies) == expected, "every member got each e-mail"
    assert set(per_member.values()) == {2}
    in_flight = sink.received[KILLED_AT - 1]["message_id"] if hook == "during_data" else None
    for (_address, message_id), count in copies.items():
        if message_id == in_flight:
            # Taken by the server as the worker died: sent again under the same Message-ID.
            assert count == 2
        else:
            assert count == 1, f"{message_id} arrived {count} times"
    assert "Traceback" not in worker.log_text()


def test_make_run_starts_the_worker_under_the_supervisor():
    """`make run` keeps its worker alive: the command it runs is the one tested above."""
    recipe = subprocess.run(
        ["make", "-n", "run"], cwd=BASE_DIR, capture_output=True, text=True, check=True
    ).stdout
    [line] = [line for line in recipe.splitlines() if "manage.py db_worker" in line]
    assert "bash scripts/supervise" in line.split("manage.py db_worker")[0]

"""The real thing: `run_scheduler` and `db_worker` processes close a due ballot, no page asked.

PostgreSQL only: the processes share pytest's test database, which SQLite keeps in memory.
"""

import os
import subprocess
import sys
import time
from datetime import timedelta

import pytest
from django.conf import settings
from django.utils import timezone

from tests.factories import make_member
from tests.reliability.servers import BASE_DIR, database_url_of_tests
from tests.votes.factories import facilitator_of, make_ballot, option
from votes import services
from votes.models import Ballot, Elector, Tally

WAIT_SECONDS = 90


def needs_postgres():
    from django.db import connection

    return pytest.mark.skipif(
        connection.vendor != "postgresql",
        reason="the worker processes share the test database: PostgreSQL (DATABASE_URL) only",
    )


def start(tmp_path, *command):
    env = {k: v for k, v in os.environ.items() if not k.startswith(("PYTEST_", "DJANGO_"))}
    env.update(
        # Production settings: the database queue (django-tasks-db), not the test's immediate one.
        DJANGO_SETTINGS_MODULE="club.settings",
        DATABASE_URL=database_url_of_tests(),
        SECRET_KEY=settings.SECRET_KEY,
        DEBUG="0",
        EMAIL_BACKEND="django.core.mail.backends.locmem.EmailBackend",
        LOG_LEVEL="WARNING",
        PYTHONPATH=str(BASE_DIR),
    )
    env.pop("REDIS_URL", None)  # nothing here needs Redis: the test's own may be elsewhere
    log = open(tmp_path / f"{command[0]}.log", "ab")  # noqa: SIM115
    return subprocess.Popen(
        [sys.executable, "manage.py", *command], cwd=BASE_DIR, env=env, stdout=log, stderr=log
    )


def stop(process) -> None:
    process.terminate()
    try:
        process.wait(timeout=20)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait(timeout=20)


@needs_postgres()
@pytest.mark.django_db(transaction=True)
def test_the_scheduled_worker_opens_and_closes_ballots_by_itself(tmp_path, college, staff):
    facilitator = facilitator_of(college, staff)
    voter = make_member(college, staff=staff).user
    to_close = make_ballot(college, facilitator, question="À dépouiller")
    services.cast_vote(ballot=to_close, voter=voter, option_ids=[option(to_close, "for").pk])
    to_open = make_ballot(
        college, facilitator, question="À ouvrir", start=timezone.now() + timedelta(minutes=5)
    )
    # As if the clock had moved on: one is past its close, the other past its opening.
    Ballot.objects.filter(pk=to_close.pk).update(
        opens_at=timezone.now() - timedelta(hours=2), closes_at=timezone.now() - timedelta(hours=1)
    )
    Ballot.objects.filter(pk=to_open.pk).update(opens_at=timezone.now())

    processes = [
        start(tmp_path, "db_worker", "--no-reload", "--interval", "0.2", "--no-startup-delay"),
        start(tmp_path, "run_scheduler", "--tick", "0.5"),
    ]
    try:
        deadline = time.monotonic() + WAIT_SECONDS
        while time.monotonic() < deadline:
            closed = Tally.objects.filter(ballot=to_close).exists()
            opened = Elector.objects.filter(ballot=to_open).exists()
            if closed and opened:
                break
            assert all(p.poll() is None for p in processes), tmp_path / "db_worker.log"
            time.sleep(0.5)
    finally:
        for process in processes:
            stop(process)
    logs = "".join(path.read_text() for path in tmp_path.glob("*.log"))
    assert Tally.objects.get(ballot=to_close).outcome == Tally.Outcome.ADOPTED, logs
    assert Ballot.objects.get(pk=to_open.pk).elector_count == 2, logs

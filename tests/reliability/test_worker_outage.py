"""The task worker outlives a PostgreSQL outage by itself (issue 26.3).

A real `manage.py db_worker` process, without any supervisor, on a private PostgreSQL cluster
(initdb in a temporary directory, a free port) that the test stops for longer than the pool's
timeout and starts again. Tasks are queued by real `manage.py shell` processes, as the product's
pages do. The worker must still be the same process afterwards, and run what was queued.

Before (issue 26.3): `db_worker` exited on `OperationalError: couldn't get a connection` once
the outage outlasted the pool's 10 s timeout, and e-mails stopped silently.
"""

from __future__ import annotations

import os
import subprocess
import sys
import time

import pytest
from django.conf import settings
from django.db import connection

from tests.reliability.servers import BASE_DIR, PostgresServer

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.slow_subprocess,
    pytest.mark.postgres,
]

OUTAGE_SECONDS = 15  # beyond the pool's 10 s timeout (DATABASE_POOL_TIMEOUT)
TASKS_TABLE = "django_tasks_database_dbtaskresult"


def environment(database_url: str) -> dict:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("PYTEST_", "DJANGO_"))}
    env.pop("REDIS_URL", None)
    env.update(
        DJANGO_SETTINGS_MODULE="club.settings",  # the database queue, as in production
        DATABASE_URL=database_url,
        SECRET_KEY=settings.SECRET_KEY,
        DEBUG="0",
        EMAIL_BACKEND="django.core.mail.backends.locmem.EmailBackend",
        WORKER_MAINTENANCE_SECONDS="1",
        LOG_LEVEL="INFO",
        PYTHONPATH=str(BASE_DIR),
    )
    return env


def enqueue(env: dict) -> None:
    """A periodic task queued the way the scheduler queues it, by another process."""
    code = "from votes.tasks import close_due_ballots; close_due_ballots.enqueue()"
    subprocess.run(
        [sys.executable, "manage.py", "shell", "-c", code],
        cwd=BASE_DIR, env=env, check=True, capture_output=True, timeout=120,
    )  # fmt: skip


def wait_for(check, what: str, seconds: float = 90) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            if check():
                return
        except Exception:  # the server is still starting
            pass
        time.sleep(0.3)
    raise AssertionError(f"{what}: not after {seconds} s")


@pytest.mark.skipif(
    connection.vendor != "postgresql",
    reason="needs PostgreSQL (DATABASE_URL) and its server binaries (second CI pass)",
)
def test_the_worker_waits_out_a_postgresql_outage_and_runs_what_was_queued(tmp_path):
    postgres = PostgresServer().start()  # skips without the server binaries
    worker = None
    log = tmp_path / "worker.log"
    try:
        url = postgres.copy_of_tests_database()
        env = environment(url)

        def statuses() -> list[str]:
            rows = postgres.execute(
                f"SELECT status FROM {TASKS_TABLE} ORDER BY enqueued_at", "club"
            )
            return [row[0] for row in rows]

        with open(log, "ab") as output:
            worker = subprocess.Popen(
                [sys.executable, "manage.py", "db_worker", "--no-reload",
                 "--no-startup-delay", "--interval", "0.2"],
                cwd=BASE_DIR, env=env, stdout=output, stderr=output,
            )  # fmt: skip
        enqueue(env)
        wait_for(lambda: statuses() == ["SUCCESSFUL"], "the first task run")

        postgres.stop()
        time.sleep(OUTAGE_SECONDS)
        assert worker.poll() is None, "the worker exited during the outage:\n" + log.read_text()

        postgres.start()
        enqueue(env)
        wait_for(
            lambda: statuses() == ["SUCCESSFUL", "SUCCESSFUL"], "the task queued after the outage"
        )
        assert worker.poll() is None, log.read_text()
        assert "Worker error" in log.read_text()  # it did meet the outage, and waited
    finally:
        if worker is not None and worker.poll() is None:
            worker.terminate()
            worker.wait(timeout=30)
        postgres.destroy()

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
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import pytest
from django.conf import settings
from django.db import connection

from tests.reliability.servers import BASE_DIR, database_url_of_tests, free_port

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.slow_subprocess,
    pytest.mark.postgres,
]

OUTAGE_SECONDS = 15  # beyond the pool's 10 s timeout (DATABASE_POOL_TIMEOUT)
TASKS_TABLE = "django_tasks_database_dbtaskresult"


def postgres_bin(name: str) -> str:
    found = sorted(Path("/usr/lib/postgresql").glob(f"*/bin/{name}"))
    return str(found[-1]) if found else name


class PrivatePostgres:
    """A throwaway cluster the test may stop; as root it runs as the `postgres` user."""

    def __init__(self):
        self.port = free_port()
        self.workdir = Path(tempfile.mkdtemp(prefix="club-worker-pg-"))
        self.data = self.workdir / "data"
        self.as_user = ["runuser", "-u", "postgres", "--"] if os.geteuid() == 0 else []
        if self.as_user:
            shutil.chown(self.workdir, "postgres", "postgres")

    def url(self, name: str = "postgres") -> str:
        return f"postgres://postgres@127.0.0.1:{self.port}/{name}"

    def _run(self, *command: str) -> None:
        subprocess.run(
            [*self.as_user, *command], check=True, cwd=self.workdir, timeout=120,
            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
        )  # fmt: skip

    def start(self) -> PrivatePostgres:
        if not self.data.exists():
            self._run(
                postgres_bin("initdb"), "-D", str(self.data), "-U", "postgres", "--auth=trust",
                "-E", "UTF8", "--locale=C.UTF-8", "--no-sync",
            )  # fmt: skip
        options = (
            f"-p {self.port} -c listen_addresses=127.0.0.1 -c unix_socket_directories="
            f"{self.workdir} -c fsync=off -c synchronous_commit=off"
        )
        log = str(self.workdir / "server.log")
        self._run(postgres_bin("pg_ctl"), "-D", str(self.data), "-w", "-o", options, "-l", log,
                  "start")  # fmt: skip
        return self

    def stop(self) -> None:
        if (self.data / "postmaster.pid").exists():
            self._run(postgres_bin("pg_ctl"), "-D", str(self.data), "-w", "-m", "fast", "stop")

    def destroy(self) -> None:
        self.stop()
        shutil.rmtree(self.workdir, ignore_errors=True)

    def query(self, sql: str, name: str = "postgres"):
        import psycopg

        with psycopg.connect(self.url(name), autocommit=True, connect_timeout=5) as conn:
            cursor = conn.execute(sql)
            return cursor.fetchall() if cursor.description else None

    def copy_of_tests_database(self, name: str = "club") -> str:
        """The schema pytest migrated, copied here: no migration run needed."""
        self.query(f'CREATE DATABASE "{name}"')
        dump = subprocess.run(
            [postgres_bin("pg_dump"), "--no-owner", "--no-privileges", "--schema-only",
             database_url_of_tests()],
            check=True, capture_output=True, timeout=300,
        )  # fmt: skip
        subprocess.run(
            [postgres_bin("psql"), "-q", "-v", "ON_ERROR_STOP=1", self.url(name)],
            input=dump.stdout, check=True, stdout=subprocess.DEVNULL, timeout=300,
        )  # fmt: skip
        return self.url(name)


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
    connection.vendor != "postgresql" or not shutil.which(postgres_bin("initdb")),
    reason="needs PostgreSQL (DATABASE_URL) and its server binaries (second CI pass)",
)
def test_the_worker_waits_out_a_postgresql_outage_and_runs_what_was_queued(tmp_path):
    postgres = PrivatePostgres().start()
    worker = None
    log = tmp_path / "worker.log"
    try:
        url = postgres.copy_of_tests_database()
        env = environment(url)

        def statuses() -> list[str]:
            rows = postgres.query(f"SELECT status FROM {TASKS_TABLE} ORDER BY enqueued_at", "club")
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

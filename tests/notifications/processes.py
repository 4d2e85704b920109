"""Real processes on the test database for the e-mail tests: the task worker, started by
`scripts/supervise` as `make run` starts it, and Daphne.

On PostgreSQL they use pytest's test database. The tests' SQLite database lives in memory,
where no other process can see it: they use a copy in a file (`shared_database_url`), taken
once the test's data is committed, so the test must prepare everything (users, sessions,
queued tasks) before it starts them, and then observe through the SMTP server and HTTP.

    url = shared_database_url(tmp_path)
    worker = SupervisedWorker(url, email_port=sink.port, log=tmp_path / "worker.log").start()
    worker.kill_worker()        # SIGKILL to the worker; the supervisor starts another
    worker.stop()
"""

from __future__ import annotations

import os
import signal
import sqlite3
import subprocess
import sys
import time
from contextlib import closing
from pathlib import Path

from django.conf import settings
from django.db import connection

from tests.reliability.servers import BASE_DIR, DaphneServer, database_url_of_tests

SUPERVISE = BASE_DIR / "scripts" / "supervise"


def shared_database_url(tmp_path: Path) -> str:
    """A DATABASE_URL other processes can use, holding what the test committed so far."""
    if connection.vendor == "postgresql":
        return database_url_of_tests()
    path = tmp_path / "shared.sqlite3"
    connection.ensure_connection()
    target = sqlite3.connect(path)
    try:
        connection.connection.backup(target)
    finally:
        target.close()
    return f"sqlite:///{path}"


def read_shared(database_url: str, model, column: str) -> list:
    """One column of `model`'s rows as the other processes see them."""
    if connection.vendor == "postgresql":
        return list(model.objects.values_list(column, flat=True))
    with closing(sqlite3.connect(database_url.removeprefix("sqlite:///"))) as database:
        table = model._meta.db_table
        return [row[0] for row in database.execute(f'SELECT "{column}" FROM "{table}"')]


def wait_until(check, what: str, seconds: float = 60) -> None:
    """Poll `check` until it holds (a timeout to give up, never a measure)."""
    deadline = time.monotonic() + seconds
    while not check():
        if time.monotonic() > deadline:
            raise AssertionError(f"{what}: not after {seconds} s")
        time.sleep(0.1)


def environment(database_url: str, settings_module: str = "club.settings", **extra: str) -> dict:
    env = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith(("PYTEST_", "DJANGO_"))
    }
    env.update(
        DJANGO_SETTINGS_MODULE=settings_module,
        DEBUG="0",
        SECRET_KEY=settings.SECRET_KEY,
        DATABASE_URL=database_url,
        REDIS_URL="",
        ALLOWED_HOSTS="127.0.0.1,localhost",
        LOG_LEVEL="WARNING",
        PYTHONPATH=str(BASE_DIR),
        **extra,
    )
    return env


class SupervisedWorker:
    """`bash scripts/supervise python manage.py db_worker --no-reload`, as in `make run`."""

    def __init__(self, database_url: str, *, email_port: int, log: Path, lease_seconds: int = 3):
        self.env = environment(
            database_url,
            # The product's settings: tasks go through the database (the tests' settings run
            # them at once, in process).
            "club.settings",
            EMAIL_HOST="127.0.0.1",
            EMAIL_PORT=str(email_port),
            EMAIL_USE_TLS="0",
            EMAIL_TIMEOUT="30",
            # Short enough for a test to see an attempt cut short sent again.
            EMAIL_SEND_LEASE_SECONDS=str(lease_seconds),
            WORKER_MAINTENANCE_SECONDS="1",
        )
        self.log = log
        self.process: subprocess.Popen | None = None
        self.killed: list[int] = []

    def start(self) -> SupervisedWorker:
        output = open(self.log, "ab")  # noqa: SIM115 (kept open by the process)
        command = [sys.executable, "manage.py", "db_worker", "--no-reload"]
        self.process = subprocess.Popen(
            ["bash", str(SUPERVISE), *command, "--no-startup-delay", "--interval", "0.2"],
            cwd=BASE_DIR,
            env=self.env,
            stdout=output,
            stderr=output,
            start_new_session=True,  # its own process group: stop() ends the worker too
        )
        return self

    def worker_pid(self) -> int | None:
        """The worker the supervisor runs now (None between two of them)."""
        assert self.process is not None
        pid = self.process.pid
        try:
            children = Path(f"/proc/{pid}/task/{pid}/children").read_text().split()
        except OSError:
            return None
        for child in children:
            try:
                if b"db_worker" in Path(f"/proc/{child}/cmdline").read_bytes():
                    return int(child)
            except OSError:
                continue
        return None

    def wait_for_worker(self, *, other_than: int | None = None, seconds: float = 60) -> int:
        deadline = time.monotonic() + seconds
        while time.monotonic() < deadline:
            pid = self.worker_pid()
            if pid is not None and pid != other_than:
                return pid
            time.sleep(0.05)
        raise AssertionError(f"no worker running after {seconds} s:\n{self.log_text()}")

    def kill_worker(self) -> int:
        """SIGKILL, as the kernel's OOM killer or `kill -9` would: no clean-up at all."""
        pid = self.worker_pid()
        assert pid is not None, "no worker to kill"
        os.kill(pid, signal.SIGKILL)
        self.killed.append(pid)
        return pid

    def log_text(self) -> str:
        return self.log.read_text(errors="replace") if self.log.exists() else ""

    def stop(self) -> None:
        if self.process is None or self.process.poll() is not None:
            return
        self.process.terminate()  # the supervisor stops its worker and exits
        try:
            self.process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            os.killpg(self.process.pid, signal.SIGKILL)
            self.process.wait(timeout=20)


class SharedDaphne(DaphneServer):
    """Daphne on `database_url` (the test's PostgreSQL database or the SQLite copy), with the
    tests' settings as tests/reliability runs it (static files without collectstatic)."""

    def __init__(self, database_url: str, **options):
        super().__init__(redis_url="", **options)
        self.database_url = database_url

    def environment(self) -> dict:
        return environment(self.database_url, "club.settings_test")

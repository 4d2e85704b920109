"""The task worker that stays up: django-tasks-db's `db_worker`, made to survive its failures.

What it adds (issue 20.9 and 26.3):
- *Stale tasks are reclaimed.* A worker killed mid-task (kill -9, out of memory, a host that
  vanished) leaves its task RUNNING forever, and nothing ran it again. Each worker id says where
  it runs (`host:pid:random`); at start and then periodically, a RUNNING task of a worker of this
  host whose process is gone, or of any worker once `TASK_STALE_AFTER_SECONDS` have passed, is
  made READY again. Tasks are idempotent (an e-mail is leased and marked sent: club/core/notifications),
  so running one again is safe.
- *Outages are waited out.* When the database (or anything the loop needs) is away, the loop
  logs, drops its connections and retries with backoff (1 s, 2 s... 30 s) instead of exiting.
- *Maintenance callbacks* run every `WORKER_MAINTENANCE_SECONDS`: apps register them (the
  notifications app sends e-mails whose attempt was lost, for example).
"""

import contextlib
import logging
import os
import socket
import time
from collections.abc import Callable
from datetime import timedelta

from django.conf import settings
from django.db import (
    DatabaseError,
    OperationalError,
    close_old_connections,
    connections,
)
from django.utils import timezone
from django.utils.crypto import get_random_string
from django_tasks.base import TaskResultStatus
from django_tasks_db.management.commands.db_worker import Worker
from django_tasks_db.models import DBTaskResult
from django_tasks_db.utils import exclusive_transaction

logger = logging.getLogger("club.worker")

HOST = socket.gethostname()[:30]
BACKOFF_SECONDS = (1, 2, 4, 8, 15, 30)
MAINTENANCE: list[Callable[[], object]] = []


def register_maintenance(callback: Callable[[], object]) -> None:
    """Run `callback` every WORKER_MAINTENANCE_SECONDS in each worker (from AppConfig.ready)."""
    if callback not in MAINTENANCE:
        MAINTENANCE.append(callback)


def new_worker_id() -> str:
    return f"{HOST}:{os.getpid()}:{get_random_string(8)}"


def stale_after() -> timedelta:
    return timedelta(seconds=settings.TASK_STALE_AFTER_SECONDS)


def _worker_alive(pid: int) -> bool:
    """Is process `pid` of this host still a task worker? A pid reused by another program
    after a crash does not keep a dead worker's task."""
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        pass
    try:
        with open(f"/proc/{pid}/cmdline", "rb") as cmdline:
            return b"db_worker" in cmdline.read()
    except OSError:
        return True  # no /proc: the process exists, trust it


def _is_stale(task: DBTaskResult, now, current_worker_id: str | None) -> bool:
    if task.started_at is None or task.started_at <= now - stale_after():
        return True
    owner = (task.worker_ids or [""])[-1]
    if current_worker_id and owner == current_worker_id:
        # Ours, while we are between tasks: its end could not be recorded (the database was
        # away when the task finished). Running it again is safe.
        return True
    host, _, rest = owner.partition(":")
    pid = rest.partition(":")[0]
    if host != HOST or not pid.isdigit():
        return False  # another host's worker: only its age tells (TASK_STALE_AFTER_SECONDS)
    # Our pid in another id is a previous life of this process number (a restarted container).
    return int(pid) == os.getpid() or not _worker_alive(int(pid))


def reclaim_stale_tasks(current_worker_id: str | None = None) -> int:
    """Make READY again every RUNNING task whose worker is gone; returns how many."""
    now = timezone.now()
    running = list(
        DBTaskResult.objects.filter(status=TaskResultStatus.RUNNING).only(
            "id", "started_at", "worker_ids"
        )
    )
    stale = [task.pk for task in running if _is_stale(task, now, current_worker_id)]
    if stale:
        DBTaskResult.objects.filter(pk__in=stale, status=TaskResultStatus.RUNNING).update(
            status=TaskResultStatus.READY, started_at=None
        )
        logger.warning("Reclaimed %s task(s) left running by a worker that is gone", len(stale))
    return len(stale)


def run_maintenance(current_worker_id: str | None = None) -> None:
    reclaim_stale_tasks(current_worker_id)
    for callback in MAINTENANCE:
        try:
            callback()
        except DatabaseError:
            raise  # an outage: the loop waits it out
        except Exception:
            logger.exception(
                "Worker maintenance %s failed", getattr(callback, "__name__", callback)
            )


class ResilientWorker(Worker):
    """django-tasks-db's worker with the loop above: same options, same task handling."""

    def run(self) -> None:
        logger.info("Worker %s started (queues %s)", self.worker_id, ",".join(self.queue_names))
        failures = 0
        next_maintenance = 0.0  # at once: a predecessor killed mid-task is resumed first
        every = settings.WORKER_MAINTENANCE_SECONDS
        while self.running:
            try:
                if time.monotonic() >= next_maintenance:
                    self._maintain()
                    next_maintenance = time.monotonic() + every
                ran = self._run_one()
                close_old_connections()
                failures = 0
            except Exception as error:
                # The database (or Redis, or anything a task needs) is away: wait and retry,
                # never exit; the task that was under way is reclaimed once it is back.
                delay = BACKOFF_SECONDS[min(failures, len(BACKOFF_SECONDS) - 1)]
                failures += 1
                logger.warning("Worker error (%r): retrying in %s s", error, delay)
                _drop_connections()
                next_maintenance = 0.0
                self._sleep(delay)
                continue
            if self.batch and not ran:
                return
            if self.max_tasks is not None and self._run_tasks >= self.max_tasks:
                return
            if not ran:
                self._sleep(self.interval)

    def _maintain(self) -> None:
        # Maintenance may send e-mails: a TERM waits for its end, as for a task.
        self.running_task = True
        try:
            run_maintenance(self.worker_id)
        finally:
            self.running_task = False

    def _run_one(self) -> bool:
        """Claim and run one ready task, as django-tasks-db's loop does; False if none."""
        tasks = DBTaskResult.objects.ready().filter(backend_name=self.backend_name)
        if not self.process_all_queues:
            tasks = tasks.filter(queue_name__in=self.queue_names)
        with exclusive_transaction(tasks.db):
            try:
                task_result = tasks.get_locked()
            except OperationalError as error:
                if "is locked" not in str(error):
                    raise
                task_result = None  # SQLite busy: try again at the next turn
            if task_result is not None:
                task_result.claim(self.worker_id)
        if task_result is None:
            return False
        self.run_task(task_result)
        return True

    def _sleep(self, seconds: float) -> None:
        end = time.monotonic() + seconds
        while self.running and time.monotonic() < end:
            time.sleep(min(0.2, max(end - time.monotonic(), 0)))


def _drop_connections() -> None:
    for connection in connections.all():
        with contextlib.suppress(DatabaseError):
            connection.close()

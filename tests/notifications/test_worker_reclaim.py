"""Which RUNNING tasks a starting worker takes back (club/core/worker.py), with real processes
standing for the workers: one killed, one alive, one that is not a worker."""

import os
import signal
import subprocess
import sys
from datetime import timedelta

import pytest
from django.utils import timezone
from django_tasks.base import TaskResultStatus
from django_tasks_db.models import DBTaskResult

from club.core import worker
from club.core.notifications import tasks

pytestmark = pytest.mark.django_db


@pytest.fixture
def tasks_in_database(settings):
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}


def _running(worker_id: str, started_ago=timedelta(seconds=5)) -> DBTaskResult:
    result = tasks.send_deliveries.enqueue([])
    task = DBTaskResult.objects.get(pk=result.id)
    task.claim(worker_id)
    DBTaskResult.objects.filter(pk=task.pk).update(started_at=timezone.now() - started_ago)
    return task


def _process(*argv: str) -> subprocess.Popen:
    # A name in its command line, as `manage.py db_worker` has.
    return subprocess.Popen([sys.executable, "-c", "import time; time.sleep(60)", *argv])


def test_a_dead_workers_task_is_taken_back_and_a_live_ones_is_left(tasks_in_database):
    alive, dead, stranger = _process("db_worker"), _process("db_worker"), _process("other")
    try:
        dead.send_signal(signal.SIGKILL)
        dead.wait(timeout=10)
        of_alive = _running(f"{worker.HOST}:{alive.pid}:aaaa")
        of_dead = _running(f"{worker.HOST}:{dead.pid}:bbbb")
        # A pid reused by a program that is no worker: its task is no one's any more.
        of_reused = _running(f"{worker.HOST}:{stranger.pid}:cccc")
        of_other_host = _running("elsewhere:1:dddd")
        abandoned = _running("elsewhere:2:eeee", started_ago=worker.stale_after() * 2)
        mine = _running(f"{worker.HOST}:{os.getpid()}:ffff")

        assert worker.reclaim_stale_tasks(f"{worker.HOST}:{os.getpid()}:ffff") == 4
    finally:
        for process in (alive, stranger):
            process.kill()
            process.wait(timeout=10)

    def status(task):
        return DBTaskResult.objects.get(pk=task.pk).status

    assert status(of_alive) == status(of_other_host) == TaskResultStatus.RUNNING
    for task in (of_dead, of_reused, abandoned, mine):
        assert status(task) == TaskResultStatus.READY
    assert DBTaskResult.objects.get(pk=of_dead.pk).started_at is None


def test_worker_ids_say_where_the_worker_runs():
    worker_id = worker.new_worker_id()
    host, pid, _random = worker_id.split(":")
    assert (host, int(pid)) == (worker.HOST, os.getpid())
    assert len(worker_id) <= 64  # django-tasks-db's limit

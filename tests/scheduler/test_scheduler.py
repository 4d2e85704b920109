"""The scheduler enqueues each periodic task once per period, and the worker runs it."""

from datetime import UTC, datetime, timedelta

import pytest
from django.core.management import call_command
from django_tasks_db.models import DBTaskResult

from club.core.scheduler import registry
from club.core.scheduler.models import PeriodicRun
from club.core.scheduler.services import enqueue_due, next_slot

pytestmark = pytest.mark.django_db

DATABASE_QUEUE = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
T0 = datetime(2026, 3, 2, 9, 0, 10, tzinfo=UTC)


def queued(task) -> int:
    return DBTaskResult.objects.filter(task_path=task.module_path).count()


def test_the_ballots_run_every_minute():
    names = {periodic.name: periodic.interval for periodic in registry.periodic_tasks()}
    assert names["votes.tasks.open_due_ballots"] == timedelta(minutes=1)
    assert names["votes.tasks.close_due_ballots"] == timedelta(minutes=1)
    # The sealed choices of open ballots are mixed on the same beat (docs/ballot-secrecy.md).
    assert names["votes.tasks.mix_open_ballot_boxes"] == timedelta(minutes=1)


def test_slots_are_multiples_of_the_interval():
    assert next_slot(T0, timedelta(minutes=1)) == datetime(2026, 3, 2, 9, 1, tzinfo=UTC)
    assert next_slot(T0.replace(second=0), timedelta(minutes=1)) == T0.replace(minute=1, second=0)


def test_each_task_is_enqueued_once_per_period_by_any_number_of_schedulers(settings):
    """Two schedulers (two hosts) looking at the clock in the same minute enqueue it once."""
    from votes import tasks

    settings.TASKS = DATABASE_QUEUE
    assert "votes.tasks.close_due_ballots" in enqueue_due(at=T0)
    assert enqueue_due(at=T0) == []  # the second scheduler, same instant
    assert enqueue_due(at=T0 + timedelta(seconds=45)) == []  # later in the same minute
    assert queued(tasks.close_due_ballots) == 1 and queued(tasks.open_due_ballots) == 1
    run = PeriodicRun.objects.get(name="votes.tasks.close_due_ballots")
    assert run.next_run_at == datetime(2026, 3, 2, 9, 1, tzinfo=UTC)
    assert "votes.tasks.close_due_ballots" in enqueue_due(at=T0 + timedelta(seconds=50))
    assert queued(tasks.close_due_ballots) == 2


def test_a_scheduler_that_was_down_catches_up_once(settings):
    from votes import tasks

    settings.TASKS = DATABASE_QUEUE
    enqueue_due(at=T0)
    enqueue_due(at=T0 + timedelta(hours=3))  # 180 periods missed
    assert queued(tasks.close_due_ballots) == 2


def test_the_command_runs_once_and_stops(settings):
    from votes import tasks

    settings.TASKS = DATABASE_QUEUE
    call_command("run_scheduler", "--once")
    assert queued(tasks.open_due_ballots) == 1 and queued(tasks.close_due_ballots) == 1

"""Enqueue the periodic tasks that are due; the task worker (`db_worker`) runs them."""

import logging
from datetime import UTC, datetime, timedelta

from django.db import transaction
from django.utils import timezone

from club.core.scheduler.models import PeriodicRun
from club.core.scheduler.registry import periodic_tasks

logger = logging.getLogger(__name__)

EPOCH = datetime(2000, 1, 1, tzinfo=UTC)


def next_slot(now: datetime, interval: timedelta) -> datetime:
    """The first multiple of `interval` since the epoch strictly after `now`."""
    return now + interval - (now - EPOCH) % interval


def enqueue_due(*, at: datetime | None = None) -> list[str]:
    """Enqueue each periodic task whose time has come, once per period; return their names.

    A period missed while no scheduler ran is caught up once, not once per missed period.
    """
    now = at or timezone.now()
    enqueued = []
    for periodic in periodic_tasks():
        with transaction.atomic():
            run, _created = PeriodicRun.objects.get_or_create(
                name=periodic.name, defaults={"next_run_at": now}
            )
            claimed = PeriodicRun.objects.filter(pk=run.pk, next_run_at__lte=now).update(
                next_run_at=next_slot(now, periodic.interval), last_enqueued_at=now
            )
            if claimed:
                periodic.task.enqueue()
                enqueued.append(periodic.name)
    return enqueued

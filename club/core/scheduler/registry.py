"""Which tasks run on a schedule: the apps say so from their AppConfig.ready().

The ground floor knows no domain app; each app registers its own periodic work, e.g.

    from club.core.scheduler.registry import every
    every(timedelta(minutes=1), tasks.close_due_ballots)
"""

from dataclasses import dataclass
from datetime import timedelta

from django_tasks.base import Task


@dataclass(frozen=True)
class Periodic:
    name: str
    task: Task
    interval: timedelta


_periodic: dict[str, Periodic] = {}


def every(interval: timedelta, task: Task, *, name: str = "") -> Task:
    """Enqueue `task` (no arguments) once per `interval`, at multiples of it since the epoch."""
    if interval < timedelta(seconds=1):
        raise ValueError("A periodic task runs at most once a second.")
    name = name or task.module_path
    _periodic[name] = Periodic(name=name, task=task, interval=interval)
    return task


def periodic_tasks() -> list[Periodic]:
    return sorted(_periodic.values(), key=lambda periodic: periodic.name)

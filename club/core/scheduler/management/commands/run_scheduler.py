"""`manage.py run_scheduler`: the clock of the task worker, without cron.

Every few seconds it enqueues the periodic tasks that are due (club/core/scheduler); the worker
(`manage.py db_worker`) runs them. Run one beside each worker: they share the schedule through
the database, so running several enqueues each task once per period.
"""

import logging
import signal
import time

from django.core.management.base import BaseCommand
from django.db import close_old_connections

from club.core.scheduler.services import enqueue_due

logger = logging.getLogger("club.core.scheduler")


class Command(BaseCommand):
    help = (
        "Met en file, à leur heure, les tâches périodiques (ouverture et clôture des scrutins…) "
        "qu'exécute le worker (db_worker)."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--tick", type=float, default=5.0, help="Secondes entre deux regards à l'horloge."
        )
        parser.add_argument(
            "--once", action="store_true", help="Mettre en file ce qui est dû, puis s'arrêter."
        )

    def handle(self, *args, tick: float, once: bool, **options):
        self.running = True

        def stop(signum, frame):
            self.running = False

        if not once:
            signal.signal(signal.SIGINT, stop)
            signal.signal(signal.SIGTERM, stop)
        while self.running:
            try:
                for name in enqueue_due():
                    logger.info("Tâche périodique mise en file : %s", name)
            except Exception:
                # The database may be restarting: the next tick tries again.
                logger.exception("Tâches périodiques non mises en file")
            if once:
                return
            close_old_connections()
            # Short sleeps: a stop signal is honoured within a second.
            deadline = time.monotonic() + tick
            while self.running and time.monotonic() < deadline:
                time.sleep(min(1.0, max(deadline - time.monotonic(), 0)))

"""`manage.py db_worker`: django-tasks-db's command, running the club's resilient worker.

Same options as the library's; the worker reclaims tasks left running by a dead worker, waits
out database outages instead of exiting, and runs the registered maintenance (club/core/worker.py).
This app comes before django_tasks_db in INSTALLED_APPS, so this command is the one run.
"""

import os

from django.utils.autoreload import DJANGO_AUTORELOAD_ENV, run_with_reloader
from django_tasks_db.management.commands import db_worker

from club.core import worker


class Command(db_worker.Command):
    help = "Exécute les tâches de fond (courriels...) et survit aux pannes de la base."

    def add_arguments(self, parser):
        super().add_arguments(parser)
        # Host and process in the id: a restarted worker reclaims its predecessor's task.
        parser.set_defaults(worker_id=worker.new_worker_id())

    def handle(self, *, verbosity, queue_name, reload, batch, **options):
        # The library's handle with our worker class; its options are passed on unchanged.
        self.configure_logging(verbosity)
        if reload and batch:
            reload = False
        resilient = worker.ResilientWorker(
            queue_names=queue_name.split(","),
            interval=options["interval"],
            batch=batch,
            backend_name=options["backend_name"],
            startup_delay=options["startup_delay"],
            max_tasks=options["max_tasks"],
            worker_id=options["worker_id"],
        )
        if reload:
            if os.environ.get(DJANGO_AUTORELOAD_ENV) == "true":
                resilient.configure_signals()
            run_with_reloader(resilient.run)
        else:
            resilient.configure_signals()
            resilient.run()

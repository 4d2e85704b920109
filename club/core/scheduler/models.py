from django.db import models
from django.utils.translation import gettext_lazy as _


class PeriodicRun(models.Model):
    """When a periodic task is next due.

    Every scheduler process (one per host, or one beside each worker) claims a period by moving
    `next_run_at` forward in one UPDATE guarded by its old value: whoever wins enqueues the task,
    in the same transaction, so a period's task is enqueued exactly once however many run.
    """

    name = models.CharField(_("tâche"), max_length=200, unique=True)
    next_run_at = models.DateTimeField(_("prochaine exécution"))
    last_enqueued_at = models.DateTimeField(_("dernière mise en file"), null=True, blank=True)

    class Meta:
        verbose_name = _("tâche périodique")
        verbose_name_plural = _("tâches périodiques")

    def __str__(self) -> str:
        return self.name

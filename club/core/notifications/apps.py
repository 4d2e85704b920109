from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class NotificationsConfig(AppConfig):
    name = "club.core.notifications"
    label = "notifications"
    verbose_name = _("Notifications")

    def ready(self):
        from club.core import worker
        from club.core.notifications import tasks

        worker.register_maintenance(tasks.retry_due_deliveries)

from django.apps import AppConfig


class SchedulerConfig(AppConfig):
    name = "club.core.scheduler"
    label = "scheduler"
    verbose_name = "Tâches périodiques"

from django.apps import AppConfig


class ApiConfig(AppConfig):
    """The JSON API under /api/v1/: personal access tokens, errors, throttling, documentation."""

    name = "club.core.api"
    label = "club_api"
    verbose_name = "API"

    def ready(self) -> None:
        from datetime import timedelta

        from club.core.api import tasks
        from club.core.scheduler.registry import every

        every(timedelta(hours=1), tasks.forget_expired_idempotent_requests)

from django.apps import AppConfig


class CollegesConfig(AppConfig):
    name = "colleges"
    verbose_name = "Collèges"

    def ready(self) -> None:
        from colleges import signals  # noqa: F401 - connects the headcount cache invalidation

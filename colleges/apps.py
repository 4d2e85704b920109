from django.apps import AppConfig


class CollegesConfig(AppConfig):
    name = "colleges"
    verbose_name = "Collèges"

    def ready(self) -> None:
        from colleges import lifecycle, signals  # noqa: F401 - the lifecycle table; cache invalidation

from django.apps import AppConfig


class GdprConfig(AppConfig):
    name = "club.core.gdpr"
    label = "gdpr"
    verbose_name = "Données personnelles"

    def ready(self) -> None:
        from club.core.gdpr.registry import autodiscover

        autodiscover()

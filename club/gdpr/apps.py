from django.apps import AppConfig


class GdprConfig(AppConfig):
    name = "club.gdpr"
    label = "gdpr"
    verbose_name = "Données personnelles"

    def ready(self) -> None:
        from club.gdpr.registry import autodiscover

        autodiscover()

from django.apps import AppConfig


class GdprConfig(AppConfig):
    name = "club.gdpr"
    label = "gdpr"
    verbose_name = "Données personnelles"

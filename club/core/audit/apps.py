from django.apps import AppConfig


class AuditConfig(AppConfig):
    name = "club.core.audit"
    label = "audit"
    verbose_name = "Journal d'audit"

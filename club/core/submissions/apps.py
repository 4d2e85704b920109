from django.apps import AppConfig


class SubmissionsConfig(AppConfig):
    name = "club.core.submissions"
    label = "submissions"
    verbose_name = "Envois de formulaires"

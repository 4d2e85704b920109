from django.apps import AppConfig


class ApiConfig(AppConfig):
    """The JSON API under /api/v1/: personal access tokens, errors, throttling, documentation."""

    name = "club.core.api"
    label = "club_api"
    verbose_name = "API"

from django.apps import AppConfig


class ClubConfig(AppConfig):
    """Club-wide concerns: the seed commands, shared template tags and domain errors."""

    name = "club"
    verbose_name = "Club Chorus Pro"

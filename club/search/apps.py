from django.apps import AppConfig


class SearchConfig(AppConfig):
    """Search across the club's content, each result filtered by its own app's reading rules."""

    name = "club.search"
    label = "club_search"
    verbose_name = "Recherche"

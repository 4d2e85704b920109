from django.apps import AppConfig


class SearchConfig(AppConfig):
    """Search across the club's content, each result filtered by its own app's reading rules."""

    name = "club.search"
    label = "club_search"
    verbose_name = "Recherche"

    def ready(self) -> None:
        from django.db import connections
        from django.db.backends.signals import connection_created

        from club.core.folding import register_sqlite_function

        # Accent-insensitive search on the embedded default (club/core/folding.py).
        connection_created.connect(register_sqlite_function, dispatch_uid="club_search.fold")
        for connection in connections.all(initialized_only=True):
            register_sqlite_function(None, connection)

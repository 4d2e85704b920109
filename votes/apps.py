from django.apps import AppConfig


class VotesConfig(AppConfig):
    name = "votes"
    verbose_name = "Votes"

    def ready(self) -> None:
        from votes import lifecycle  # noqa: F401 - registers the ballot's lifecycle table

from django.apps import AppConfig


class IpmConfig(AppConfig):
    """IPM cycles, agenda items, instruction, working groups, plenary sessions and pilots.

    An app inside proposals; its tables kept their `proposals_*` names when the models moved
    here (see migrations/0001).
    """

    name = "proposals.ipm"
    label = "ipm"
    verbose_name = "Cycles IPM"

    def ready(self) -> None:
        # The GDPR registry is filled by the apps: this one declares what its tables hold.
        from proposals.ipm import lifecycle, personal_data  # noqa: F401 - the lifecycle tables

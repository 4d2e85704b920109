from django.apps import AppConfig


class DashboardsConfig(AppConfig):
    """Figures about the club: public headcounts and outcomes, staff work queues and activity."""

    name = "club.dashboards"
    label = "dashboards"
    verbose_name = "Tableaux de bord"

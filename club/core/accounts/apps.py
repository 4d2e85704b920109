from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "club.core.accounts"
    label = "accounts"
    verbose_name = "Comptes"

    def ready(self) -> None:
        from django.contrib.auth.signals import user_logged_in

        from club.core.accounts.middleware import start_idle_clock

        user_logged_in.connect(start_idle_clock, dispatch_uid="club.core.accounts.idle_clock")

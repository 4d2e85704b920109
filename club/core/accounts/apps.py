from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "club.core.accounts"
    label = "accounts"
    verbose_name = "Comptes"

    def ready(self) -> None:
        from allauth.mfa import signals as mfa_signals
        from django.contrib.auth.signals import user_logged_in

        from club.core.accounts import second_factor
        from club.core.accounts.middleware import start_idle_clock

        user_logged_in.connect(start_idle_clock, dispatch_uid="club.core.accounts.idle_clock")
        # The session remembers that it verified a second factor (club/core/accounts/second_factor.py).
        user_logged_in.connect(second_factor.on_login, dispatch_uid="club.second_factor.login")
        mfa_signals.authenticator_added.connect(
            second_factor.on_second_factor_proved, dispatch_uid="club.second_factor.added"
        )
        mfa_signals.authenticator_used.connect(
            second_factor.on_second_factor_proved, dispatch_uid="club.second_factor.used"
        )

"""How allauth speaks for the club: French messages with the right level of detail."""

from allauth.account.adapter import DefaultAccountAdapter
from django.utils.translation import gettext_lazy as _

from club.core.accounts import guard
from club.core.client_address import client_address


def _login_of(credentials) -> str:
    return credentials.get("email") or credentials.get("username") or ""


class AccountAdapter(DefaultAccountAdapter):
    error_messages = {
        **DefaultAccountAdapter.error_messages,
        # Still allauth's counters for second-factor codes and verification e-mails, keyed on
        # the account. Wrong passwords go through club.core.accounts.guard.
        "too_many_login_attempts": _(
            "Trop de tentatives pour ce compte en peu de temps : par sécurité, cette étape de "
            "la connexion est bloquée pour ce compte pendant 15 minutes au plus. Réessayez "
            "plus tard."
        ),
        "email_password_mismatch": _(
            "L'adresse électronique ou le mot de passe est incorrect. Vérifiez-les et réessayez."
        ),
    }

    def get_client_ip(self, request) -> str:
        # allauth's own reading trusts X-Forwarded-For by hop count; ours trusts known proxies.
        return client_address(request) or "unknown"

    def pre_authenticate(self, request, **credentials) -> None:
        # Replaces allauth's counter keyed on the e-mail alone, with which anyone could lock
        # anyone out: blocks are per account and address, or per address (guard's docstring).
        guard.check(login=_login_of(credentials), address=client_address(request))

    def authenticate(self, request, **credentials):
        user = super().authenticate(request, **credentials)
        if user is not None:
            guard.forget_pair(login=_login_of(credentials), address=client_address(request))
        return user

    def authentication_failed(self, request, **credentials) -> None:
        guard.record_failure(login=_login_of(credentials), address=client_address(request))

    def _delete_login_attempts_cached_email(self, request, **credentials) -> None:
        # A successful password reset: the new password starts with a clean slate.
        super()._delete_login_attempts_cached_email(request, **credentials)
        guard.forget_account(login=_login_of(credentials))

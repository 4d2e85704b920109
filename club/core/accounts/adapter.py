"""How allauth speaks for the club: French messages with the right level of detail."""

from allauth.account.adapter import DefaultAccountAdapter
from django.utils.translation import gettext_lazy as _


class AccountAdapter(DefaultAccountAdapter):
    error_messages = {
        **DefaultAccountAdapter.error_messages,
        "too_many_login_attempts": _(
            "Trop de tentatives de connexion ont échoué pour cette adresse. Par sécurité, la "
            "connexion est bloquée pendant 15 minutes. Réessayez plus tard ou réinitialisez "
            "votre mot de passe."
        ),
        "email_password_mismatch": _(
            "L'adresse électronique ou le mot de passe est incorrect. Vérifiez-les et réessayez."
        ),
    }

"""Make a personal access token from the command line (scripts, the API fuzzing run)."""

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError

from club.core.api import services
from club.core.api.models import AccessToken


class Command(BaseCommand):
    help = "Crée un jeton d'accès à l'API pour un compte et affiche son secret (une seule fois)."

    def add_arguments(self, parser):
        parser.add_argument("email")
        parser.add_argument("--name", default="Jeton en ligne de commande")
        parser.add_argument("--scope", choices=AccessToken.Scope.values, default="read")

    def handle(self, *args, email, name, scope, **options):
        user = get_user_model().objects.filter(email__iexact=email).first()
        if user is None:
            raise CommandError(f"Aucun compte pour {email}.")
        _token, secret = services.create_token(user=user, name=name, scope=scope)
        self.stdout.write(secret)

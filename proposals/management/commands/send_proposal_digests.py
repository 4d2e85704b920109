from django.core.management.base import BaseCommand

from proposals.models import EmailPreference
from proposals.notifications import send_digests


class Command(BaseCommand):
    help = (
        "Envoie les résumés (quotidiens ou hebdomadaires) des changements sur les demandes suivies."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--period",
            choices=[EmailPreference.Mode.DAILY, EmailPreference.Mode.WEEKLY],
            required=True,
        )

    def handle(self, *args, period, **options):
        sent = send_digests(period)
        self.stdout.write(f"{sent} résumé(s) envoyé(s).")

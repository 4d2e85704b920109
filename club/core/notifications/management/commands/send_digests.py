from django.core.management.base import BaseCommand

from club.core.notifications import emails, tasks
from club.core.notifications.kinds import Mode


class Command(BaseCommand):
    help = (
        "Envoie à chacun le résumé de ses notifications (quotidien ou hebdomadaire) et relance "
        "les courriels en échec dont l'heure est venue. Planifiez-le (cron) : daily chaque jour, "
        "weekly chaque lundi."
    )

    def add_arguments(self, parser):
        parser.add_argument("--period", choices=[Mode.DAILY, Mode.WEEKLY], required=True)

    def handle(self, *args, period, **options):
        retried = emails.retry_due_deliveries(retry=tasks.schedule_retry)
        sent = emails.send_digests(period, retry=tasks.schedule_retry)
        self.stdout.write(f"{sent} résumé(s) envoyé(s), {retried} courriel(s) relancé(s).")

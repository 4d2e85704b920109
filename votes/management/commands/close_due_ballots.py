from django.core.management.base import BaseCommand

from votes import services


class Command(BaseCommand):
    help = (
        "Arrête le corps électoral des scrutins ouverts et dépouille ceux dont la clôture est "
        "passée : ce que font chaque minute les tâches planifiées (run_scheduler), à la main."
    )

    def handle(self, *args, **options):
        opened = services.open_due_ballots()
        tallies = services.close_due_ballots()
        # Choices waiting in open ballots' boxes are resealed in shuffled batches by the worker.
        mixing = services.mix_open_ballot_boxes()
        self.stdout.write(
            f"{opened} scrutin(s) ouvert(s), {len(tallies)} scrutin(s) dépouillé(s), "
            f"{mixing} urne(s) à brasser."
        )

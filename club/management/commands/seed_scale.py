"""Club-scale data for benchmarks (see club/scale.py): idempotent, tops up to the preset."""

import time

from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError
from tqdm import tqdm

from club import scale


class Command(BaseCommand):
    help = (
        "Génère des données à l'échelle du club (membres, fils et messages, demandes et "
        "soutiens, scrutins et votes) jusqu'à la taille demandée. Relancée, elle n'ajoute que "
        "ce qui manque."
    )

    def add_arguments(self, parser):
        parser.add_argument("--preset", choices=sorted(scale.PRESETS), default="large")
        for name in ("members", "posts", "requests", "votes"):
            parser.add_argument(f"--{name}", type=int, help=f"Remplace le nombre de {name}.")
        parser.add_argument(
            "--reset", action="store_true", help="Supprime d'abord les données de charge."
        )
        parser.add_argument("--seed", type=int, default=2026, help="Graine du hasard.")

    def handle(self, *args, **options):
        preset = scale.PRESETS[options["preset"]]
        figures = {
            name: options[name] if options[name] is not None else getattr(preset, name)
            for name in ("members", "posts", "requests", "votes")
        }
        if any(value < 0 for value in figures.values()):
            raise CommandError("Les nombres demandés doivent être positifs.")
        if options["reset"]:
            removed = scale.reset()
            self.stdout.write(f"Supprimé : {removed}")
        from colleges.models import College

        if not College.objects.colleges().exists():
            call_command("seed_demo", stdout=self.stdout)
        quiet = options["verbosity"] < 1

        def progress(total, label):
            return tqdm(total=total, desc=label, unit=" lignes", disable=quiet, leave=False)

        started = time.perf_counter()
        seeder = scale.ScaleSeeder(progress=progress, log=self.stdout.write, seed=options["seed"])
        try:
            added = seeder.run(scale.Preset(**figures))
        except RuntimeError as error:
            raise CommandError(str(error)) from error
        self.stdout.write(
            f"Données de charge prêtes en {time.perf_counter() - started:.1f} s : "
            f"cibles {figures}, ajoutés {added}."
        )

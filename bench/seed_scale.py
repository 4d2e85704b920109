"""Club-scale data for benchmarks (see bench/scale.py): idempotent, tops up to the preset.

    python -m bench.seed_scale --preset small [--members N --posts N --requests N --votes N]

Run by `make bench` (bench/run.py); never part of the product, which does not import bench/.
Without any college yet, the product's `seed_demo` runs first.
"""

import argparse
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))


def parse(argv: list[str]) -> argparse.Namespace:
    from bench import scale

    parser = argparse.ArgumentParser(
        prog="python -m bench.seed_scale",
        description=(
            "Génère des données à l'échelle du club (membres, fils et messages, demandes et "
            "soutiens, scrutins et votes) jusqu'à la taille demandée. Relancée, elle n'ajoute "
            "que ce qui manque."
        ),
    )
    parser.add_argument("--preset", choices=sorted(scale.PRESETS), default="large")
    for name in ("members", "posts", "requests", "votes"):
        parser.add_argument(f"--{name}", type=int, help=f"Remplace le nombre de {name}.")
    parser.add_argument(
        "--reset", action="store_true", help="Supprime d'abord les données de charge."
    )
    parser.add_argument("--seed", type=int, default=2026, help="Graine du hasard.")
    parser.add_argument("--quiet", action="store_true", help="Sans barre de progression.")
    return parser.parse_args(argv)


def seed(argv: list[str], *, out=print) -> dict:
    """Top the database up to the figures asked; returns how many rows of each kind were added.
    Django must be set up (`main` does it; tests already are)."""
    from django.core.management import call_command
    from tqdm import tqdm

    from bench import scale
    from colleges.models import College

    options = parse(argv)
    preset = scale.PRESETS[options.preset]
    figures = {
        name: getattr(options, name)
        if getattr(options, name) is not None
        else getattr(preset, name)
        for name in ("members", "posts", "requests", "votes")
    }
    if any(value < 0 for value in figures.values()):
        raise SystemExit("Les nombres demandés doivent être positifs.")
    if options.reset:
        out(f"Supprimé : {scale.reset()}")
    if not College.objects.colleges().exists():
        call_command("seed_demo", verbosity=0)

    def progress(total, label):
        return tqdm(total=total, desc=label, unit=" lignes", disable=options.quiet, leave=False)

    started = time.perf_counter()
    seeder = scale.ScaleSeeder(progress=progress, log=out, seed=options.seed)
    try:
        added = seeder.run(scale.Preset(**figures))
    except RuntimeError as error:
        raise SystemExit(str(error)) from error
    out(
        f"Données de charge prêtes en {time.perf_counter() - started:.1f} s : "
        f"cibles {figures}, ajoutés {added}."
    )
    return added


def main() -> None:
    from bench.common import setup_django

    setup_django()
    seed(sys.argv[1:])


if __name__ == "__main__":
    main()

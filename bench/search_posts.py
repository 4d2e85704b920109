"""Search at scale, PostgreSQL only: fill N posts of French words, then time searches.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/club_bench_search \\
        .venv/bin/python bench/search_posts.py --posts 1000000

The database must be a throw-away one (it is migrated and filled). Prints, for a rare word, a
three-word query and a word found in half the posts, the number of queries and the time of the
whole search (counts per kind, one page of ranked rows, snippets).
"""

import argparse
import os
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

WORDS = [
    "facture",
    "factures",
    "rejet",
    "rejetée",
    "paiement",
    "délai",
    "fournisseur",
    "portail",
    "saisie",
    "engagement",
    "numéro",
    "service",
    "code",
    "dépôt",
    "relance",
    "mandat",
    "avoir",
    "écran",
    "champ",
    "libellé",
    "flux",
    "format",
    "norme",
    "pièce",
    "jointe",
    "statut",
    "traitement",
    "validation",
    "comptable",
    "client",
    "bon",
    "commande",
    "montant",
    "taxe",
    "TVA",
    "ligne",
    "retour",
    "message",
    "courriel",
    "erreur",
    "anomalie",
    "motif",
    "dossier",
    "structure",
    "destinataire",
    "émetteur",
    "marché",
    "public",
    "travaux",
    "situation",
    "mémoire",
    "état",
    "acompte",
    "solde",
    "retenue",
    "garantie",
    "pénalité",
    "intérêts",
    "moratoires",
    "plateforme",
    "opérateur",
    "dématérialisation",
    "signature",
    "archive",
    "export",
    "import",
    "fichier",
    "XML",
    "PDF",
    "UBL",
    "CII",
    "EDI",
    "API",
    "compte",
    "utilisateur",
    "gestionnaire",
    "habilitation",
    "SIRET",
    "adresse",
    "banque",
    "virement",
    "échéance",
    "calendrier",
    "version",
    "évolution",
    "demande",
    "collège",
    "plénière",
    "vote",
    "chorus",
    "urgent",
    "bloqué",
]

FILL = """
INSERT INTO colleges_post (thread_id, author_id, body, body_html, created_at, revision,
                           is_hidden, hidden_reason)
SELECT t.ids[1 + (g %% array_length(t.ids, 1))], NULL,
  (SELECT string_agg((%(words)s::text[])[1 + floor(random() * %(n)s)::int], ' ')
     FROM generate_series(1, 25) s WHERE g > 0 AND s > 0)
  || CASE WHEN g %% 10000 = 3 THEN ' zygomatique' ELSE '' END,
  '', now() - (g %% 20000) * interval '30 minutes', g, (g %% 97 = 0), ''
FROM generate_series(1, %(posts)s) g, (SELECT array_agg(id) ids FROM colleges_thread) t
"""


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--posts", type=int, default=1_000_000)
    args = parser.parse_args()
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "bench.settings")
    os.environ.setdefault("DEBUG", "1")
    import django

    django.setup()
    from django.contrib.auth import get_user_model
    from django.core.management import call_command
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from club.search.selectors import Criteria, results, search
    from colleges.models import College
    from colleges.threads.models import Post, Theme, Thread

    assert connection.vendor == "postgresql", "PostgreSQL only (set DATABASE_URL)"
    call_command("migrate", verbosity=0)
    if Post.objects.count() < args.posts:
        colleges = [
            College.objects.get_or_create(slug=f"bench-{i}", defaults={"name": f"Bench {i}"})[0]
            for i in range(3)
        ]
        themes = [Theme.objects.get_or_create(college=c, title="Bench")[0] for c in colleges]
        Thread.objects.bulk_create(
            Thread(theme=themes[i % 3], college=colleges[i % 3], title=f"Fil {i}")
            for i in range(1000)
        )
        started = time.perf_counter()
        with connection.cursor() as cursor:
            cursor.execute(FILL, {"words": WORDS, "n": len(WORDS), "posts": args.posts})
            cursor.execute("ANALYZE")
        print(f"{args.posts} posts written in {time.perf_counter() - started:.0f} s")
    staff, _ = get_user_model().objects.get_or_create(
        email="bench-search@club.example", defaults={"is_staff": True}
    )
    for q in ["zygomatique", "chorus urgent bloqué", "facturé"]:
        for kind in ["post", ""]:
            with CaptureQueriesContext(connection) as ctx:
                started = time.perf_counter()
                outcome, rows = search(staff, Criteria(q=q, kind=kind))
                results(list(rows[:20]) if rows is not None else [], outcome.criteria)
                elapsed = time.perf_counter() - started
            print(
                f"{q!r:24} {kind or 'tout':5} {outcome.total:>8} résultats "
                f"{len(ctx.captured_queries):>3} requêtes {elapsed * 1000:>7.0f} ms"
            )


if __name__ == "__main__":
    main()

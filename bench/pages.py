"""The pages the benchmark measures, and their queries and latency seen from inside Django.

`python -m bench.pages urls` prints the pages' paths and a signed-in member's session;
`python -m bench.pages queries` prints, for each page, the number of SQL queries and the
median time to build it (Django test client, no network), as JSON.
"""

import json
import statistics
import sys
import time

from bench.common import new_sessions, setup_django


def pages() -> dict[str, str]:
    from bench.scale import BENCH_MEMBER_EMAIL, REFERENCE_THREAD_TITLE
    from club.core.accounts.models import User
    from colleges.models import Membership
    from colleges.threads.models import Thread
    from proposals.models import ChangeRequest
    from votes.models import Ballot
    from whitepapers.models import WhitepaperPage

    member = User.objects.get(email=BENCH_MEMBER_EMAIL)
    college = Membership.objects.active().get(user=member).college
    thread = Thread.objects.get(title=REFERENCE_THREAD_TITLE)
    request = (
        ChangeRequest.objects.for_board()
        .filter(college=college)
        .order_by("-support_count", "pk")
        .first()
    )
    ballot = (
        Ballot.objects.filter(
            college=college, opened_by__email__endswith=member.email.split("@")[1]
        )
        .order_by("pk")
        .first()
    )
    whitepaper = WhitepaperPage.objects.live().public().order_by("pk").first()
    found = {
        "accueil": "/",
        "espace du collège": f"/colleges/{college.slug}/",
        "fil (50 messages)": f"/colleges/fils/{thread.pk}/",
        "tableau des demandes": "/demandes/",
        "demande": f"/demandes/{request.pk}/" if request else None,
        "scrutin": f"/votes/{ballot.pk}/" if ballot else None,
        "livre blanc": whitepaper.url if whitepaper else None,
        "recherche": "/recherche/?q=factures",
        "tableaux de bord": "/tableaux-de-bord/",
    }
    return {name: path for name, path in found.items() if path}


def member_session() -> str:
    from bench.scale import BENCH_MEMBER_EMAIL
    from club.core.accounts.models import User

    return new_sessions([User.objects.get(email=BENCH_MEMBER_EMAIL)])[0]


def measure(repeat: int) -> dict:
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    session = member_session()
    client = Client(HTTP_HOST="127.0.0.1")
    client.cookies["sessionid"] = session
    results = {}
    for name, path in pages().items():
        timings, counts, status = [], [], None
        for _ in range(repeat):
            with CaptureQueriesContext(connection) as queries:
                started = time.perf_counter()
                response = client.get(path)
                timings.append((time.perf_counter() - started) * 1000)
            counts.append(len(queries))
            status = response.status_code
        results[name] = {
            "path": path,
            "status": status,
            # The first request warms caches; the steady state is what a busy site sees.
            "queries": counts[-1],
            "queries_first": counts[0],
            "median_ms": round(statistics.median(timings[1:] or timings), 2),
        }
    return results


if __name__ == "__main__":
    setup_django()
    if sys.argv[1] == "urls":
        print(json.dumps({"pages": pages(), "session": member_session()}))
    else:
        print(json.dumps(measure(int(sys.argv[2]) if len(sys.argv) > 2 else 5)))

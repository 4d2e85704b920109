"""Vote casting under concurrency, through `votes.services.cast_vote`, then the exactly-once check.

`python -m bench.votes --voters 200 --votes 3000 --connections 32` opens a fresh ballot in the
bench member's college, then 200 concurrent voters (asyncio tasks) cast votes for distinct
electors, one in twenty twice at the same time; each call runs the real service in a pool of
`connections` threads, one database connection each, as a server's worker pool would. The
baseline inserts the same rows (participation, cast ballot) with plain ORM `create` calls
through the same pool. Prints JSON.
"""

import argparse
import asyncio
import json
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from datetime import timedelta

from bench.common import setup_django


def open_ballot(question: str):
    from django.utils import timezone

    from club.accounts.models import User
    from club.scale import BENCH_MEMBER_EMAIL
    from colleges.models import Membership
    from votes import services
    from votes.models import Ballot, Option

    member = User.objects.get(email=BENCH_MEMBER_EMAIL)
    college = Membership.objects.active().get(user=member).college
    now = timezone.now()
    ballot = Ballot.objects.create(
        college=college,
        question=question,
        subject_label="Banc d'essai",
        kind=Ballot.Kind.POSITION,
        opens_at=now - timedelta(minutes=1),
        closes_at=now + timedelta(hours=2),
        opened_by=member,
    )
    for i, (label, role) in enumerate(
        (("Pour", "for"), ("Contre", "against"), ("Abstention", "abstain"))
    ):
        Option.objects.create(ballot=ballot, label=label, role=role, position=i)
    services.freeze_electorate(ballot=ballot, at=now)
    ballot.refresh_from_db()
    return ballot


def electors(ballot, count: int) -> list:
    from club.accounts.models import User

    return list(User.objects.filter(ballot_electors__ballot=ballot).order_by("pk")[:count])


async def drive(pool, work, voters: int) -> float:
    """`voters` concurrent tasks take jobs from one queue until it is empty."""
    loop = asyncio.get_running_loop()
    queue: asyncio.Queue = asyncio.Queue()
    for job in work:
        queue.put_nowait(job)

    async def voter():
        while not queue.empty():
            job = queue.get_nowait()
            await loop.run_in_executor(pool, job)

    started = time.perf_counter()
    await asyncio.gather(*(voter() for _ in range(voters)))
    return time.perf_counter() - started


def run(voters: int, votes: int, connections: int) -> dict:
    from django.db import connection, transaction

    from club.domain import DomainError
    from votes import receipts, services
    from votes.models import CastBallot, Participation

    ballot = open_ballot("Banc d'essai : service de vote")
    people = electors(ballot, votes)
    option = ballot.options.first().pk
    outcomes = {"ok": 0, "refused": 0, "error": 0}
    lock = threading.Lock()

    def cast(user):
        try:
            services.cast_vote(ballot=ballot, voter=user, option_ids=[option])
            key = "ok"
        except DomainError:
            key = "refused"
        except Exception:
            key = "error"
        with lock:
            outcomes[key] += 1

    # One elector in twenty sends its vote twice at the same time (double click, two tabs).
    work = []
    for i, user in enumerate(people):
        work.append(lambda user=user: cast(user))
        if i % 20 == 0:
            work.append(lambda user=user: cast(user))
    with ThreadPoolExecutor(max_workers=connections) as pool:
        seconds = asyncio.run(drive(pool, work, voters))
        pool.map(lambda _: connection.close(), range(connections * 4))
    ballot.refresh_from_db()
    participations = Participation.objects.filter(ballot=ballot)
    distinct = participations.values("elector").distinct().count()
    exactly_once = {
        "voters": len(people),
        "participations": participations.count(),
        "distinct_electors": distinct,
        "cast_ballots": CastBallot.objects.filter(ballot=ballot).count(),
        "participant_count": ballot.participant_count,
        "duplicates_refused": outcomes["refused"],
        "errors": outcomes["error"],
    }
    exactly_once["ok"] = (
        exactly_once["participations"]
        == exactly_once["distinct_electors"]
        == exactly_once["cast_ballots"]
        == exactly_once["participant_count"]
        == len(people)
        and outcomes["ok"] == len(people)
        and outcomes["error"] == 0
    )

    # Baseline: the same rows, plain ORM inserts, same pool and concurrency.
    plain = open_ballot("Banc d'essai : insertions simples")
    plain_electors = list(plain.electors.order_by("pk")[: len(people)])
    code_hash = receipts.hash_code(plain.pk, "AAAA-BBBB-CCCC")

    def insert(index, elector):
        with transaction.atomic():
            Participation.objects.create(
                ballot=plain, elector=elector, voted_at=plain.opens_at, receipt_hash=code_hash
            )
            CastBallot.objects.create(ballot=plain, receipt_code=f"B{index:011d}", choices=[1])

    base_work = [lambda i=i, e=e: insert(i, e) for i, e in enumerate(plain_electors)]
    with ThreadPoolExecutor(max_workers=connections) as pool:
        base_seconds = asyncio.run(drive(pool, base_work, voters))
        pool.map(lambda _: connection.close(), range(connections * 4))
    rate = len(people) / seconds
    base_rate = len(plain_electors) / base_seconds
    return {
        "voters": voters,
        "connections": connections,
        "votes": len(people),
        "attempts": len(work),
        "seconds": round(seconds, 2),
        "votes_per_s": round(rate, 1),
        "baseline_per_s": round(base_rate, 1),
        "ratio": round(rate / base_rate, 3),
        "exactly_once": exactly_once,
    }


if __name__ == "__main__":
    parser = argparse.ArgumentParser()
    parser.add_argument("--voters", type=int, default=200)
    parser.add_argument("--votes", type=int, default=3000)
    parser.add_argument("--connections", type=int, default=32)
    options = parser.parse_args()
    setup_django()
    print(json.dumps(run(options.voters, options.votes, options.connections)))

"""Vote casting under concurrency, through `votes.services.cast_vote`, then the exactly-once check.

`python -m bench.votes --voters 200 --votes 3000 --connections 32 --processes 2` opens a fresh
ballot in the bench member's college, then 200 concurrent voters (asyncio tasks) cast votes
for distinct electors, one in twenty twice at the same time. The voters are spread over
`processes` processes (one per core, like the server's), each running the real service in a
pool of threads with one database connection each. The baseline inserts the same rows
(participation, sealed choice) with plain ORM `create` calls through the same processes and
pools. Prints JSON.
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

    from bench.scale import BENCH_MEMBER_EMAIL
    from club.core.accounts.models import User
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
    from club.core.accounts.models import User

    return list(User.objects.filter(ballot_electors__ballot=ballot).order_by("pk")[:count])


async def drive(pool, work, voters: int) -> None:
    """`voters` concurrent tasks take jobs from one queue until it is empty."""
    loop = asyncio.get_running_loop()
    queue: asyncio.Queue = asyncio.Queue()
    for job in work:
        queue.put_nowait(job)

    async def voter():
        while not queue.empty():
            job = queue.get_nowait()
            await loop.run_in_executor(pool, job)

    await asyncio.gather(*(voter() for _ in range(voters)))


def worker(kind, ballot_id, user_ids, option_id, voters, connections, barrier, results):
    """One server-like process: `voters` concurrent callers over `connections` threads."""
    setup_django()
    from django.db import connection, transaction

    from club.core.accounts.models import User
    from club.core.domain import DomainError
    from votes import receipts, sealing, services
    from votes.models import Ballot, Elector, Participation, SealedVote

    ballot = Ballot.objects.get(pk=ballot_id)
    outcomes = {"ok": 0, "refused": 0, "error": 0}
    lock = threading.Lock()

    def count(key):
        with lock:
            outcomes[key] += 1

    def cast(user):
        try:
            services.cast_vote(ballot=ballot, voter=user, option_ids=[option_id])
            count("ok")
        except DomainError:
            count("refused")
        except Exception:
            count("error")
        finally:
            connection.close()  # back to the pool, as at the end of a request

    code_hash = receipts.hash_code(ballot.pk, "AAAA-BBBB-CCCC")

    def insert(elector):
        with transaction.atomic():
            Participation.objects.create(
                ballot=ballot, elector=elector, voted_at=ballot.opens_at, receipt_hash=code_hash
            )
            content = {"t": f"B{elector.pk:011d}", "v": 0, "c": [option_id]}
            SealedVote.objects.create(ballot=ballot, sealed=sealing.seal(ballot.pk, content))
        connection.close()
        count("ok")

    work = []
    if kind == "cast":
        users = User.objects.in_bulk(user_ids)
        for i, user_id in enumerate(user_ids):
            work.append(lambda user=users[user_id]: cast(user))
            # One elector in twenty sends its vote twice at the same time (double click).
            if i % 20 == 0:
                work.append(lambda user=users[user_id]: cast(user))
    else:
        electors = Elector.objects.filter(ballot=ballot, user_id__in=user_ids)
        work = [lambda elector=elector: insert(elector) for elector in electors]
    connection.close()
    with ThreadPoolExecutor(max_workers=connections) as pool:
        barrier.wait()
        started = time.time()
        asyncio.run(drive(pool, work, voters))
        finished = time.time()
    results.put({"started": started, "finished": finished, "attempts": len(work), **outcomes})


def measure(kind, ballot, user_ids, option_id, voters, connections, processes) -> dict:
    """Spread the voters over `processes` processes, as over a server's processes."""
    import multiprocessing

    context = multiprocessing.get_context("spawn")
    barrier, results = context.Barrier(processes), context.Queue()
    per_process = (voters // processes, max(1, connections // processes), barrier, results)
    children = [
        context.Process(
            target=worker, args=(kind, ballot.pk, user_ids[n::processes], option_id, *per_process)
        )
        for n in range(processes)
    ]
    for child in children:
        child.start()
    reports = [results.get(timeout=600) for _ in children]
    for child in children:
        child.join()
    seconds = max(r["finished"] for r in reports) - min(r["started"] for r in reports)
    totals = {key: sum(r[key] for r in reports) for key in ("ok", "refused", "error", "attempts")}
    return {"seconds": seconds, **totals}


def run(voters: int, votes: int, connections: int, processes: int) -> dict:
    from votes import services
    from votes.models import CastBallot, Participation, SealedVote

    ballot = open_ballot("Banc d'essai : service de vote")
    people = [user.pk for user in electors(ballot, votes)]
    option = ballot.options.first().pk
    cast = measure("cast", ballot, people, option, voters, connections, processes)
    ballot.refresh_from_db()
    participations = Participation.objects.filter(ballot=ballot)
    exactly_once = {
        "voters": len(people),
        "participations": participations.count(),
        "distinct_electors": participations.values("elector").distinct().count(),
        "sealed_votes": SealedVote.objects.filter(ballot=ballot).count(),
        "participant_count": ballot.participant_count,
        "duplicates_refused": cast["refused"],
        "errors": cast["error"],
    }
    exactly_once["ok"] = (
        exactly_once["participations"]
        == exactly_once["distinct_electors"]
        == exactly_once["sealed_votes"]
        == exactly_once["participant_count"]
        == len(people)
        and cast["ok"] == len(people)
        and cast["error"] == 0
    )

    # The close opens every sealed choice and writes the board in one transaction.
    started = time.time()
    tally = services.close_ballot(ballot=ballot, at=ballot.closes_at)
    exactly_once["close_seconds"] = round(time.time() - started, 2)
    exactly_once["board_lines"] = CastBallot.objects.filter(ballot=ballot).count()
    exactly_once["ok"] = exactly_once["ok"] and (
        exactly_once["board_lines"] == tally.participants == len(people)
    )

    # Baseline: the same rows, plain ORM inserts, same processes, pool and concurrency.
    plain = open_ballot("Banc d'essai : insertions simples")
    plain_people = [user.pk for user in electors(plain, votes)]
    base = measure("insert", plain, plain_people, option, voters, connections, processes)
    rate = len(people) / cast["seconds"]
    base_rate = base["ok"] / base["seconds"]
    return {
        "voters": voters,
        "processes": processes,
        "connections": connections,
        "votes": len(people),
        "attempts": cast["attempts"],
        "seconds": round(cast["seconds"], 2),
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
    parser.add_argument("--processes", type=int, default=2, help="like the server's processes")
    options = parser.parse_args()
    setup_django()
    print(json.dumps(run(options.voters, options.votes, options.connections, options.processes)))

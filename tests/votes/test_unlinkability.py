"""A database administrator cannot tie a secret vote to its voter (issue 20.1).

The attacker here has the whole database: every table of every app, the audit log, each row's
physical position (`ctid` and `xmin` on PostgreSQL, `rowid` on SQLite) and every column a
b-tree index could order by. It does not have the server's secret key. Thirty electors vote in
an approval ballot, each for a different set of options (so "who chose what" has thirty
distinct answers and a blind guess finds one in thirty), five of them change their vote with
their receipt code, the scheduled job runs mid-ballot, then the ballot closes.

The attack reads the database twice: while the ballot is open (everything voted so far) and
after the close. Each strategy pairs voters with choices; none may do better than chance.
Before the fix, the xmin join and the physical order each linked 30 voters of 30.
"""

import itertools
import json
import random
import re
from datetime import timedelta

import pytest
import time_machine
from django.core.management import call_command
from django.db import connection
from django.utils import timezone

from tests.factories import CollegeFactory, StaffFactory, make_member
from tests.votes.factories import facilitator_of, make_ballot
from votes import services
from votes.models import Ballot, CastBallot, Participation

pytestmark = pytest.mark.django_db(transaction=True)

VOTERS = 30
CHANGERS = 5
# A random pairing of 30 voters with 30 distinct choices gets one right on average; 8 or more
# happens about once in 100,000 runs.
CHANCE_CEILING = 7

LIST_OF_INTS = re.compile(r"\[\s*\d+(?:\s*,\s*\d+)*\s*\]")


def _tables() -> list[str]:
    with connection.cursor() as cursor:
        return sorted(connection.introspection.table_names(cursor))


def _rows(table: str) -> list[dict]:
    """Every row of `table` with its physical position and, on PostgreSQL, its transaction."""
    quoted = connection.ops.quote_name(table)
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(
                f"SELECT xmin::text::bigint, (ctid::text::point)[0], (ctid::text::point)[1], "
                f"t::text FROM {quoted} t"
            )
            return [
                {"xmin": xmin, "position": (page, item), "text": text}
                for xmin, page, item, text in cursor.fetchall()
            ]
        try:
            cursor.execute(f"SELECT rowid, * FROM {quoted}")
        except Exception:  # a WITHOUT ROWID table: the order of its key is all there is
            cursor.execute(f"SELECT * FROM {quoted}")
            return [
                {"xmin": None, "position": (index,), "text": repr(row)}
                for index, row in enumerate(cursor.fetchall())
            ]
        return [
            {"xmin": None, "position": (row[0],), "text": repr(row[1:])}
            for row in cursor.fetchall()
        ]


def _choices_in(text: str, choice_sets: set) -> frozenset | None:
    """A choice in clear in a row: any list of integers that is one of the ballot's choices."""
    for match in LIST_OF_INTS.findall(text):
        found = frozenset(json.loads(match))
        if found in choice_sets:
            return found
    return None


def _physical(row) -> tuple:
    return (row["xmin"] or 0, row["position"])


def attack(ballot, truth: dict[int, frozenset]) -> dict[str, int]:
    """Each strategy's number of voters paired with their true choice."""
    choice_sets = set(truth.values())
    participation_table = Participation._meta.db_table
    by_pk = dict(Participation.objects.filter(ballot=ballot).values_list("pk", "elector__user_id"))
    voters = []
    for row in _rows(participation_table):
        pk = int(re.search(r"\d+", row["text"]).group())
        if pk in by_pk:
            voters.append({**row, "user": by_pk[pk], "pk": pk})
    assert len(voters) == len(truth)

    scores: dict[str, int] = {}

    def score(name: str, guesses: dict[int, frozenset]) -> None:
        scores[name] = sum(1 for user, choice in guesses.items() if truth.get(user) == choice)

    for table in _tables():
        if table == participation_table:
            continue
        rows = [row for row in _rows(table) if _choices_in(row["text"], choice_sets)]
        if not rows:
            continue
        # 1. Same or nearest transaction (PostgreSQL): the savepoint and adjacency joins.
        if connection.vendor == "postgresql":
            guesses = {}
            for voter in voters:
                nearest = min(rows, key=lambda r: (abs(r["xmin"] - voter["xmin"]), r["position"]))
                guesses[voter["user"]] = _choices_in(nearest["text"], choice_sets)
            score(f"{table}: nearest xmin", guesses)
        # 2. Physical order against physical order (ctid, rowid), and against the key's order.
        ranked_rows = sorted(rows, key=_physical)
        for name, ranked_voters in (
            ("physical order", sorted(voters, key=_physical)),
            ("participation id order", sorted(voters, key=lambda v: v["pk"])),
        ):
            guesses = {
                voter["user"]: _choices_in(row["text"], choice_sets)
                for voter, row in zip(ranked_voters, ranked_rows, strict=False)
            }
            score(f"{table}: {name}", guesses)
        # 3. The order of every column an index could walk (ids, codes, hashes).
        width = len(rows[0]["text"].split(","))
        physical_voters = sorted(voters, key=_physical)
        for column in range(width):
            by_column = sorted(
                rows, key=lambda r, c=column: (r["text"].split(",") + [""] * width)[c]
            )
            guesses = {
                voter["user"]: _choices_in(row["text"], choice_sets)
                for voter, row in zip(physical_voters, by_column, strict=False)
            }
            score(f"{table}: column {column} order", guesses)
    return scores


def _distinct_choices(options, count):
    subsets = [
        frozenset(combo)
        for size in range(1, len(options) + 1)
        for combo in itertools.combinations([o.pk for o in options], size)
    ]
    assert len(subsets) >= count
    return subsets[:count]


def test_a_database_reader_links_voters_to_choices_no_better_than_chance():
    staff = StaffFactory()
    college = CollegeFactory()
    facilitator = facilitator_of(college, staff)
    voters = [make_member(college, staff=staff).user for _ in range(VOTERS)]
    with time_machine.travel(timezone.now(), tick=True) as clock:
        ballot = make_ballot(
            college,
            facilitator,
            kind=Ballot.Kind.APPROVAL,
            options=["A", "B", "C", "D", "E"],
            max_choices=5,
            minutes=60,
        )
        options = list(ballot.options.order_by("pk"))
        # Dealt at random: the order of the choices' values says nothing of the voters' order.
        choices = _distinct_choices(options, VOTERS)
        random.shuffle(choices)
        final = dict(zip([v.pk for v in voters], choices, strict=True))
        codes = {}
        for index, voter in enumerate(voters):
            # The first few vote blank, then change their vote later with their receipt code.
            first = [] if index < CHANGERS else sorted(final[voter.pk])
            codes[voter.pk] = services.cast_vote(ballot=ballot, voter=voter, option_ids=first).code
            if index == VOTERS // 2:
                call_command("close_due_ballots", stdout=open("/dev/null", "w"))  # noqa: SIM115
        for voter in voters[:CHANGERS]:
            services.cast_vote(
                ballot=ballot,
                voter=voter,
                option_ids=sorted(final[voter.pk]),
                receipt_code=codes[voter.pk],
            )

        during = attack(ballot, final)

        clock.move_to(ballot.closes_at + timedelta(seconds=1))
        tally = services.close_ballot(ballot=ballot)
        after = attack(ballot, final)

    # The tally is exact: every voter counted once, with the last choice it made.
    expected = {o.pk: sum(o.pk in choice for choice in final.values()) for o in options}
    assert {line.option_id: line.count for line in tally.lines.all()} == expected
    assert tally.participants == VOTERS and tally.abstentions == 0
    assert CastBallot.objects.filter(ballot=ballot).count() == VOTERS

    worst = {
        "during": max(during.items(), key=lambda kv: kv[1], default=("nothing readable", 0)),
        "after": max(after.items(), key=lambda kv: kv[1], default=("nothing readable", 0)),
    }
    print(f"\nvoters linked to their choice, best strategy ({connection.vendor}): {worst}")
    assert worst["during"][1] <= CHANCE_CEILING, (worst, during)
    assert worst["after"][1] <= CHANCE_CEILING, (worst, after)
    # The published board still lets anyone recount: one line per voter, the final choices.
    board = sorted(
        sorted(c)
        for c in CastBallot.objects.filter(ballot=ballot).values_list("choices", flat=True)
    )
    assert board == sorted(sorted(choice) for choice in final.values())

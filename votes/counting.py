"""Counting the bulletin board: a pure function of the ballot's rules and its published lines.

The same function freezes the results at the close and recomputes them later for anyone who
wants to check, so the published numbers can always be re-derived from the published board.

Ties in an election are broken by a drawing of lots anyone can re-run:

    seed = sha256("<ballot id>|<closes_at in UTC, ISO 8601>|<receipt hashes, sorted, comma-separated>")
    key(candidate) = sha256("<seed>:<option id>")

Candidates with the same number of votes are ordered by their key, smallest first.
"""

import hashlib
from dataclasses import dataclass, field
from datetime import UTC
from fractions import Fraction

from votes.models import Ballot, Option, Tally


@dataclass(frozen=True)
class LineResult:
    option_id: int
    label: str
    count: int
    share: Fraction
    rank: int
    winner: bool

    @property
    def share_percent(self) -> float:
        return round(float(self.share) * 100, 1)


@dataclass
class TallyResult:
    electorate: int
    participants: int
    expressed: int
    abstentions: int
    quorum_reached: bool
    outcome: str
    seed: str
    draw_used: bool = False
    lines: list[LineResult] = field(default_factory=list)

    @property
    def winners(self) -> list[int]:
        return [line.option_id for line in self.lines if line.winner]


def tie_break_seed(ballot: Ballot, receipt_tags) -> str:
    material = "|".join(
        [
            str(ballot.pk),
            ballot.closes_at.astimezone(UTC).isoformat(),
            ",".join(sorted(receipt_tags)),
        ]
    )
    return hashlib.sha256(material.encode()).hexdigest()


def draw_key(seed: str, option_id: int) -> str:
    return hashlib.sha256(f"{seed}:{option_id}".encode()).hexdigest()


def meets_majority(ballot: Ballot, count: int, base: int) -> bool:
    if base == 0:
        return False
    share = Fraction(count, base)
    if ballot.majority == Ballot.Majority.SIMPLE:
        return share > ballot.majority_share
    return share >= ballot.majority_share


def quorum_reached(ballot: Ballot, participants: int, electorate: int) -> bool:
    return participants * 100 >= ballot.quorum_percent * electorate


def count(
    ballot: Ballot, options: list[Option], casts: list[tuple[str, list[int]]], electorate: int
) -> TallyResult:
    """Count `casts` (receipt hash, chosen option ids) of `ballot` among `options`."""
    counts = {option.pk: 0 for option in options}
    blank = 0
    for _code, choices in casts:
        if not choices:
            blank += 1
        for option_id in choices:
            counts[option_id] += 1
    participants = len(casts)
    seed = tie_break_seed(ballot, [code for code, _ in casts])
    quorum = quorum_reached(ballot, participants, electorate)
    Outcome = Tally.Outcome

    if ballot.kind == Ballot.Kind.POSITION:
        by_role = {option.role: option for option in options}
        for_count = counts[by_role[Option.Role.FOR].pk]
        abstain = counts[by_role[Option.Role.ABSTAIN].pk] + blank
        expressed = participants - abstain
        base = expressed + (abstain if ballot.abstentions_count else 0)
        if not quorum:
            outcome = Outcome.QUORUM_MISSED
        elif meets_majority(ballot, for_count, base):
            outcome = Outcome.ADOPTED
        else:
            outcome = Outcome.REJECTED
        winners = {by_role[Option.Role.FOR].pk} if outcome == Outcome.ADOPTED else set()
        ordered = sorted(options, key=lambda o: o.position)

        def share(option):
            if option.role == Option.Role.ABSTAIN and not ballot.abstentions_count:
                return Fraction(counts[option.pk], participants) if participants else Fraction(0)
            return Fraction(counts[option.pk], base) if base else Fraction(0)

        lines = [
            LineResult(o.pk, o.label, counts[o.pk], share(o), rank, o.pk in winners)
            for rank, o in enumerate(ordered, start=1)
        ]
        return TallyResult(
            electorate, participants, expressed, abstain, quorum, outcome, seed, False, lines
        )

    expressed = participants - blank
    base = expressed + (blank if ballot.abstentions_count else 0)
    draw_used = False
    if ballot.kind == Ballot.Kind.ELECTION:
        ordered = sorted(options, key=lambda o: (-counts[o.pk], draw_key(seed, o.pk)))
        seats = ballot.max_choices
        if len(ordered) > seats and seats > 0:
            boundary = counts[ordered[seats - 1].pk]
            draw_used = boundary > 0 and counts[ordered[seats].pk] == boundary
        winners = {o.pk for o in ordered[:seats] if counts[o.pk] > 0} if quorum else set()
        outcome = Outcome.ELECTED if quorum else Outcome.QUORUM_MISSED
    else:
        ordered = sorted(options, key=lambda o: (-counts[o.pk], o.position, o.pk))
        winners = set()
        top = ordered[0] if ordered else None
        unique_top = top is not None and (
            len(ordered) == 1 or counts[ordered[1].pk] < counts[top.pk]
        )
        if not quorum:
            outcome = Outcome.QUORUM_MISSED
        elif unique_top and meets_majority(ballot, counts[top.pk], base):
            outcome = Outcome.CHOSEN
            winners = {top.pk}
        else:
            outcome = Outcome.NO_MAJORITY
    lines = [
        LineResult(
            o.pk,
            o.label,
            counts[o.pk],
            Fraction(counts[o.pk], base) if base else Fraction(0),
            rank,
            o.pk in winners,
        )
        for rank, o in enumerate(ordered, start=1)
    ]
    return TallyResult(
        electorate, participants, expressed, blank, quorum, outcome, seed, draw_used, lines
    )


def recount(ballot: Ballot) -> TallyResult:
    """Count again from the published board (written at the close)."""
    options = list(ballot.options.all())
    casts = list(ballot.cast_ballots.order_by("receipt_tag").values_list("receipt_tag", "choices"))
    return count(ballot, options, casts, ballot.electors.count())

"""Results: quorum, majorities, abstentions, elections with a reproducible draw, recounts."""

import hashlib
from datetime import UTC, timedelta

import pytest
import time_machine
from django.core import mail
from django.utils import timezone

from colleges.models import DelegateMandate
from tests.factories import make_member
from tests.votes.factories import make_ballot, option
from votes import counting, receipts, services
from votes.models import Ballot, Candidacy, CastBallot, Tally

pytestmark = pytest.mark.django_db


def vote_and_close(ballot, votes, *, traveller):
    """`votes`: list of (voter, [labels or roles]); then move past the close and tally."""
    for voter, choices in votes:
        services.cast_vote(
            ballot=ballot, voter=voter, option_ids=[option(ballot, c).pk for c in choices]
        )
    traveller.move_to(ballot.closes_at + timedelta(seconds=1))
    return services.close_ballot(ballot=ballot)


@pytest.fixture
def clock():
    with time_machine.travel(timezone.now(), tick=False) as traveller:
        yield traveller


@pytest.fixture
def voters(college, staff, members):
    """Ten electors: the five members and five more."""
    return members + [make_member(college, staff=staff).user for _ in range(5)]


def test_quorum_missed(college, facilitator, voters, clock):
    ballot = make_ballot(college, facilitator, quorum_percent=50)
    # 11 electors (10 voters + facilitator): 5 take part, 5 * 100 < 50 * 11.
    tally = vote_and_close(ballot, [(v, ["for"]) for v in voters[:5]], traveller=clock)
    assert tally.electorate == 11 and tally.participants == 5
    assert not tally.quorum_reached
    assert tally.outcome == Tally.Outcome.QUORUM_MISSED


def test_quorum_reached_and_simple_majority(college, facilitator, voters, clock):
    ballot = make_ballot(college, facilitator, quorum_percent=50)
    votes = [(v, ["for"]) for v in voters[:4]] + [(v, ["against"]) for v in voters[4:6]]
    tally = vote_and_close(ballot, votes, traveller=clock)
    assert tally.quorum_reached and tally.outcome == Tally.Outcome.ADOPTED
    lines = {line.option.role: line for line in tally.lines.all()}
    assert lines["for"].count == 4 and float(lines["for"].share_percent) == 66.7


def test_exactly_half_is_not_a_simple_majority(college, facilitator, voters, clock):
    ballot = make_ballot(college, facilitator)
    votes = [(v, ["for"]) for v in voters[:3]] + [(v, ["against"]) for v in voters[3:6]]
    assert vote_and_close(ballot, votes, traveller=clock).outcome == Tally.Outcome.REJECTED


def test_qualified_majority(college, facilitator, voters, clock):
    # 6 for, 4 against: 60 %, enough for three fifths, not for two thirds.
    votes = [(v, ["for"]) for v in voters[:6]] + [(v, ["against"]) for v in voters[6:10]]
    three_fifths = make_ballot(college, facilitator, majority=Ballot.Majority.THREE_FIFTHS)
    two_thirds = make_ballot(college, facilitator, majority=Ballot.Majority.TWO_THIRDS)
    for voter, choices in votes:
        for ballot in (three_fifths, two_thirds):
            services.cast_vote(
                ballot=ballot, voter=voter, option_ids=[option(ballot, choices[0]).pk]
            )
    clock.move_to(three_fifths.closes_at + timedelta(seconds=1))
    assert services.close_ballot(ballot=three_fifths).outcome == Tally.Outcome.ADOPTED
    assert services.close_ballot(ballot=two_thirds).outcome == Tally.Outcome.REJECTED


def test_abstentions_counted_or_not(college, facilitator, voters, clock):
    # 4 for, 3 against, 3 abstentions: 4/7 adopts; 4/10 does not.
    votes = (
        [(v, ["for"]) for v in voters[:4]]
        + [(v, ["against"]) for v in voters[4:7]]
        + [(v, ["abstain"]) for v in voters[7:10]]
    )
    without = make_ballot(college, facilitator, abstentions_count=False)
    counted = make_ballot(college, facilitator, abstentions_count=True)
    for voter, choices in votes:
        for ballot in (without, counted):
            services.cast_vote(
                ballot=ballot, voter=voter, option_ids=[option(ballot, choices[0]).pk]
            )
    clock.move_to(without.closes_at + timedelta(seconds=1))
    first, second = services.close_ballot(ballot=without), services.close_ballot(ballot=counted)
    assert (first.expressed, first.abstentions) == (7, 3)
    assert first.outcome == Tally.Outcome.ADOPTED
    assert second.outcome == Tally.Outcome.REJECTED


def test_single_choice_and_approval(college, facilitator, voters, clock):
    single = make_ballot(college, facilitator, kind=Ballot.Kind.SINGLE)
    approval = make_ballot(college, facilitator, kind=Ballot.Kind.APPROVAL, max_choices=2)
    for voter in voters[:6]:
        services.cast_vote(ballot=single, voter=voter, option_ids=[option(single, "Factur-X").pk])
        services.cast_vote(
            ballot=approval,
            voter=voter,
            option_ids=[option(approval, "Factur-X").pk, option(approval, "UBL").pk],
        )
    for voter in voters[6:9]:
        services.cast_vote(ballot=single, voter=voter, option_ids=[option(single, "PDF").pk])
        services.cast_vote(ballot=approval, voter=voter, option_ids=[])  # blank
    clock.move_to(single.closes_at + timedelta(seconds=1))
    tally = services.close_ballot(ballot=single)
    assert tally.outcome == Tally.Outcome.CHOSEN
    assert [line.option.label for line in tally.lines.filter(winner=True)] == ["Factur-X"]
    tally = services.close_ballot(ballot=approval)
    assert (tally.participants, tally.expressed, tally.abstentions) == (9, 6, 3)
    # Factur-X and UBL tie at the top: no single option is retained.
    assert tally.outcome == Tally.Outcome.NO_MAJORITY


def election(college, facilitator, candidates, clock, **kwargs):
    start = timezone.now() + timedelta(days=1)
    ballot = make_ballot(college, facilitator, kind=Ballot.Kind.ELECTION, start=start, **kwargs)
    assert ballot.max_choices == 2, "K defaults to the college's two IPM seats"
    for candidate in candidates:
        services.declare_candidacy(
            ballot=ballot, user=candidate, statement="Je porterai vos demandes."
        )
    clock.move_to(start)
    services.open_due_ballots()  # what the command run by cron does
    return ballot


def test_election_tie_is_broken_by_the_published_seed(college, facilitator, staff, voters, clock):
    old = make_member(college, staff=staff).user
    from colleges import services as college_services

    old_mandate = college_services.appoint_delegate(college=college, user=old, actor=staff)
    a, b, c = voters[:3]
    ballot = election(college, facilitator, [a, b, c], clock)
    assert {o.candidate for o in ballot.options.all()} == {a, b, c}
    # a: 3 votes; b and c: 2 each — a tie for the second seat.
    votes = [(voters[3], [a, b]), (voters[4], [a, c]), (voters[5], [a]), (voters[6], [b, c])]
    for voter, chosen in votes:
        services.cast_vote(
            ballot=ballot,
            voter=voter,
            option_ids=[ballot.options.get(candidate=u).pk for u in chosen],
        )
    clock.move_to(ballot.closes_at + timedelta(seconds=1))
    tally = services.close_ballot(ballot=ballot)
    assert tally.outcome == Tally.Outcome.ELECTED and tally.draw_used

    # Anyone can re-run the draw from what is published.
    tags = sorted(CastBallot.objects.filter(ballot=ballot).values_list("receipt_tag", flat=True))
    material = f"{ballot.pk}|{ballot.closes_at.astimezone(UTC).isoformat()}|{','.join(tags)}"
    seed = hashlib.sha256(material.encode()).hexdigest()
    assert tally.tie_break_seed == seed
    tied = [ballot.options.get(candidate=b), ballot.options.get(candidate=c)]
    second = min(tied, key=lambda o: hashlib.sha256(f"{seed}:{o.pk}".encode()).hexdigest())
    winners = list(tally.lines.filter(winner=True).order_by("rank"))
    assert [line.option_id for line in winners] == [ballot.options.get(candidate=a).pk, second.pk]

    # Recounting gives the same result, draw included.
    again = counting.recount(ballot)
    assert again.seed == seed and again.winners == [line.option_id for line in winners]

    # The winners are now the college's delegates; the old mandate ended, history kept.
    old_mandate.refresh_from_db()
    assert old_mandate.ended_at is not None
    current = DelegateMandate.objects.current().filter(college=college)
    assert {m.user_id for m in current} == {a.pk, second.candidate_id}
    assert {m.source for m in current} == {DelegateMandate.Source.ELECTION}


def test_candidacy_only_during_the_period(
    college, facilitator, voters, staff, other_college, clock
):
    from club.core.domain import DomainError

    start = timezone.now() + timedelta(days=1)
    ballot = make_ballot(
        college,
        facilitator,
        kind=Ballot.Kind.ELECTION,
        start=start,
        candidacy_opens_at=timezone.now() + timedelta(hours=1),
        candidacy_closes_at=start - timedelta(hours=1),
    )
    with pytest.raises(DomainError, match="Les candidatures sont ouvertes du"):
        services.declare_candidacy(ballot=ballot, user=voters[0], statement="Moi")
    clock.move_to(timezone.now() + timedelta(hours=2))
    services.declare_candidacy(ballot=ballot, user=voters[0], statement="Moi")
    outsider = make_member(other_college, staff=staff).user
    with pytest.raises(DomainError, match="membres actifs du collège"):
        services.declare_candidacy(ballot=ballot, user=outsider, statement="Moi")
    clock.move_to(start)
    with pytest.raises(DomainError):
        services.declare_candidacy(ballot=ballot, user=voters[1], statement="Trop tard")
    assert Candidacy.objects.filter(ballot=ballot).count() == 1


def test_stored_tally_matches_a_recount(college, facilitator, voters, clock):
    ballot = make_ballot(college, facilitator, kind=Ballot.Kind.APPROVAL, max_choices=2)
    labels = ["PDF", "Factur-X", "UBL"]
    for index, voter in enumerate(voters):
        chosen = [labels[index % 3], labels[(index + 1) % 3]][: 1 + index % 2]
        services.cast_vote(
            ballot=ballot, voter=voter, option_ids=[option(ballot, x).pk for x in chosen]
        )
    clock.move_to(ballot.closes_at + timedelta(seconds=1))
    tally = services.close_ballot(ballot=ballot)
    again = counting.recount(ballot)
    assert (tally.electorate, tally.participants, tally.expressed, tally.abstentions) == (
        again.electorate,
        again.participants,
        again.expressed,
        again.abstentions,
    )
    assert tally.outcome == again.outcome and tally.tie_break_seed == again.seed
    assert [
        (line.option_id, line.count, float(line.share_percent), line.winner)
        for line in tally.lines.all()
    ] == [(line.option_id, line.count, line.share_percent, line.winner) for line in again.lines]
    assert services.close_ballot(ballot=ballot).pk == tally.pk, "closing twice changes nothing"


def test_close_due_ballots_freezes_results_and_tells_the_electorate(
    college, facilitator, voters, clock, django_capture_on_commit_callbacks
):
    from django.core.management import call_command

    with django_capture_on_commit_callbacks(execute=True):
        ballot = make_ballot(college, facilitator)
    opening_mails = [m for m in mail.outbox if "Un scrutin est ouvert" in m.subject]
    assert len(opening_mails) == 11
    services.cast_vote(ballot=ballot, voter=voters[0], option_ids=[option(ballot, "for").pk])
    mail.outbox.clear()
    clock.move_to(ballot.closes_at + timedelta(seconds=1))
    with django_capture_on_commit_callbacks(execute=True):
        call_command("close_due_ballots")
    assert Tally.objects.filter(ballot=ballot).exists()
    assert len(mail.outbox) == 11
    assert mail.outbox[0].subject.startswith("[Club Chorus Pro] Résultats du scrutin")
    assert "Adoptée" in mail.outbox[0].body


def test_on_ballot_closed_calls_registered_callbacks(college, facilitator, clock):
    seen = []

    def callback(ballot, tally):
        seen.append((ballot.pk, tally.outcome))

    services.register_ballot_closed(callback)
    try:
        ballot = make_ballot(college, facilitator)
        ballot_subject = ballot.subject_label
        clock.move_to(ballot.closes_at)
        services.close_ballot(ballot=ballot)
        services.close_ballot(ballot=ballot)
    finally:
        services.unregister_ballot_closed(callback)
    assert seen == [(ballot.pk, Tally.Outcome.REJECTED)]
    assert ballot_subject == ""


def test_results_page_publishes_what_the_draw_needs(client, college, facilitator, voters, clock):
    from django.urls import reverse

    a, b = voters[:2]
    ballot = election(college, facilitator, [a, b], clock)
    receipt = services.cast_vote(
        ballot=ballot, voter=voters[2], option_ids=[ballot.options.get(candidate=a).pk]
    )
    clock.move_to(ballot.closes_at)
    services.close_due_ballots()  # what the worker does every minute
    client.force_login(voters[3])
    page = client.get(reverse("votes:detail", args=[ballot.pk])).content.decode()
    tally = Tally.objects.get(ballot=ballot)
    assert tally.tie_break_seed in page
    assert ballot.closes_at.astimezone(UTC).isoformat() in page
    tag = CastBallot.objects.get(ballot=ballot).receipt_tag
    assert tag == receipts.tag(ballot.pk, receipt.code)
    assert receipts.shown(tag) in page and receipt.code not in page
    assert a.get_full_name() in page.split("Élus :")[1][:200]

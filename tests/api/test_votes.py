"""Ballots through the API: who sees them, casting a vote as on the page, results."""

from datetime import timedelta

import pytest
import time_machine
from django.test import Client
from django.utils import timezone

from tests.api.conftest import API, problem, token_client
from tests.factories import make_member
from tests.proposals.factories import with_totp
from tests.votes.factories import board_at_close, facilitator_of, make_ballot, option
from votes import receipts, services
from votes.models import Ballot, Participation

pytestmark = pytest.mark.django_db


@pytest.fixture
def vote_facilitator(college, staff):
    return facilitator_of(college, staff)


@pytest.fixture
def voters(college, staff):
    return [make_member(college, staff=staff).user for _ in range(3)]


def test_ballots_are_for_the_college(college, other_college, staff, vote_facilitator, voters, anon):
    ballot = make_ballot(college, vote_facilitator)
    outsider = make_member(other_college, staff=staff).user
    problem(anon.get(f"{API}/ballots"), 401)
    problem(anon.get(f"{API}/ballots/{ballot.pk}"), 401)
    problem(token_client(outsider).get(f"{API}/ballots/{ballot.pk}"), 404)
    problem(token_client(outsider).post(f"{API}/ballots/{ballot.pk}/vote", {"options": [1]}), 404)
    assert token_client(outsider).get(f"{API}/ballots").json()["count"] == 0
    problem(token_client(voters[0]).get(f"{API}/ballots/999999"), 404)
    body = token_client(voters[0]).get(f"{API}/ballots/{ballot.pk}").json()
    assert body["status"] == "open" and [o["role"] for o in body["options"]] == [
        "for",
        "against",
        "abstain",
    ]


def test_voting_through_the_api_is_voting_on_the_page(college, vote_facilitator, voters):
    ballot = make_ballot(college, vote_facilitator)
    response = token_client(voters[0]).post(
        f"{API}/ballots/{ballot.pk}/vote", {"options": [option(ballot, "for").pk]}
    )
    assert response.status_code == 201, response.content
    receipt = response.json()["receipt_code"]
    web = Client()
    web.force_login(voters[1])
    page = web.post(f"/votes/{ballot.pk}/", {"choices": option(ballot, "for").pk})
    assert page.status_code == 302
    ballot.refresh_from_db()
    assert ballot.participant_count == 2
    assert Participation.objects.filter(ballot=ballot).count() == 2
    listed = token_client(voters[0]).get(f"{API}/ballots", {"status": "open"}).json()
    assert listed["results"][0]["i_voted"] is True
    # The board does not say who voted (secret ballot): same for both channels.
    board = board_at_close(ballot)
    assert receipts.tag(ballot.pk, receipt) in board
    assert sorted(board.values()) == [[option(ballot, "for").pk]] * 2


def test_vote_refusals_are_problems(college, vote_facilitator, voters, staff):
    ballot = make_ballot(college, vote_facilitator)
    client = token_client(voters[0])
    body = problem(client.post(f"{API}/ballots/{ballot.pk}/vote", {"options": []}), 422)
    assert body["errors"][0]["loc"] == ["body", "options"]  # minItems: 1, as documented
    body = problem(client.post(f"{API}/ballots/{ballot.pk}/vote", {"blank": True}), 422)
    assert "Choisissez une réponse" in body["detail"]  # no blank vote on a position
    body = problem(client.post(f"{API}/ballots/{ballot.pk}/vote", {}), 422)
    assert body["errors"][0]["loc"] == ["body", "options"]
    problem(client.post(f"{API}/ballots/{ballot.pk}/vote", {"options": [999999]}), 422)
    twice = [option(ballot, "for").pk] * 2
    body = problem(client.post(f"{API}/ballots/{ballot.pk}/vote", {"options": twice}), 422)
    assert "ne peut être choisie qu'une fois" in body["detail"]
    read_only = token_client(voters[1], scope="read")
    problem(
        read_only.post(f"{API}/ballots/{ballot.pk}/vote", {"options": [option(ballot, "for").pk]}),
        403,
    )
    late = make_member(college, staff=staff).user
    body = problem(
        token_client(late).post(
            f"{API}/ballots/{ballot.pk}/vote", {"options": [option(ballot, "for").pk]}
        ),
        403,
    )
    assert "corps électoral" in body["detail"]
    upcoming = make_ballot(college, vote_facilitator, start=timezone.now() + timedelta(days=1))
    problem(
        client.post(f"{API}/ballots/{upcoming.pk}/vote", {"options": [option(upcoming, "for").pk]}),
        409,
    )
    assert Participation.objects.count() == 0


def test_results_once_closed(college, vote_facilitator, voters):
    ballot = make_ballot(college, vote_facilitator, minutes=30)
    for voter in voters:
        token_client(voter).post(
            f"{API}/ballots/{ballot.pk}/vote", {"options": [option(ballot, "for").pk]}
        )
    body = problem(token_client(voters[0]).get(f"{API}/ballots/{ballot.pk}/results"), 409)
    assert "pas encore clos" in body["detail"]
    with time_machine.travel(timezone.now() + timedelta(hours=1)):
        # Closed by the clock, counted by the worker's next run: until then, 409 « counting ».
        body = problem(token_client(voters[0]).get(f"{API}/ballots/{ballot.pk}/results"), 409)
        assert "dépouillement est en cours" in body["detail"]
        services.close_due_ballots()
        results = token_client(voters[0]).get(f"{API}/ballots/{ballot.pk}/results").json()
    assert results["participants"] == 3 and results["outcome"] == "adopted"
    assert len(results["board"]) == 3 and results["public_votes"] == []
    assert {tuple(line["choices"]) for line in results["board"]} == {(option(ballot, "for").pk,)}
    assert "receipt_codes" not in results
    assert Ballot.objects.get(pk=ballot.pk).tally is not None


def test_a_voter_checks_its_own_receipt_by_post_and_nobody_else_can(
    college, vote_facilitator, voters
):
    ballot = make_ballot(college, vote_facilitator, minutes=30)
    codes = [
        token_client(voter)
        .post(f"{API}/ballots/{ballot.pk}/vote", {"options": [option(ballot, role).pk]})
        .json()["receipt_code"]
        for voter, role in zip(voters, ["for", "against", "for"], strict=True)
    ]
    url = f"{API}/ballots/{ballot.pk}/receipt-check"
    body = problem(token_client(voters[1]).post(url, {"receipt_code": codes[1]}), 409)
    assert "après la clôture" in body["detail"]
    with time_machine.travel(timezone.now() + timedelta(hours=1)):
        # Closed, not counted yet: the check is a read and never counts the ballot itself.
        body = problem(token_client(voters[1]).post(url, {"receipt_code": codes[1]}), 409)
        assert "dépouillement est en cours" in body["detail"]
        services.close_due_ballots()  # what the worker does every minute
        mine = token_client(voters[1]).post(url, {"receipt_code": codes[1].lower()})
        assert mine.status_code == 200, mine.content
        assert mine.json() == {
            "receipt_hash": receipts.tag(ballot.pk, codes[1]),
            "counted": True,
            "choices": [option(ballot, "against").pk],
        }
        board = token_client(voters[0]).get(f"{API}/ballots/{ballot.pk}/results").json()["board"]
        assert {"receipt_hash": mine.json()["receipt_hash"], "choices": mine.json()["choices"]} in (
            board
        )
        # A code handed to someone else tells them nothing: it proves nothing about the vote.
        body = problem(token_client(voters[0]).post(url, {"receipt_code": codes[1]}), 422)
        assert "ne correspond pas à votre vote" in body["detail"]
        assert token_client(voters[1]).get(url).status_code != 200


def test_opening_a_ballot_needs_the_rule_and_two_factor(college, vote_facilitator, voters):
    now = timezone.now()
    payload = {
        "college": college.slug,
        "question": "Quel format ?",
        "kind": "single",
        "options": ["PDF", "UBL"],
        "opens_at": now.isoformat(),
        "closes_at": (now + timedelta(days=3)).isoformat(),
    }
    problem(token_client(voters[0]).post(f"{API}/ballots", payload), 403)
    body = problem(token_client(vote_facilitator).post(f"{API}/ballots", payload), 403)
    assert "double authentification" in body["detail"]
    with_totp(vote_facilitator)
    response = token_client(vote_facilitator).post(f"{API}/ballots", payload)
    assert response.status_code == 201, response.content
    assert [o["label"] for o in response.json()["options"]] == ["PDF", "UBL"]
    from club.core.audit.models import AuditEntry

    assert AuditEntry.objects.filter(action="ballot.opened").exists()
    bad = {**payload, "closes_at": (now - timedelta(days=1)).isoformat()}
    problem(token_client(vote_facilitator).post(f"{API}/ballots", bad), 422)


def test_ballot_list_query_count_is_constant(
    college, vote_facilitator, voters, django_assert_max_num_queries
):
    client = token_client(voters[0], scope="read")
    for i in range(2):
        make_ballot(college, vote_facilitator, question=f"Q{i}")
    client.get(f"{API}/ballots")
    with django_assert_max_num_queries(9):
        assert client.get(f"{API}/ballots").json()["count"] == 2
    for i in range(6):
        make_ballot(college, vote_facilitator, question=f"R{i}")
    with django_assert_max_num_queries(9):
        assert client.get(f"{API}/ballots").json()["count"] == 8

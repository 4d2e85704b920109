"""A position is put to the college's vote through a « position » ballot; its close decides."""

from datetime import timedelta

import pytest
import time_machine
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone
from django.utils.html import escape

from club.core.audit.models import AuditEntry
from club.core.domain import DomainError
from proposals import services
from proposals.models import ChangeRequestEvent, Position, Status
from tests.proposals.factories import make_request, member_of, with_totp
from votes import services as vote_services
from votes.models import Ballot, Option, Tally


@pytest.fixture
def position(college, member, second_member, facilitator):
    first = make_request(member, college)
    second = make_request(second_member, college, title="Libellé « Service exécutant » flou")
    return services.build_position(
        college=college,
        title="Saisie des références d'engagement",
        body="Le collège demande…",
        requests=[first, second],
        actor=facilitator,
    )


def open_ballot(position, facilitator, **rules):
    now = timezone.now()
    return services.open_position_ballot(
        position=position,
        actor=facilitator,
        opens_at=now,
        closes_at=now + timedelta(hours=1),
        **rules,
    )


def vote(ballot, user, role):
    option = ballot.options.get(role=role)
    return vote_services.cast_vote(ballot=ballot, voter=user, option_ids=[option.pk])


def test_opening_the_ballot_puts_the_requests_in_vote(position, facilitator):
    position = open_ballot(position, facilitator, quorum_percent=50)
    ballot = position.ballot
    assert ballot.kind == Ballot.Kind.POSITION
    assert ballot.question == position.title and position.title in ballot.subject_label
    assert ballot.quorum_percent == 50
    assert set(ballot.options.values_list("role", flat=True)) == {
        Option.Role.FOR,
        Option.Role.AGAINST,
        Option.Role.ABSTAIN,
    }
    assert position.status == Position.Status.IN_VOTE
    assert set(position.requests.values_list("status", flat=True)) == {Status.IN_VOTE}
    assert AuditEntry.objects.filter(action="position.put_to_vote").count() == 1


def test_a_refused_ballot_leaves_the_position_a_draft(position, facilitator):
    now = timezone.now()
    with pytest.raises(DomainError):
        services.open_position_ballot(
            position=position, actor=facilitator, opens_at=now, closes_at=now - timedelta(hours=1)
        )
    position.refresh_from_db()
    assert position.status == Position.Status.DRAFT and position.ballot is None
    assert not Ballot.objects.exists()


def test_pour_wins_with_quorum_adopts_the_requests(
    position, facilitator, member, second_member, college
):
    position = open_ballot(position, facilitator, quorum_percent=50)
    ballot = position.ballot
    vote(ballot, member, Option.Role.FOR)
    vote(ballot, second_member, Option.Role.FOR)
    vote(ballot, facilitator, Option.Role.AGAINST)
    with time_machine.travel(ballot.closes_at + timedelta(minutes=1), tick=False):
        call_command("close_due_ballots")
    assert Tally.objects.get(ballot=ballot).outcome == Tally.Outcome.ADOPTED
    position.refresh_from_db()
    assert position.status == Position.Status.ADOPTED and position.decided_at
    for request in position.requests.all():
        assert request.status == Status.ADOPTED
        event = request.events.get(transition="adopt")
        assert event.actor is None and event.details["ballot_id"] == ballot.pk
    assert AuditEntry.objects.filter(action="ballot.closed").exists()
    assert AuditEntry.objects.filter(action="position.adopted").exists()


def test_contre_wins_marks_the_requests_not_adopted(position, facilitator, member, second_member):
    position = open_ballot(position, facilitator)
    ballot = position.ballot
    vote(ballot, member, Option.Role.AGAINST)
    vote(ballot, second_member, Option.Role.FOR)
    vote(ballot, facilitator, Option.Role.AGAINST)
    with time_machine.travel(ballot.closes_at + timedelta(minutes=1), tick=False):
        vote_services.close_ballot(ballot=ballot)
    position.refresh_from_db()
    assert position.status == Position.Status.NOT_ADOPTED
    assert set(position.requests.values_list("status", flat=True)) == {Status.NOT_ADOPTED}
    assert ChangeRequestEvent.objects.filter(transition="not_adopt").count() == 2


def test_quorum_missed_means_not_adopted_even_if_pour_wins(
    position, facilitator, member, college, staff
):
    for _ in range(3):
        member_of(college, staff=staff)
    position = open_ballot(position, facilitator, quorum_percent=60)
    ballot = position.ballot
    vote(ballot, member, Option.Role.FOR)
    with time_machine.travel(ballot.closes_at + timedelta(minutes=1), tick=False):
        vote_services.close_due_ballots()
    assert ballot.tally.outcome == Tally.Outcome.QUORUM_MISSED
    position.refresh_from_db()
    assert position.status == Position.Status.NOT_ADOPTED


def test_a_ballot_about_no_position_changes_no_request(position, facilitator, college, member):
    from tests.votes.factories import make_ballot

    ballot = make_ballot(college, facilitator)
    vote(ballot, member, Option.Role.FOR)
    with time_machine.travel(ballot.closes_at + timedelta(minutes=1), tick=False):
        vote_services.close_ballot(ballot=ballot)
    position.refresh_from_db()
    assert position.status == Position.Status.DRAFT


def test_pages_show_the_vote_result_with_a_link(client, position, facilitator, member):
    position = open_ballot(position, facilitator)
    ballot = position.ballot
    vote(ballot, member, Option.Role.FOR)
    with time_machine.travel(ballot.closes_at + timedelta(minutes=1), tick=False):
        vote_services.close_ballot(ballot=ballot)
    client.force_login(member)
    ballot_url = reverse("votes:detail", args=[ballot.pk])
    page = client.get(position.get_absolute_url()).content.decode()
    assert "Adoptée" in page and ballot_url in page
    request = position.requests.first()
    page = client.get(request.get_absolute_url()).content.decode()
    assert ballot_url in page and "Voir le résultat du scrutin" in page


def test_only_facilitators_open_the_position_ballot(client, position, member, facilitator):
    url = reverse("proposals:position_put_to_vote", args=[position.pk])
    client.force_login(member)
    assert client.get(url).status_code == 403
    client.force_login(facilitator)
    # Two-factor first.
    assert client.get(url).status_code == 302
    with_totp(facilitator)
    client.force_login(facilitator)  # signs in again, now with the second factor
    page = client.get(url)
    assert page.status_code == 200 and "Ouvrir le scrutin" in page.content.decode()
    response = client.post(url, {"opens_at": "", "closes_at": "", "quorum_percent": "0"})
    assert response.status_code == 400
    position.refresh_from_db()
    assert position.status == Position.Status.DRAFT


def test_the_votes_create_page_sends_a_position_to_its_ballot_form(client, position, facilitator):
    client.force_login(facilitator)
    response = client.get(reverse("votes:create") + f"?position={position.pk}")
    assert response.status_code == 302
    assert response["Location"] == reverse("proposals:position_put_to_vote", args=[position.pk])


def test_a_position_in_preparation_is_read_by_its_college_only(
    client, position, member, other_college, staff
):
    url = reverse("proposals:position", args=[position.pk])
    outsider = member_of(other_college, staff=staff)
    assert position.status == Position.Status.DRAFT
    assert client.get(url).status_code == 404
    client.force_login(outsider)
    assert client.get(url).status_code == 404
    client.force_login(member)
    assert client.get(url).status_code == 200


def test_a_position_put_to_the_vote_is_public(client, position, facilitator):
    open_ballot(position, facilitator)
    assert client.get(reverse("proposals:position", args=[position.pk])).status_code == 200


def test_a_request_page_lists_a_position_in_preparation_to_its_college_only(
    client, position, member
):
    change_request = position.requests.first()
    url = reverse("proposals:detail", args=[change_request.pk])
    title = escape(position.title)
    assert title not in client.get(url).content.decode()
    assert client.get(f"/api/v1/requests/{change_request.pk}").json()["positions"] == []
    client.force_login(member)
    assert title in client.get(url).content.decode()
    assert [
        p["id"] for p in client.get(f"/api/v1/requests/{change_request.pk}").json()["positions"]
    ] == [position.pk]

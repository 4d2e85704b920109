"""A stated reason beside a vote: public ballots only, shown with who voted what at the close,
never stored for a secret ballot."""

from datetime import timedelta

import pytest
import time_machine
from django.urls import reverse
from django.utils import timezone

from club.core.domain import DomainError
from tests.votes.factories import make_ballot, option
from votes import selectors, services
from votes.models import Participation

pytestmark = pytest.mark.django_db


def test_a_public_ballot_publishes_the_reason_beside_the_vote(
    client, college, facilitator, members
):
    with time_machine.travel(timezone.now(), tick=False) as clock:
        ballot = make_ballot(college, facilitator, secret=False)
        url = reverse("votes:detail", args=[ballot.pk])
        client.force_login(members[0])
        assert 'name="reason"' in client.get(url).content.decode()
        response = client.post(
            url,
            {
                "choices": option(ballot, "against").pk,
                "reason": "  Le libellé <b>actuel</b> suffit aux PME.  ",
            },
        )
        assert response.status_code in (200, 302)
        participation = Participation.objects.get(ballot=ballot)
        assert participation.public_reason == "Le libellé <b>actuel</b> suffit aux PME."
        services.cast_vote(ballot=ballot, voter=members[1], option_ids=[option(ballot, "for").pk])
        clock.move_to(ballot.closes_at + timedelta(minutes=1))
        services.close_due_ballots()
        votes = {
            name: (choices, reason) for name, choices, reason in selectors.public_votes(ballot)
        }
        assert votes[members[0].get_full_name()][1] == "Le libellé <b>actuel</b> suffit aux PME."
        assert votes[members[1].get_full_name()][1] == ""
        page = client.get(url).content.decode()
        assert "Le libellé &lt;b&gt;actuel&lt;/b&gt; suffit aux PME." in page  # escaped
        assert page.count("Sa raison") == 1


def test_a_secret_ballot_never_stores_a_reason(client, college, facilitator, members):
    ballot = make_ballot(college, facilitator, secret=True)
    url = reverse("votes:detail", args=[ballot.pk])
    client.force_login(members[0])
    assert 'name="reason"' not in client.get(url).content.decode()
    with pytest.raises(DomainError):
        services.cast_vote(
            ballot=ballot, voter=members[0], option_ids=[option(ballot, "for").pk], reason="Car."
        )
    assert not Participation.objects.filter(ballot=ballot).exists()
    # A tampered form carrying a reason: the field does not exist, nothing of it is stored.
    client.post(url, {"choices": option(ballot, "for").pk, "reason": "En douce"})
    assert Participation.objects.get(ballot=ballot).public_reason == ""
    assert not Participation.objects.filter(public_reason__contains="douce").exists()


def test_a_reason_is_at_most_500_characters(college, facilitator, members):
    ballot = make_ballot(college, facilitator, secret=False)
    with pytest.raises(DomainError):
        services.cast_vote(
            ballot=ballot, voter=members[0], option_ids=[option(ballot, "for").pk], reason="x" * 501
        )
    assert not Participation.objects.filter(ballot=ballot).exists()


def test_the_reason_is_exported_and_erased_with_the_account(college, facilitator, members):
    from votes import personal_data

    ballot = make_ballot(college, facilitator, secret=False)
    services.cast_vote(
        ballot=ballot, voter=members[0], option_ids=[option(ballot, "for").pk], reason="Utile."
    )
    assert personal_data.export(members[0])["participations"][0]["raison"] == "Utile."
    personal_data.erase(members[0])
    assert Participation.objects.get(ballot=ballot).public_reason == ""

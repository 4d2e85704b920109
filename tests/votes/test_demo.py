import pytest
from django.core.management import call_command

from colleges.models import DelegateMandate
from votes.models import Ballot, CastBallot, Participation, SealedVote, Tally

pytestmark = pytest.mark.django_db


def snapshot():
    return (
        Ballot.objects.count(),
        Participation.objects.count(),
        CastBallot.objects.count(),
        SealedVote.objects.count(),
        Tally.objects.count(),
        DelegateMandate.objects.count(),
    )


def test_demo_ballots_are_idempotent_and_tell_a_story(client):
    call_command("seed_demo")
    first = snapshot()
    call_command("seed_demo")
    assert snapshot() == first
    assert first[0] == 3 and first[4] == 2

    closed = Ballot.objects.get(question__startswith="Faut-il demander que le code service")
    assert closed.tally.outcome == Tally.Outcome.ADOPTED and closed.tally.participants == 7
    election = Ballot.objects.get(kind=Ballot.Kind.ELECTION)
    elected = DelegateMandate.objects.current().filter(college=election.college)
    assert {m.user.last_name for m in elected} == {"Colin", "Meyer"}
    assert {m.source for m in elected} == {DelegateMandate.Source.ELECTION}
    assert (
        DelegateMandate.objects.filter(college=election.college, ended_at__isnull=False).count()
        == 2
    )
    open_ballot = Ballot.objects.get(question__startswith="Faut-il afficher le motif")
    assert open_ballot.participant_count == 3

    from django.contrib.auth import get_user_model

    client.force_login(get_user_model().objects.get(email__startswith="equipe@"))
    for ballot in Ballot.objects.all():
        assert client.get(f"/votes/{ballot.pk}/").status_code == 200
    assert client.get("/votes/").status_code == 200

"""Ballots open and close in the scheduled services; pages and the API only read the clock."""

from datetime import timedelta

import pytest
import time_machine
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from club.core.notifications.models import Notification
from tests.api.conftest import token_client
from tests.factories import make_member
from tests.votes.factories import make_ballot, option
from votes import services
from votes.models import Ballot, CastBallot, Elector, SealedVote, Tally
from votes.notifications import BALLOT_OPENED

pytestmark = pytest.mark.django_db


@pytest.fixture
def clock():
    with time_machine.travel(timezone.now(), tick=False) as traveller:
        yield traveller


def test_a_ballot_past_its_opening_is_open_to_its_electors_before_the_worker_freezes_it(
    client, clock, college, facilitator, members
):
    ballot = make_ballot(college, facilitator, start=timezone.now() + timedelta(minutes=5))
    clock.shift(timedelta(minutes=6))
    client.force_login(members[0])
    url = reverse("votes:detail", args=[ballot.pk])
    page = client.get(url).content.decode()
    assert "Le corps électoral est en cours d'arrêt" in page
    assert 'name="choices"' in page, "its electors see the form"
    assert not Elector.objects.filter(ballot=ballot).exists(), "a page never freezes it"
    index = client.get(reverse("votes:index")).content.decode()
    assert "À voter" in index
    assert not Elector.objects.filter(ballot=ballot).exists()
    # The vote is a write: it writes the voter's own elector row (the worker writes the rest).
    response = client.post(url, {"choices": option(ballot, "for").pk}, follow=True)
    assert response.status_code == 200 and "Votre vote est enregistré" in response.content.decode()
    assert Elector.objects.filter(ballot=ballot).count() == 1


def test_the_worker_freezes_the_electorate_and_tells_the_electors(
    clock, college, facilitator, members
):
    ballot = make_ballot(college, facilitator, start=timezone.now() + timedelta(minutes=5))
    clock.shift(timedelta(minutes=6))
    call_command("run_scheduler", "--once")  # enqueues votes.tasks.open_due_ballots: it runs
    ballot.refresh_from_db()
    assert ballot.electorate_frozen_at is not None and ballot.elector_count == 6
    told = Notification.objects.filter(kind=BALLOT_OPENED, url__endswith=f"/{ballot.pk}/")
    assert told.count() == 6  # every elector (the e-mails leave once this commits)
    assert services.open_due_ballots() == 0, "once"


def test_a_closed_ballot_reads_counting_until_the_worker_counts_it(
    client, clock, college, facilitator, members
):
    ballot = make_ballot(college, facilitator)
    services.cast_vote(ballot=ballot, voter=members[0], option_ids=[option(ballot, "for").pk])
    clock.move_to(ballot.closes_at + timedelta(seconds=5))
    client.force_login(members[1])
    url = reverse("votes:detail", args=[ballot.pk])
    page = client.get(url).content.decode()
    assert "Clos, dépouillement en cours" in page and "Le dépouillement est en cours" in page
    assert "Dépouillement en cours" in client.get(reverse("votes:index")).content.decode()
    api = token_client(members[1], scope="read")
    assert api.get(f"/api/v1/ballots/{ballot.pk}").json()["status"] == "closed"
    answer = api.get(f"/api/v1/ballots/{ballot.pk}/results")
    assert answer.status_code == 409 and "dépouillement est en cours" in answer.json()["detail"]
    assert not Tally.objects.filter(ballot=ballot).exists(), "reading never counts"

    call_command("run_scheduler", "--once")  # enqueues votes.tasks.close_due_ballots: it runs
    assert Tally.objects.get(ballot=ballot).outcome == Tally.Outcome.ADOPTED
    assert 'data-testid="outcome"' in client.get(url).content.decode()
    assert api.get(f"/api/v1/ballots/{ballot.pk}/results").json()["outcome"] == "adopted"


def test_one_ballot_that_cannot_close_holds_back_no_other(clock, college, facilitator, members):
    broken = make_ballot(college, facilitator, question="Celle qui échoue")
    sound = make_ballot(college, facilitator, question="Celle qui se ferme")
    failures = []

    def refuse(ballot, tally):
        if ballot.pk == broken.pk:
            failures.append(ballot.pk)
            raise RuntimeError("a consequence of the close failed")

    services.register_ballot_closed(refuse)
    try:
        clock.move_to(sound.closes_at + timedelta(seconds=5))
        tallies = services.close_due_ballots()
    finally:
        services.unregister_ballot_closed(refuse)
    assert [tally.ballot_id for tally in tallies] == [sound.pk]
    assert failures == [broken.pk]
    assert not Tally.objects.filter(ballot=broken).exists(), "rolled back, tried next minute"
    assert len(services.close_due_ballots()) == 1  # the next run closes it


def test_the_scheduler_mixes_open_ballot_boxes_without_cron(college, facilitator, staff):
    """The sealed choices waiting in an open ballot's box are mixed by the worker on the
    scheduler's beat (docs/ballot-secrecy.md): no cron, no page, and the close still counts
    every vote exactly once."""
    voters = [make_member(college, staff=staff).user for _ in range(services.MIX_BATCH)]
    ballot = make_ballot(college, facilitator)
    for voter in voters:
        services.cast_vote(ballot=ballot, voter=voter, option_ids=[option(ballot, "for").pk])
    assert not SealedVote.objects.filter(ballot=ballot, mixed=True).exists()
    call_command("run_scheduler", "--once")  # enqueues votes.tasks.mix_open_ballot_boxes: it runs
    assert SealedVote.objects.filter(ballot=ballot, mixed=True).count() == services.MIX_BATCH
    assert not SealedVote.objects.filter(ballot=ballot, mixed=False).exists()
    with time_machine.travel(ballot.closes_at + timedelta(seconds=5), tick=False):
        call_command("run_scheduler", "--once")  # the next minute: the close
    tally = Tally.objects.get(ballot=ballot)
    assert (tally.participants, tally.outcome) == (services.MIX_BATCH, Tally.Outcome.ADOPTED)
    assert CastBallot.objects.filter(ballot=ballot).count() == services.MIX_BATCH
    assert not SealedVote.objects.filter(ballot=ballot).exists()


def test_the_command_for_cron_still_opens_and_closes(clock, college, facilitator):
    ballot = make_ballot(college, facilitator, start=timezone.now() + timedelta(minutes=5))
    clock.move_to(ballot.closes_at + timedelta(seconds=5))
    call_command("close_due_ballots")
    assert Ballot.objects.get(pk=ballot.pk).electorate_frozen_at is not None
    assert Tally.objects.filter(ballot=ballot).exists()


def test_opening_a_ballot_queues_the_electorate_for_the_worker(
    settings, college, facilitator, members, django_capture_on_commit_callbacks
):
    """The request writes the ballot only; the electorate is the worker's job, queued at once."""
    from django_tasks_db.models import DBTaskResult

    from votes import tasks

    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    with django_capture_on_commit_callbacks(execute=True):
        ballot = services.create_ballot(
            college=college,
            author=facilitator,
            question="Ouvert tout de suite ?",
            kind=Ballot.Kind.POSITION,
            opens_at=timezone.now(),
            closes_at=timezone.now() + timedelta(days=1),
        )
    assert not Elector.objects.filter(ballot=ballot).exists()
    (queued,) = DBTaskResult.objects.filter(task_path="votes.services.open_ballot")
    assert queued.args_kwargs == {"args": [ballot.pk], "kwargs": {}}
    assert tasks.open_ballot.call(ballot.pk) == 6  # what the worker runs
    ballot.refresh_from_db()
    assert ballot.electorate_frozen_at is not None and ballot.elector_count == 6


def test_the_page_shows_the_progress_of_a_large_electorate(
    client, monkeypatch, college, facilitator, members
):
    ballot = make_ballot(college, facilitator, start=timezone.now() + timedelta(minutes=5))
    with time_machine.travel(ballot.opens_at + timedelta(seconds=5), tick=False):
        # The worker's first steps have committed two of the six electors.
        Elector.objects.bulk_create([Elector(ballot=ballot, user=user) for user in members[:2]])
        client.force_login(members[4])
        page = client.get(reverse("votes:detail", args=[ballot.pk])).content.decode()
        assert "2 électeurs inscrits sur 6" in page
        assert '<progress max="6" value="2"' in page
        assert "electorate-progress.js" in page
        assert 'name="choices"' in page, "electors vote meanwhile"
        # Written in steps: each is its own transaction when the worker runs it.
        monkeypatch.setattr(services, "ELECTORS_PER_STEP", 4)
        assert services.freeze_electorate(ballot=ballot) == 6
        page = client.get(reverse("votes:detail", args=[ballot.pk])).content.decode()
        assert "electorate-progress" not in page and "0 votants sur 6 inscrits" in page


def test_a_vote_before_the_freeze_writes_only_its_own_elector(clock, college, facilitator, members):
    ballot = make_ballot(college, facilitator, start=timezone.now() + timedelta(minutes=5))
    clock.shift(timedelta(minutes=6))
    services.cast_vote(ballot=ballot, voter=members[0], option_ids=[option(ballot, "for").pk])
    assert list(Elector.objects.filter(ballot=ballot).values_list("user", flat=True)) == [
        members[0].pk
    ]
    assert services.open_due_ballots() == 1
    ballot.refresh_from_db()
    assert ballot.elector_count == 6 and ballot.participant_count == 1
    clock.move_to(ballot.closes_at)
    (tally,) = services.close_due_ballots()
    assert (tally.electorate, tally.participants) == (6, 1)

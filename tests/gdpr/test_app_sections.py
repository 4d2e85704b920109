"""Proposals, threads and votes declare their personal data to the GDPR registry."""

from datetime import timedelta

import pytest
import time_machine
from django.utils import timezone

from club.core.gdpr import registry
from club.core.gdpr.services import erase_account, export_personal_data
from club.core.notifications.models import Notification
from colleges.threads import services as thread_services
from colleges.threads.models import Post, ThreadFollow, ThreadReadState
from proposals import services as proposal_services
from proposals.models import ChangeRequest, Follow, Status, Support
from tests.factories import PASSWORD, make_member
from tests.proposals.factories import make_request
from tests.threads.factories import make_facilitator, make_theme, make_thread
from votes import services as vote_services
from votes.models import Option, Tally

pytestmark = pytest.mark.django_db


@pytest.fixture
def facilitator(college, staff):
    return make_facilitator(college, staff=staff)


@pytest.fixture
def author(college, staff):
    return make_member(college, staff=staff).user


@pytest.fixture
def other(college, staff):
    return make_member(college, staff=staff).user


@pytest.fixture
def world(college, facilitator, author, other):
    """The author filed a request others support, supports one, follows, posted, voted."""
    mine = make_request(author, college, title="Demande de la personne")
    draft = make_request(author, college, title="Brouillon jamais déposé", submit=False)
    proposal_services.support_request(request=mine, member=other)
    theirs = make_request(other, college, title="Demande d'un autre")
    proposal_services.support_request(request=theirs, member=author)
    # A step on the request: the author, a follower, gets a notification.
    proposal_services.open_discussion(request=mine, actor=facilitator)
    thread = make_thread(make_theme(college, facilitator), facilitator)
    post = thread_services.create_post(thread=thread, author=author, body="Mon avis détaillé.")
    thread_services.set_thread_follow(thread=thread, user=author, follow=True)
    thread_services.mark_read(thread=thread, user=author, up_to_post_id=post.pk)
    return {"mine": mine, "draft": draft, "theirs": theirs, "thread": thread, "post": post}


def test_the_sections_are_registered():
    names = {section.name for section in registry.sections()}
    assert {"proposals", "threads", "votes", "colleges", "accounts"} <= names


def test_export_contains_the_sections(author, world):
    data = export_personal_data(user=author)["sections"]
    titles = [r["titre"] for r in data["proposals"]["demandes_deposees"]]
    assert titles == ["Demande de la personne", "Brouillon jamais déposé"]
    assert [s["titre"] for s in data["proposals"]["soutiens"]] == ["Demande d'un autre"]
    assert data["notifications"]["notifications"]
    assert [m["texte"] for m in data["threads"]["messages"]] == ["Mon avis détaillé."]
    assert data["threads"]["fils_suivis"] == [world["thread"].title]
    assert "participations" in data["votes"]
    # Nothing about anybody else.
    assert "Demande d'un autre" not in titles


def test_erasure_keeps_requests_and_supports_and_posts(author, other, world, client):
    mine = world["mine"]
    erase_account(user=author, password=PASSWORD)
    mine.refresh_from_db()
    assert mine.author_id == author.pk and mine.status == Status.UNDER_DISCUSSION
    assert not ChangeRequest.objects.filter(pk=world["draft"].pk).exists()
    # Supports kept and still counted, both ways.
    assert mine.support_count == 1 and Support.objects.filter(request=mine, member=other).exists()
    theirs = world["theirs"]
    theirs.refresh_from_db()
    assert theirs.support_count == 1 and Support.objects.filter(request=theirs).count() == 1
    assert not Notification.objects.filter(recipient=author).exists()
    assert not Follow.objects.filter(user=author).exists()
    assert Follow.objects.filter(user=other).exists()
    # The post stays, under a neutral name; follows and read states go.
    post = Post.objects.get(pk=world["post"].pk)
    assert post.author_id == author.pk and post.body == "Mon avis détaillé."
    assert not ThreadFollow.objects.filter(user=author).exists()
    assert not ThreadReadState.objects.filter(user=author).exists()
    client.force_login(other)
    page = client.get(mine.get_absolute_url()).content.decode()
    assert "Membre supprimé" in page


def test_an_erased_voter_s_ballot_stays_counted(college, facilitator, author, other):
    now = timezone.now()
    ballot = vote_services.create_ballot(
        college=college,
        author=facilitator,
        question="Adopter la position ?",
        kind="position",
        opens_at=now,
        closes_at=now + timedelta(hours=1),
    )
    pour = ballot.options.get(role=Option.Role.FOR)
    vote_services.cast_vote(ballot=ballot, voter=author, option_ids=[pour.pk])
    vote_services.cast_vote(ballot=ballot, voter=other, option_ids=[pour.pk])
    erase_account(user=author, password=PASSWORD)
    with time_machine.travel(ballot.closes_at + timedelta(minutes=1), tick=False):
        tally = vote_services.close_ballot(ballot=ballot)
    assert tally.participants == 2
    assert tally.lines.get(option=pour).count == 2
    assert tally.outcome == Tally.Outcome.ADOPTED

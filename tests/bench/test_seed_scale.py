"""bench/seed_scale.py: rows that respect the models' rules, exact counters, and a second run adds nothing."""

import pytest
from django.db.models import Count, F

from bench import scale, seed_scale
from colleges.models import Application, Membership
from colleges.threads.models import Post, Thread
from colleges.validators import luhn_is_valid
from proposals.models import ChangeRequest, Support
from tests.factories import CollegeFactory
from votes.models import Ballot, Elector, Participation, SealedVote

FIGURES = ["--members", "60", "--posts", "400", "--requests", "15", "--votes", "40"]


@pytest.fixture
def colleges(db):
    return [CollegeFactory(name=f"Collège {i}", slug=f"college-{i}") for i in range(3)]


def run(*extra):
    seed_scale.seed(["--preset", "tiny", *FIGURES, *extra, "--quiet"], out=lambda _line: None)


def test_seeds_a_consistent_club(colleges):
    run()
    users = scale.ScaleSeeder(progress=None).scale_users()
    assert users.count() == 60
    memberships = Membership.objects.filter(user__in=users)
    assert memberships.count() == 60
    # Every membership comes from an approved application to the same college.
    assert not memberships.exclude(application__status="approved").exists()
    assert all(
        m.application.college_id == m.college_id and m.application.applicant_id == m.user_id
        for m in memberships.select_related("application")
    )
    assert all(
        luhn_is_valid(siret) for siret in Application.objects.values_list("siret", flat=True)
    )
    assert memberships.filter(user__email=scale.BENCH_MEMBER_EMAIL, status="active").exists()

    threads = Thread.objects.filter(opened_by__in=users)
    assert Post.objects.filter(thread__in=threads).count() == 400
    reference = Thread.objects.get(title=scale.REFERENCE_THREAD_TITLE)
    assert reference.post_count == scale.REFERENCE_THREAD_POSTS
    bench_member = users.get(email=scale.BENCH_MEMBER_EMAIL)
    assert Membership.objects.active().filter(user=bench_member, college=reference.college).exists()
    for thread in threads.annotate(n=Count("posts")):
        assert thread.post_count == thread.n == thread.revision
        assert thread.college_id == thread.theme.college_id
        # Authors are active members of the thread's college.
        assert not thread.posts.exclude(
            author__memberships__college=thread.college, author__memberships__status="active"
        ).exists()

    requests = ChangeRequest.objects.filter(author__in=users)
    assert requests.count() == 15
    for request in requests.annotate(n=Count("supports")):
        assert request.support_count == request.n
    # Supports never come from the request's own author.
    assert not Support.objects.filter(member=F("request__author")).exists()

    ballots = Ballot.objects.filter(opened_by__in=users)
    assert Participation.objects.filter(ballot__in=ballots).count() == 40
    for ballot in ballots:
        assert ballot.elector_count == Elector.objects.filter(ballot=ballot).count()
        assert ballot.participant_count == ballot.participations.count()
        # Open ballots: one sealed choice per participation, the board comes at the close.
        assert ballot.participant_count == SealedVote.objects.filter(ballot=ballot).count()
        # Electors are the college's active members, frozen at the opening.
        assert (
            not Elector.objects.filter(ballot=ballot)
            .exclude(user__memberships__college=ballot.college, user__memberships__status="active")
            .exists()
        )


def test_second_run_adds_nothing_and_a_bigger_target_tops_up(colleges):
    run()
    posts = Post.objects.count()
    run()
    assert Post.objects.count() == posts
    seed_scale.seed(
        ["--preset", "tiny", *FIGURES[:2], "--posts", "500", *FIGURES[4:], "--quiet"],
        out=lambda _line: None,
    )
    assert Post.objects.count() == posts + 100
    assert Thread.objects.filter(title=scale.REFERENCE_THREAD_TITLE).count() == 1


def test_reset_removes_everything_seeded(colleges):
    run()
    run("--reset", "--members", "0", "--posts", "0", "--requests", "0", "--votes", "0")
    assert not scale.ScaleSeeder(progress=None).scale_users().exists()
    assert not Post.objects.exists()
    assert not Ballot.objects.exists()

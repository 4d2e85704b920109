"""No GET or HEAD request of the site or the API changes the database.

Every route the permission matrix walks (tests/security/expectations.py: each URL name of the
root URLconf, the back offices' and Wagtail's representative pages, the API's operations) is
asked with GET by each of its eight roles (HEAD by three), in the matrix's club plus ballots the clock
has made due (one past its opening whose electorate nobody froze, one past its close nobody
counted, a position's ballot and an election in the same state, and one in a college most roles
cannot see). The database counts the rows each request wrote, per table
(tests/security/table_writes.py); any table outside `ALLOWED` fails the route.

Opening and closing ballots happen in scheduled services (votes.services.open_due_ballots and
close_due_ballots, run by the task worker): a page only reads the clock.
"""

from datetime import timedelta

import pytest
from django.core.cache import cache
from django.db import transaction
from django.db.models import F
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from proposals import services as proposal_services
from tests.proposals.factories import make_request, member_of
from tests.security import expectations, table_writes
from tests.security.matrix import ROLES, http_routes
from tests.votes.factories import make_ballot, option
from votes import services as vote_services
from votes.models import Ballot, Elector, Tally

pytestmark = pytest.mark.django_db

# Tables a read may write: the reason, and the requests allowed to (label, method), or None for
# every request. Nothing else may change.
ALLOWED = {
    # The session is the visitor's own state, not the club's data: allauth and the messages
    # framework keep their per-visitor notes there, as Django's login keeps `last_login`.
    "django_session": ("the visitor's own session", None),
    # A thread page moves its reader's bookmark to the last post shown: the record of the read
    # itself (unread counts and "first unread" links are built on it), seen by nobody else.
    # Only a GET of the thread page; a HEAD shows nobody anything.
    "colleges_threadreadstate": (
        "the reader's own read marker",
        {("colleges:thread_detail", "GET"), ("thread in English", "GET")},
    ),
}


def allowed(table: str, label: str, method: str) -> bool:
    if table not in ALLOWED:
        return False
    _reason, requests = ALLOWED[table]
    return requests is None or (label, method) in requests


# HEAD runs the GET view (Django answers it without the body): three roles, from none to all
# powers, show that it takes no other path; GET is asked by all eight.
HEAD_ROLES = ("anonymous", "member", "staff")

ROUTES = http_routes()
PREFIX_GROUPS = tuple(expectations.PREFIX_GROUPS)


def _declared_urls() -> dict[str, object]:
    """label → function of the world giving the URL, for every route the matrix declares."""
    urls = {}
    for route in ROUTES:
        if route.key not in expectations.HTTP:
            continue  # a prefix group's catch-all: its representative URLs follow
        declared = expectations.HTTP[route.key]
        if route.name:
            urls[route.key] = lambda w, name=route.name, d=declared: reverse(
                name, args=d.resolve_args(w)
            )
        else:
            urls[route.key] = lambda w, pattern=route.pattern: pattern
    for group in expectations.PREFIX_GROUPS.values():
        for label, (url_of, _declared) in group.items():
            urls[label] = url_of
    return urls


DUE = ("due_to_open", "due_to_close", "due_position_ballot", "due_election", "due_elsewhere")

# The ballots' own pages, for each due ballot: where a read used to open and close them.
BALLOT_URLS = {
    f"{name} {route}": (
        lambda w, name=name, route=route: reverse(route, args=[getattr(w, name).pk])
    )
    for name in DUE
    for route in ("votes:detail", "api-v1:get_ballot", "api-v1:results")
}
POSITION_URLS = {
    f"due_position {route}": (lambda w, route=route: reverse(route, args=[w.due_position.pk]))
    for route in ("proposals:position", "api-v1:get_position")
}
URLS = _declared_urls() | BALLOT_URLS | POSITION_URLS


def shift(ballot, delta: timedelta) -> None:
    """Move a ballot's dates by `delta`, as if it had been set up that much earlier."""
    fields = ("opens_at", "closes_at", "candidacy_opens_at", "candidacy_closes_at")
    fields += ("electorate_frozen_at",)
    Ballot.objects.filter(pk=ballot.pk).update(
        **{name: F(name) + delta for name in fields if getattr(ballot, name) is not None}
    )
    ballot.refresh_from_db()


def add_due_ballots(w) -> None:
    """Ballots as the clock leaves them between two runs of the scheduled services.

    Made now through the services (the world's members joined now), then moved back in time.
    """
    now = timezone.now()
    soon = now + timedelta(minutes=1)
    college, facilitator = w.college, w.users["facilitator"]
    member, staff = w.users["member"], w.users["staff"]
    # Due to open: it opened ten minutes ago; nobody froze its electorate yet.
    due_to_open = make_ballot(
        college,
        facilitator,
        kind=Ballot.Kind.SINGLE,
        start=soon,
        minutes=300,
        at=now,
        question="Format préféré pour les avoirs ?",
    )
    shift(due_to_open, timedelta(minutes=-11))
    # In the other college, opened and closed while no service ran: most roles cannot see it.
    due_elsewhere = make_ballot(
        w.other_college,
        staff,
        kind=Ballot.Kind.SINGLE,
        start=soon,
        minutes=120,
        at=now,
        question="Ballot of another college",
    )
    shift(due_elsewhere, timedelta(hours=-3))
    # Counted by nobody: it closed an hour ago with a vote in it.
    due_to_close = make_ballot(
        college, facilitator, kind=Ballot.Kind.SINGLE, minutes=120, question="Quel format ?"
    )
    vote_services.cast_vote(
        ballot=due_to_close, voter=member, option_ids=[option(due_to_close, "PDF").pk]
    )
    shift(due_to_close, timedelta(hours=-3))
    # A position put to the vote: its close would decide the position.
    request = make_request(member_of(college, staff=staff), college, title="Motif de rejet")
    position = proposal_services.build_position(
        college=college,
        title="Afficher le motif de rejet en clair",
        body="Le collège demande…",
        requests=[request],
        actor=facilitator,
    )
    position = proposal_services.open_position_ballot(
        position=position, actor=facilitator, opens_at=now, closes_at=now + timedelta(hours=2)
    )
    ballot = position.ballot
    vote_services.cast_vote(ballot=ballot, voter=member, option_ids=[option(ballot, "for").pk])
    shift(ballot, timedelta(hours=-3))
    # An election: its close would seat the elected delegate.
    election = make_ballot(
        college,
        staff,
        kind=Ballot.Kind.ELECTION,
        start=soon,
        minutes=120,
        at=now,
        candidacy_opens_at=now - timedelta(hours=1),
        candidacy_closes_at=soon,
        question="Élection des délégués de mars",
    )
    vote_services.declare_candidacy(
        ballot=election, user=member, statement="Je connais le portail."
    )
    vote_services.freeze_electorate(ballot=election, at=soon)  # candidates become its options
    candidate = option(election, member.get_full_name())
    vote_services.cast_vote(ballot=election, voter=member, option_ids=[candidate.pk], at=soon)
    shift(election, timedelta(hours=-3))
    w.objects.update(
        due_to_open=due_to_open,
        due_elsewhere=due_elsewhere,
        due_to_close=due_to_close,
        due_position=position,
        due_position_ballot=ballot,
        due_election=election,
    )
    assert not Elector.objects.filter(ballot__in=[due_to_open, due_elsewhere]).exists()
    assert not Tally.objects.filter(ballot__in=[getattr(w, name) for name in DUE]).exists()
    assert all(getattr(w, name).status_at(now) == "closed" for name in DUE[1:])


@pytest.fixture(scope="module")
def due_world(world, django_db_blocker):
    """The matrix's club plus due ballots, inside the world's transaction (rolled back after)."""
    with django_db_blocker.unblock():
        add_due_ballots(world)
        table_writes.install()
    return world


def writes_of(client, method: str, url: str) -> tuple[int, dict[str, int]]:
    cache.clear()
    with transaction.atomic():
        before = table_writes.snapshot()
        response = client.get(url) if method == "GET" else client.head(url)
        after = table_writes.snapshot()
        transaction.set_rollback(True)
    return response.status_code, table_writes.written(before, after)


@pytest.mark.parametrize("label", URLS)
def test_reading_writes_nothing(due_world, label):
    url = URLS[label](due_world)
    problems = []
    for role in ROLES:
        client = Client()
        user = due_world.users[role]
        if user is not None:
            client.force_login(user)
        for method in ("GET", "HEAD") if role in HEAD_ROLES else ("GET",):
            status, tables = writes_of(client, method, url)
            tables = {
                table: rows for table, rows in tables.items() if not allowed(table, label, method)
            }
            if tables:
                problems.append(f"{method} {url} as {role} ({status}) wrote {tables}")
    assert not problems, "\n".join(problems)


def test_the_walk_covers_every_declared_route():
    """The walk asks what the matrix declares: a new route is declared there, then read here."""
    declared = set(expectations.HTTP) | {
        label for group in expectations.PREFIX_GROUPS.values() for label in group
    }
    assert declared <= set(URLS)


def test_the_detector_sees_a_write(due_world):
    """A write through the ORM in the measured block is seen, and a read is not."""
    with transaction.atomic():
        before = table_writes.snapshot()
        Ballot.objects.filter(pk=due_world.due_to_open.pk).update(question="Changée")
        after = table_writes.snapshot()
        transaction.set_rollback(True)
    assert table_writes.written(before, after) == {"votes_ballot": 1}
    with transaction.atomic():
        before = table_writes.snapshot()
        list(Ballot.objects.all())
        after = table_writes.snapshot()
        transaction.set_rollback(True)
    assert table_writes.written(before, after) == {}

"""A server process killed (SIGKILL) during a burst of posts and votes loses nothing it
acknowledged, and the browsers' retries (same one-time token) duplicate nothing."""

import threading
import time
import uuid
from collections import Counter

import pytest
from django.urls import reverse

from colleges.threads.models import Post
from tests.factories import make_member
from tests.reliability.servers import SignedInClient, needs_postgres_and_redis
from tests.threads.factories import make_facilitator, make_theme, make_thread
from tests.votes.factories import make_ballot, option
from votes.models import Ballot, Participation, SealedVote

pytestmark = [needs_postgres_and_redis(), pytest.mark.postgres, pytest.mark.redis]

CLIENTS = 6
POSTS_PER_CLIENT = 8
KILLS = 2
RETRY_FOR = 120  # seconds a browser keeps retrying while the server is down


class Member(threading.Thread):
    """One member posting replies and voting once, retrying what the server did not answer."""

    def __init__(self, index, client, thread, ballot, choice):
        super().__init__(daemon=True)
        self.index, self.client, self.thread, self.ballot = index, client, thread, ballot
        self.choice = choice
        self.acked_posts: list[str] = []
        self.voted: bool | None = None
        self.cut = 0
        self.failure: str | None = None

    def send(self, path, data):
        """POST until an answer comes back; the same token makes a retry harmless."""
        data = {**data, "submission_token": str(uuid.uuid4())}
        deadline = time.monotonic() + RETRY_FOR
        while time.monotonic() < deadline:
            try:
                return self.client.post(path, data)
            except OSError:
                self.cut += 1
                time.sleep(0.2)
        raise TimeoutError(path)

    def fetch(self, path):
        deadline = time.monotonic() + RETRY_FOR
        while time.monotonic() < deadline:
            try:
                return self.client.get(path)
            except OSError:
                self.cut += 1
                time.sleep(0.2)
        raise TimeoutError(path)

    def run(self):
        try:
            post_url = reverse("colleges:post_create", kwargs={"pk": self.thread.pk})
            for number in range(POSTS_PER_CLIENT):
                body = f"Membre {self.index}, message {number}"
                status, _headers, _ = self.send(post_url, {"body": body})
                if status == 302:
                    self.acked_posts.append(body)
                if number == POSTS_PER_CLIENT // 2:
                    detail = reverse("votes:detail", args=[self.ballot.pk])
                    status, _headers, _page = self.send(detail, {"choices": self.choice})
                    # A redirect to the page that shows the receipt, also when a retry (same
                    # token) follows an attempt whose answer the kill cut off.
                    if status != 302:
                        self.failure = f"vote answered {status}"
                    else:
                        _status, _headers, page = self.fetch(detail)
                        self.voted = b'data-testid="receipt-code"' in page
        except Exception as error:  # reported by the test, never swallowed
            self.failure = repr(error)


def test_killing_the_server_mid_burst_loses_no_acknowledged_post_or_vote(
    daphne, college, staff, capsys
):
    facilitator = make_facilitator(college, staff=staff)
    thread = make_thread(make_theme(college, facilitator), facilitator)
    members = [make_member(college, staff=staff).user for _ in range(CLIENTS)]
    ballot = make_ballot(college, facilitator, minutes=60)
    choice = option(ballot, "for").pk
    workers = [
        Member(i, SignedInClient(daphne, user), thread, ballot, choice)
        for i, user in enumerate(members)
    ]
    for worker in workers:
        worker.start()

    kills = 0
    target = CLIENTS * POSTS_PER_CLIENT
    for share in range(1, KILLS + 1):
        # Kill once a share of the burst is acknowledged, while the others are in flight.
        threshold = target * share // (KILLS + 1)
        while sum(len(w.acked_posts) for w in workers) < threshold and any(
            w.is_alive() for w in workers
        ):
            time.sleep(0.02)
        daphne.kill()
        kills += 1
        daphne.start()
    for worker in workers:
        worker.join(timeout=RETRY_FOR + 30)

    assert [w.failure for w in workers if w.failure] == []
    acked = [body for w in workers for body in w.acked_posts]
    stored = Counter(
        Post.objects.filter(thread=thread, body__startswith="Membre ").values_list(
            "body", flat=True
        )
    )
    duplicated = {body: n for body, n in stored.items() if n > 1}
    lost = [body for body in acked if stored[body] != 1]
    participations = Participation.objects.filter(ballot=ballot).count()
    acked_votes = sum(1 for w in workers if w.voted)
    with capsys.disabled():
        print(
            f"\n[faults] SIGKILL x{kills} during {target} posts and {CLIENTS} votes: "
            f"{len(acked)} posts acknowledged, {sum(stored.values())} stored, "
            f"{len(lost)} lost, {len(duplicated)} duplicated; {acked_votes} votes acknowledged "
            f"with a receipt, {participations} recorded; "
            f"{sum(w.cut for w in workers)} attempts cut or refused, then retried"
        )
    assert kills == KILLS and daphne.starts == KILLS + 1
    assert lost == [] and duplicated == {}
    # Every post was eventually acknowledged, through retries when the kill cut it.
    assert len(acked) == target
    # A kill can still cut the page that shows the receipt (it is shown once): never more
    # receipts than votes, and every vote recorded once.
    assert participations == CLIENTS >= acked_votes
    assert SealedVote.objects.filter(ballot=ballot).count() == participations
    assert Ballot.objects.get(pk=ballot.pk).participant_count == participations

"""The same form sent twice at the same instant (two connections, one token) acts once: the
second insert of the token waits for the first transaction, then answers like it."""

import threading
import uuid

import pytest

from tests.form_targets import TARGETS, build_world, counts
from tests.reliability.servers import SignedInClient, needs_postgres_and_redis

pytestmark = [needs_postgres_and_redis(), pytest.mark.postgres, pytest.mark.redis]


def test_every_form_sent_twice_concurrently_creates_one_object(
    daphne, college, other_college, staff
):
    world = build_world(college, other_college, staff)
    clients = {role: SignedInClient(daphne, user) for role, user in world.people.items()}
    checked = []
    for target in (t for t in TARGETS if t.creates):
        data = {**target.data(world), "submission_token": str(uuid.uuid4())}
        before = counts(target)
        barrier = threading.Barrier(2)
        answers = []

        def send(target=target, data=data, barrier=barrier, answers=answers):
            barrier.wait()
            answers.append(clients[target.role].post(target.url(world), data))

        pair = [threading.Thread(target=send) for _ in range(2)]
        for thread in pair:
            thread.start()
        for thread in pair:
            thread.join(timeout=60)
        statuses = sorted(status for status, _headers, _body in answers)
        assert len(statuses) == 2 and max(statuses) < 500, (target.name, statuses)
        assert counts(target)[0] == before[0] + 1, (target.name, statuses)
        redirects = {h.get("Location") for s, h, _b in answers if s == 302}
        assert len(redirects) <= 1, (target.name, redirects)
        checked.append(target.name)
    assert len(checked) >= 15

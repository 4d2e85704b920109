"""Live delivery at club scale: a busy thread must not cost a query or a message per reader.

`make bench` (bench/fanout.py) measures the times with 1,000 sockets; these tests pin the
mechanisms that make them flat: one fetch of a new post per server process whatever the
number of readers, and presence announcements coalesced in crowded threads.
"""

import pytest
from asgiref.sync import sync_to_async

from colleges.threads import consumers, services
from tests.factories import UserFactory, make_member
from tests.threads.test_consumers import _join

pytestmark = pytest.mark.django_db(transaction=True)


async def _drain(communicator, wanted: str, timeout: float = 3) -> list[dict]:
    """Every message until one of type `wanted` arrives."""
    seen = []
    while True:
        message = await communicator.receive_json_from(timeout=timeout)
        seen.append(message)
        if message["type"] == wanted:
            return seen


async def test_a_live_post_is_fetched_once_for_all_readers(
    thread, college, facilitator, monkeypatch
):
    fetches = []
    real = consumers._fetch_live_post

    def counting(*args):
        fetches.append(args)
        return real(*args)

    monkeypatch.setattr(consumers, "_fetch_live_post", counting)
    monkeypatch.setattr(consumers, "live_posts", consumers.LivePosts())
    readers = []
    for i in range(4):
        user = await sync_to_async(lambda i=i: make_member(college, UserFactory()).user)()
        communicator, _ = await _join(thread.pk, user, since=thread.revision)
        readers.append(communicator)
    post = await sync_to_async(services.create_post)(
        thread=thread, author=facilitator, body="Même rejet chez nous depuis lundi."
    )
    for communicator in readers:
        messages = await _drain(communicator, "post")
        assert messages[-1]["id"] == post.pk
        assert "Même rejet chez nous depuis lundi." in messages[-1]["html"]
        # Other readers' posts are reportable, never editable.
        assert "Signaler" in messages[-1]["html"] and "Modifier" not in messages[-1]["html"]
    assert len(fetches) == 1
    for communicator in readers:
        await communicator.disconnect()


async def test_live_posts_are_marked_read_when_the_reader_leaves(thread, member, facilitator):
    from colleges.threads.models import ThreadReadState

    reader, _ = await _join(thread.pk, member, since=thread.revision)
    post = await sync_to_async(services.create_post)(
        thread=thread, author=facilitator, body="Lu en direct."
    )
    await _drain(reader, "post")
    await reader.disconnect()
    state = await sync_to_async(ThreadReadState.objects.get)(user=member, thread=thread)
    assert state.last_read_post_id == post.pk


async def test_presence_in_a_crowded_thread_is_coalesced_but_ends_exact(
    thread, college, monkeypatch
):
    monkeypatch.setattr(consumers, "PRESENCE_EXACT_UP_TO", 1)
    monkeypatch.setattr(consumers, "PRESENCE_INTERVAL", 1)
    users = await sync_to_async(
        lambda: [make_member(college, UserFactory()).user for _ in range(5)]
    )()
    first, _ = await _join(thread.pk, users[0], since=thread.revision)
    others = [(await _join(thread.pk, user, since=thread.revision))[0] for user in users[1:]]
    counts = []
    while not counts or counts[-1] != 5:
        message = await first.receive_json_from(timeout=3)
        if message["type"] == "presence":
            counts.append(message["count"])
    assert await first.receive_nothing(timeout=1.5)
    # Four arrivals, fewer announcements, and the last one says how many read now.
    assert 1 <= len(counts) < 4
    assert counts[-1] == 5
    for communicator in [first, *others]:
        await communicator.disconnect()

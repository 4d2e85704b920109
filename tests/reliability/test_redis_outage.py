"""Redis stopped: pages and posting keep working; live updates resume when it returns.

A real Daphne process and a private redis-server that the test stops and starts again.
"""

import pytest
from django.urls import reverse

from club.core.cache import TolerantRedisCache
from colleges.threads.models import Post
from tests.factories import make_member
from tests.reliability.servers import LiveReader, SignedInClient, needs_postgres_and_redis
from tests.threads.factories import make_facilitator, make_theme, make_thread
from tests.votes.factories import make_ballot, option
from tests.whitepapers.factories import published_whitepaper
from votes.models import Participation

pytestmark = [needs_postgres_and_redis(), pytest.mark.postgres, pytest.mark.redis]


def _post(client, thread, body):
    status, _headers, _ = client.post(
        reverse("colleges:post_create", kwargs={"pk": thread.pk}), {"body": body}
    )
    assert status == 302, (status, body)
    return Post.objects.get(thread=thread, body=body)


def test_pages_and_posting_survive_a_redis_outage_and_live_updates_resume(
    daphne, redis_server, college, staff
):
    facilitator = make_facilitator(college, staff=staff)
    member = make_member(college, staff=staff).user
    theme = make_theme(college, facilitator)
    thread = make_thread(theme, facilitator)
    ballot = make_ballot(college, facilitator)
    paper = published_whitepaper(staff)
    writer = SignedInClient(daphne, member)
    reader = LiveReader(daphne, facilitator, thread.pk).start()
    try:
        before = _post(writer, thread, "Avant la panne")
        assert reader.wait_for({before.pk}), reader.closes

        redis_server.stop()
        pages = [
            reverse("colleges:thread_detail", kwargs={"pk": thread.pk}),
            reverse("colleges:theme_list", kwargs={"college_slug": college.slug}),
            reverse("proposals:board"),
            reverse("votes:index"),
            reverse("colleges:my_space"),
            reverse("whitepapers:pdf", args=[paper.pk]),  # cached in Redis when it is up
            "/",
        ]
        for path in pages:
            status, _, body = writer.get(path)
            assert status == 200, (path, status, body[-2000:])
        during = _post(writer, thread, "Pendant la panne")
        assert "Pendant la panne" in writer.get(pages[0])[2].decode()
        # A vote is recorded; its live turnout is lost, not the vote.
        status, headers, body = writer.post(
            reverse("votes:detail", args=[ballot.pk]), {"choices": option(ballot, "for").pk}
        )
        # Post/redirect/get: the receipt waits in the session (in the database) for the page.
        ballot_page = reverse("votes:detail", args=[ballot.pk])
        assert status == 302 and headers["Location"] == ballot_page + "#receipt", (status, body)
        assert Participation.objects.filter(ballot=ballot).count() == 1
        status, _, body = writer.get(ballot_page)
        assert status == 200 and b'id="receipt"' in body

        redis_server.start()
        after = _post(writer, thread, "Après la panne")
        # The reader gets the post made during the outage (catch-up by revision) and the
        # one made after it (pushed live).
        assert reader.wait_for({during.pk, after.pk}), (reader.seen, reader.closes)
    finally:
        reader.stop()


def test_readers_learn_of_posts_made_while_redis_was_down_within_seconds(
    daphne, redis_server, college, staff
):
    """No push after the outage to reveal the gap, and the page pings every 25 s as
    thread.js does: the server tells it (club/core/live.py)."""
    import time

    facilitator = make_facilitator(college, staff=staff)
    member = make_member(college, staff=staff).user
    thread = make_thread(make_theme(college, facilitator), facilitator)
    writer = SignedInClient(daphne, member)
    reader = LiveReader(daphne, facilitator, thread.pk, ping_every=25).start()
    try:
        before = _post(writer, thread, "Avant la panne")
        assert reader.wait_for({before.pk}, seconds=10), reader.closes

        redis_server.stop()
        during = _post(writer, thread, "Pendant la panne")
        started = time.monotonic()
        # While Redis is away, the server has the page poll: seen within seconds.
        assert reader.wait_for({during.pk}, seconds=10), (reader.seen, reader.closes)
        seen_during = time.monotonic() - started

        late = _post(writer, thread, "Juste avant le retour")
        redis_server.start()
        back = time.monotonic()
        # Back: the page catches up at once, with nothing pushed after.
        assert reader.wait_for({late.pk}, seconds=8), (reader.seen, reader.closes)
        seen_after = time.monotonic() - back
        print(
            f"\nRedis outage: a post made while it was down seen in {seen_during:.1f} s; "
            f"one made just before it came back seen {seen_after:.1f} s after its return"
        )
        assert reader.connections == 1, "caught up on the same socket, no reconnection"
        # The socket's group membership survived the restart (the process subscribed again):
        # a post made now is pushed, long before any ping.
        time.sleep(1)
        after = _post(writer, thread, "Après le retour")
        assert reader.wait_for({after.pk}, seconds=3), (reader.seen, reader.closes)
    finally:
        reader.stop()


def test_the_cache_degrades_to_misses_while_redis_is_down(redis_server):
    cache = TolerantRedisCache(redis_server.url, {"OPTIONS": {"socket_connect_timeout": 1}})
    cache.RETRY_AFTER = 0
    cache.set("kept", 1)
    assert cache.get("kept") == 1
    redis_server.stop()
    assert cache.get("kept") is None and cache.get("kept", "défaut") == "défaut"
    # Locks and claims taken with add() proceed: they fail open (club/core/cache.py).
    assert cache.add("new", 1) is True and cache.set("new", 1) is None
    assert cache.get_or_set("pdf", lambda: b"%PDF") == b"%PDF"
    assert cache.get_many(["kept"]) == {} and cache.delete("kept") is False
    with pytest.raises(ValueError):
        cache.incr("kept")  # what callers already handle for a missing counter
    redis_server.start()
    cache._cache.down_until = 0  # the pause is per process; RETRY_AFTER=0 ends it too
    cache.set("back", 2)
    assert cache.get("back") == 2 and cache.incr("back") == 3

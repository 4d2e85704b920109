"""One Redis connection pool per server process, not a connection per request (issue 26.9).

A real Daphne process on a private redis-server: Redis itself counts the connections it
accepted (INFO stats, `total_connections_received`), so nothing of the product is mocked.
Fifty requests that use the cache and the rate limiter (anonymous API calls, each counted by
the API throttle; signed-in pages) and the channel layer (posts in a thread, published live).

Before: Django's Redis cache is one object per request context under ASGI, each with a pool
of its own, so every request opened a connection (about 51 for 50 requests); after, the process
keeps one pool for the cache and the limiter, and one for the channel layer.
"""

import shutil
import socket

import pytest
from django.urls import reverse

from tests.factories import make_member
from tests.notifications.processes import SharedDaphne, shared_database_url
from tests.reliability.servers import RedisServer, SignedInClient, request
from tests.threads.factories import make_facilitator, make_theme, make_thread

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.slow_subprocess,
    pytest.mark.redis,
    pytest.mark.skipif(not shutil.which("redis-server"), reason="needs redis-server"),
]

REQUESTS = 50


def connections_received(port: int) -> int:
    with socket.create_connection(("127.0.0.1", port), timeout=5) as sock:
        sock.sendall(b"INFO stats\r\n")
        data = b""
        while b"total_connections_received" not in data or not data.endswith(b"\r\n"):
            data += sock.recv(65536)
    for line in data.decode().splitlines():
        if line.startswith("total_connections_received:"):
            return int(line.partition(":")[2])
    raise AssertionError("no total_connections_received in INFO stats")


class RedisDaphne(SharedDaphne):
    def __init__(self, database_url: str, redis_url: str, **options):
        super().__init__(database_url, **options)
        self.redis_url = redis_url

    def environment(self) -> dict:
        return {**super().environment(), "REDIS_URL": self.redis_url}


def test_fifty_requests_open_a_handful_of_redis_connections(tmp_path, college, staff):
    facilitator = make_facilitator(college, staff=staff)
    member = make_member(college, staff=staff).user
    thread = make_thread(make_theme(college, facilitator), facilitator)
    post_path = reverse("colleges:post_create", kwargs={"pk": thread.pk})
    redis = RedisServer(tmp_path / "redis").start()
    server = RedisDaphne(
        shared_database_url(tmp_path), redis.url, log=tmp_path / "daphne.log"
    ).start()
    try:
        browser = SignedInClient(server, member)
        # Warm-up: the process opens its pools.
        assert request(server, "GET", "/api/v1/areas", headers={"Host": server.host})[0] == 200
        assert browser.get("/")[0] == 200
        assert browser.post(post_path, {"body": "Premier message"})[0] == 302
        before = connections_received(redis.port)
        for n in range(REQUESTS):
            if n % 5 == 4:  # a post, published on the channel layer
                status = browser.post(post_path, {"body": f"Message {n}"})[0]
                assert status == 302
            elif n % 2:
                status = request(server, "GET", "/api/v1/areas", headers={"Host": server.host})[0]
                assert status == 200
            else:
                assert browser.get("/")[0] == 200
        opened = connections_received(redis.port) - before - 1  # our own INFO connection
        print(f"Redis connections opened for {REQUESTS} requests: {opened}")
        assert opened <= 3, f"{opened} Redis connections for {REQUESTS} requests"
    finally:
        server.stop()
        redis.stop()


def test_cache_objects_of_one_process_share_one_client(redis_server):
    """What Django does per request context under ASGI: a new cache object each time."""
    from club.core.cache import TolerantRedisCache

    params = {"OPTIONS": {"socket_connect_timeout": 1}}
    first, second = (TolerantRedisCache(redis_server.url, params) for _ in range(2))
    assert first._cache is second._cache
    first.set("partagé", 1)
    assert second.get("partagé") == 1
    before = connections_received(redis_server.port)
    for n in range(REQUESTS):
        TolerantRedisCache(redis_server.url, params).get(f"clé-{n}")
    assert connections_received(redis_server.port) - before - 1 == 0

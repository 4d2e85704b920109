"""Live fan-out: 1,000 WebSocket readers of one thread over two Daphne processes on Redis.

Times from a post's submission (`colleges.threads.services.create_post`, called here) to its
arrival at every reader, and the memory each connection costs the servers (RSS delta over
connections). Baseline: the same number of clients on a bare relay consumer, reached by one
Channels `group_send` of a payload of the same size. Prints JSON.
"""

import argparse
import json
import os
import subprocess
import time

from asgiref.sync import async_to_sync

from bench.common import PYTHON, ROOT, Daphne, new_sessions, percentile, setup_django


class Clients:
    def __init__(self, urls, cookies, origin):
        self.process = subprocess.Popen(
            [PYTHON, "-m", "bench.fanout_clients"],
            cwd=ROOT,
            env=os.environ,
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            text=True,
        )
        self.send(json.dumps({"urls": urls, "cookies": cookies, "origin": origin}))
        ready = self.process.stdout.readline().split()
        self.connected, self.failed = int(ready[1]), int(ready[2])

    def send(self, line: str) -> None:
        self.process.stdin.write(line + "\n")
        self.process.stdin.flush()

    def arrivals(self, message_id: int) -> list[float]:
        self.send(f"expect {message_id}")
        return json.loads(self.process.stdout.readline())["arrivals"]

    def close(self) -> None:
        self.send("quit")
        self.process.wait(timeout=60)


def quiet(seconds: float) -> None:
    """Let the servers finish what the connections set off (presence updates)."""
    time.sleep(seconds)


def summarise(samples: list[tuple[float, list[float]]], expected: int) -> dict:
    latencies = [(arrival - sent) * 1000 for sent, arrivals in samples for arrival in arrivals]
    delivered = sum(len(arrivals) for _, arrivals in samples)
    return {
        "messages": len(samples),
        "delivered": delivered,
        "expected": expected * len(samples),
        "p50_ms": round(percentile(latencies, 0.5) or 0, 1),
        "p99_ms": round(percentile(latencies, 0.99) or 0, 1),
        "max_ms": round(max(latencies, default=0), 1),
    }


def phase(servers, urls, cookies, send_one, messages: int, settle: float) -> dict:
    before = sum(server.rss_kib() for server in servers)
    clients = Clients(urls, cookies, f"http://127.0.0.1:{servers[0].port}")
    connected_at = time.perf_counter()
    quiet(settle)
    after = sum(server.rss_kib() for server in servers)
    # One message first, not counted: the servers' first render loads templates and opens
    # their database connections.
    sent, message_id = send_one()
    clients.arrivals(message_id)
    samples = []
    for _ in range(messages):
        sent, message_id = send_one()
        samples.append((sent, clients.arrivals(message_id)))
        time.sleep(0.5)
    clients.close()
    result = summarise(samples, clients.connected)
    result.update(
        clients=clients.connected,
        failed=clients.failed,
        rss_delta_kib=after - before,
        kib_per_connection=round((after - before) / max(clients.connected, 1), 1),
        settle_s=round(time.perf_counter() - connected_at, 1),
    )
    return result


def run(clients: int, messages: int, settle: float) -> dict:
    from channels.layers import get_channel_layer

    from bench.scale import REFERENCE_THREAD_TITLE
    from colleges.models import Membership
    from colleges.threads import services
    from colleges.threads.models import Thread

    thread = Thread.objects.select_related("college").get(title=REFERENCE_THREAD_TITLE)
    readers = list(
        Membership.objects.active()
        .filter(college=thread.college)
        .select_related("user")
        .order_by("user_id")[:clients]
    )
    users = [membership.user for membership in readers]
    # A small preset's college has fewer members than the readers asked for: every reader is
    # a real member with a session, so both phases use as many sockets as there are members.
    clients = len(users)
    cookies = [f"sessionid={key}" for key in new_sessions(users)]
    author = users[0]
    body = "Réponse du banc d'essai : le rejet venait du code service, corrigé depuis."
    env = dict(os.environ)
    servers = [Daphne(env), Daphne(env)]
    try:
        for server in servers:
            server.wait()
        ports = [server.port for server in servers]

        # Baseline: a bare group_send of a payload the size of a rendered post.
        from django.template.loader import render_to_string  # noqa: F401 - warms templates

        sample = services.create_post(thread=thread, author=author, body=body)
        from colleges.threads.presenters import decorate_posts, render_post

        html = render_post(decorate_posts([sample], user=author, thread=thread)[0])
        layer = get_channel_layer()
        counter = iter(range(1, 10_000))

        def relay():
            message_id = next(counter)
            sent = time.time()
            async_to_sync(layer.group_send)(
                "bench.relay",
                {
                    "type": "bench.relay",
                    "payload": {"type": "relay", "id": message_id, "html": html},
                },
            )
            return sent, message_id

        relay_urls = [f"ws://127.0.0.1:{ports[i % 2]}/ws/bench/relay/" for i in range(clients)]
        baseline = phase(servers, relay_urls, [""] * clients, relay, messages, settle / 2)

        def post():
            sent = time.time()
            created = services.create_post(thread=thread, author=author, body=body)
            return sent, created.pk

        thread_urls = [
            f"ws://127.0.0.1:{ports[i % 2]}/ws/fils/{thread.pk}/" for i in range(clients)
        ]
        live = phase(servers, thread_urls, cookies, post, messages, settle)
    finally:
        for server in servers:
            server.stop()
    return {
        "clients": clients,
        "servers": 2,
        "live": live,
        "baseline": baseline,
        "ratio_p99": round(baseline["p99_ms"] / live["p99_ms"], 3) if live["p99_ms"] else None,
    }


if __name__ == "__main__":
    parser = argparse.ArgumentParser()
    parser.add_argument("--clients", type=int, default=1000)
    parser.add_argument("--messages", type=int, default=5)
    parser.add_argument("--settle", type=float, default=20)
    options = parser.parse_args()
    setup_django()
    print(json.dumps(run(options.clients, options.messages, options.settle)))

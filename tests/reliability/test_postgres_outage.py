"""PostgreSQL restarted, stopped, made read-only: members see no 500 and lose no text.

A private PostgreSQL cluster (initdb in a temporary directory) holding a copy of the test
database, a real Daphne process on it, and the test restarts or stops the cluster
(club/core/postgresql/pool.py, club/core/outage.py, club/views.py). Figures are printed
(`pytest -s`) for the record.
"""

import threading
import time
from concurrent.futures import ThreadPoolExecutor

import pytest
from django.urls import reverse

from tests.factories import make_member
from tests.reliability.servers import (
    DaphneServer,
    PostgresServer,
    SignedInClient,
    needs_postgres_and_redis,
    request,
)
from tests.threads.factories import make_facilitator, make_theme, make_thread

pytestmark = [needs_postgres_and_redis(), pytest.mark.postgres, pytest.mark.redis]


@pytest.fixture
def postgres():
    server = PostgresServer().start()
    yield server
    server.destroy()


@pytest.fixture
def drill(postgres, redis_server, transactional_db, college, staff, tmp_path):
    """A thread, a member signed in, and Daphne on the private cluster's copy of it all."""
    facilitator = make_facilitator(college, staff=staff)
    member = make_member(college, staff=staff).user
    thread = make_thread(make_theme(college, facilitator), facilitator)
    server = DaphneServer(
        redis_url=redis_server.url,
        database_url=postgres.url("club"),
        log=tmp_path / "daphne.log",
    )
    client = SignedInClient(server, member)  # its session row is copied with the rest
    postgres.copy_of_tests_database("club")
    server.start()
    yield server, client, thread
    server.stop()


def timed(call, *args):
    started = time.monotonic()
    status, headers, body = call(*args)
    return status, time.monotonic() - started, headers, body


def posts_with(postgres, body: str) -> int:
    return postgres.execute(f"SELECT count(*) FROM colleges_post WHERE body = '{body}'", "club")[0][
        0
    ]


def warm_the_pool(client, path, width=12) -> None:
    """Concurrent pages, so the process holds many idle connections (the drill saw 8–11)."""
    with ThreadPoolExecutor(width) as pool:
        assert {s for s, *_ in pool.map(lambda _: client.get(path), range(width * 2))} == {200}


def test_a_restart_costs_no_request_an_error_nor_a_second(drill, postgres):
    server, client, thread = drill
    page = reverse("colleges:thread_detail", kwargs={"pk": thread.pk})
    warm_the_pool(client, page)
    idle = postgres.execute("SELECT count(*) FROM pg_stat_activity WHERE datname = 'club'")[0][0]

    # A member keeps reading through the restart.
    during, stop = [], threading.Event()

    def keep_reading():
        while not stop.is_set():
            during.append(timed(client.get, page)[:2])

    reader = threading.Thread(target=keep_reading)
    reader.start()
    time.sleep(0.3)
    started = time.monotonic()
    postgres.restart()
    restarted_in = time.monotonic() - started

    # Right after: a burst of pages, the probe and a reply, on a pool full of dead connections.
    with ThreadPoolExecutor(12) as pool:
        after = list(pool.map(lambda _: timed(client.get, page)[:2], range(12)))
    ready = timed(request, server, "GET", "/readyz")
    reply = timed(
        client.post,
        reverse("colleges:post_create", kwargs={"pk": thread.pk}),
        {"body": "Juste après le redémarrage"},
    )
    time.sleep(0.5)
    stop.set()
    reader.join()

    statuses = [s for s, _ in during + after]
    slowest = max(seconds for _, seconds in during + after)
    print(
        f"\nrestart: {idle} connections before, server back in {restarted_in:.2f} s; "
        f"{len(statuses)} pages: {statuses.count(200)} × 200, {statuses.count(500)} × 500, "
        f"{statuses.count(503)} × 503, slowest {slowest:.2f} s; /readyz {ready[0]} in "
        f"{ready[1]:.2f} s; reply {reply[0]} in {reply[1]:.2f} s"
    )
    assert idle >= 6, "the drill needs many idle connections in the pool"
    assert 500 not in statuses
    assert {s for s, _ in after} == {200}
    assert max(seconds for _, seconds in after) < 1
    assert slowest < 1.5
    assert ready[0] == 200 and ready[1] < 1
    assert reply[0] == 302 and reply[1] < 1
    assert posts_with(postgres, "Juste après le redémarrage") == 1


def test_an_outage_answers_a_fast_503_and_hands_back_the_text(drill, postgres):
    server, client, thread = drill
    page = reverse("colleges:thread_detail", kwargs={"pk": thread.pk})
    reply_url = reverse("colleges:post_create", kwargs={"pk": thread.pk})
    warm_the_pool(client, page, width=4)
    postgres.stop()

    status, seconds, headers, body = timed(client.get, page)
    assert status == 503 and seconds < 2, (status, seconds, body[-1000:])
    assert int(headers["Retry-After"]) > 0
    text = body.decode()
    assert "Service momentanément indisponible" in text
    page_seconds = seconds

    # A reply typed during the outage comes back in the page, to copy or to send again.
    typed = "Ma réponse <b>longue</b>\nsur deux lignes"
    token = "3f1f6a52-2d6c-4d2e-9d7f-3b7e2a0c9b11"
    status, seconds, headers, body = timed(
        client.post, reply_url, {"body": typed, "submission_token": token}
    )
    assert status == 503 and seconds < 2, (status, seconds)
    text = body.decode()
    assert "Votre envoi n'a pas été enregistré" in text
    assert "Ma réponse &lt;b&gt;longue&lt;/b&gt;\nsur deux lignes</textarea>" in text
    assert f'action="{reply_url}"' in text and f'value="{token}"' in text
    assert headers["Cache-Control"] == "no-store"

    # The API: a problem to retry, not a 500.
    status, seconds, headers, body = timed(client.get, "/api/v1/colleges")
    assert status == 503 and seconds < 2
    assert headers["Content-Type"] == "application/problem+json"
    assert int(headers["Retry-After"]) > 0

    # The probe says so within a second.
    status, ready_seconds, _, _ = timed(request, server, "GET", "/readyz")
    assert status == 503 and ready_seconds < 1

    # Back: ready at once, and the reply sent again from the 503 page lands once.
    postgres.start()
    back = time.monotonic()
    while request(server, "GET", "/readyz")[0] != 200:
        assert time.monotonic() - back < 5, "not ready 5 s after the database came back"
        time.sleep(0.05)
    ready_after = time.monotonic() - back
    status, *_ = client.post(reply_url, {"body": typed, "submission_token": token})
    assert status == 302
    status, *_ = client.post(reply_url, {"body": typed, "submission_token": token})
    assert posts_with(postgres, typed.replace("'", "''")) == 1
    print(
        f"\noutage: page 503 in {page_seconds:.2f} s, /readyz 503 in {ready_seconds:.2f} s, "
        f"ready {ready_after:.2f} s after the database came back"
    )


def test_a_read_only_database_is_not_ready_and_writes_answer_503(drill, postgres):
    server, client, thread = drill
    assert request(server, "GET", "/readyz")[0] == 200
    postgres.execute("ALTER SYSTEM SET default_transaction_read_only = on")
    postgres.execute("SELECT pg_reload_conf()")
    time.sleep(0.5)  # every backend reads its configuration again

    status, _, body = request(server, "GET", "/readyz")
    assert status == 503, body
    assert b'"database": "down"' in body
    status, _headers, body = client.post(
        reverse("colleges:post_create", kwargs={"pk": thread.pk}), {"body": "En lecture seule"}
    )
    assert status == 503 and "En lecture seule</textarea>" in body.decode()

    postgres.execute("ALTER SYSTEM RESET default_transaction_read_only")
    postgres.execute("SELECT pg_reload_conf()")
    time.sleep(0.5)
    assert request(server, "GET", "/readyz")[0] == 200

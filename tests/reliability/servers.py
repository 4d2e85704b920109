"""Real processes for fault tests: a private Redis and Daphne servers on the test database.

Nothing here touches the shared Redis on 6379: each test starts its own `redis-server` on a
free port, and Daphne processes whose DATABASE_URL is pytest's test database (so the test must
commit its data: `transactional_db`). Reusable by any test that needs several real servers,
e.g. two Daphne processes sharing one channel layer.

    redis = RedisServer(tmp_path).start()
    server = DaphneServer(redis_url=redis.url).start()
    member = SignedInClient(server, user)        # session cookie made in the database
    member.post(path, {"body": "..."})           # CSRF handled
    server.kill()                                # SIGKILL, mid-request
    redis.stop(); redis.start()                  # outage and return, same port

    postgres = PostgresServer().start()          # a private cluster, same port across restarts
    url = postgres.copy_of_tests_database()      # what the test committed, in it
    server = DaphneServer(redis_url=..., database_url=url).start()
    postgres.restart(); postgres.stop(); postgres.start()
"""

from __future__ import annotations

import http.client
import os
import secrets
import shutil
import signal
import socket
import string
import subprocess
import sys
import tempfile
import time
import urllib.parse
from contextlib import closing
from pathlib import Path

import pytest
from django.conf import settings
from django.db import connection

BASE_DIR = Path(settings.BASE_DIR)
DAPHNE = Path(sys.executable).with_name("daphne")
STARTUP_SECONDS = 60


def needs_postgres_and_redis():
    """Fault tests run against the real services only (second CI pass)."""
    return pytest.mark.skipif(
        connection.vendor != "postgresql" or not os.environ.get("REDIS_URL"),
        reason="fault tests need PostgreSQL (DATABASE_URL) and a Redis server (REDIS_URL)",
    )


def free_port() -> int:
    with closing(socket.socket(socket.AF_INET, socket.SOCK_STREAM)) as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _wait_until(check, what: str, seconds: float = STARTUP_SECONDS) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if check():
            return
        time.sleep(0.1)
    raise RuntimeError(f"{what} did not come up in {seconds} s")


def _port_open(port: int) -> bool:
    try:
        with socket.create_connection(("127.0.0.1", port), timeout=0.5):
            return True
    except OSError:
        return False


def database_url_of_tests() -> str:
    """The database pytest-django created for this run (test_…), as a URL for subprocesses."""
    cfg = connection.settings_dict
    user = urllib.parse.quote(cfg.get("USER") or "")
    password = cfg.get("PASSWORD") or ""
    auth = f"{user}:{urllib.parse.quote(password)}@" if password else f"{user}@" if user else ""
    host = cfg.get("HOST") or "127.0.0.1"
    port = cfg.get("PORT") or 5432
    return f"postgres://{auth}{host}:{port}/{cfg['NAME']}"


class RedisServer:
    """A throwaway redis-server, without persistence, that can be stopped and started again."""

    def __init__(self, workdir: Path, port: int | None = None):
        self.workdir, self.port = Path(workdir), port or free_port()
        self.process: subprocess.Popen | None = None

    @property
    def url(self) -> str:
        return f"redis://127.0.0.1:{self.port}/0"

    def start(self) -> RedisServer:
        self.workdir.mkdir(parents=True, exist_ok=True)
        self.process = subprocess.Popen(
            [
                *("redis-server", "--port", str(self.port), "--bind", "127.0.0.1"),
                *("--save", "", "--appendonly", "no", "--dir", str(self.workdir)),
                *("--loglevel", "warning"),
            ],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        _wait_until(lambda: self.ping(), f"redis-server on port {self.port}")
        return self

    def ping(self) -> bool:
        try:
            with socket.create_connection(("127.0.0.1", self.port), timeout=0.5) as sock:
                sock.sendall(b"PING\r\n")
                return sock.recv(16).startswith(b"+PONG")
        except OSError:
            return False

    def stop(self) -> None:
        if self.process is not None and self.process.poll() is None:
            self.process.terminate()
            self.process.wait(timeout=20)
        self.process = None


def postgres_bin(name: str) -> str:
    """A PostgreSQL program (initdb, pg_ctl...) of the newest version installed."""
    found = sorted(
        Path("/usr/lib/postgresql").glob(f"*/bin/{name}"), key=lambda p: int(p.parts[-3])
    )
    if not found:
        pytest.skip(f"{name} is not installed (postgresql server package)")
    return str(found[-1])


class PostgresServer:
    """A throwaway PostgreSQL cluster (initdb in a temporary directory, fsync off) on a free
    port, that a test restarts or stops without disturbing the shared server. As root, the
    cluster runs as the `postgres` user (PostgreSQL refuses to run as root)."""

    def __init__(self, port: int | None = None):
        self.port = port or free_port()
        self.workdir = Path(tempfile.mkdtemp(prefix="club-pg-"))
        self.data = self.workdir / "data"
        self.as_user: list[str] = []
        if os.geteuid() == 0:
            self.as_user = ["runuser", "-u", "postgres", "--"]
            shutil.chown(self.workdir, "postgres", "postgres")

    def url(self, name: str = "postgres") -> str:
        return f"postgres://postgres@127.0.0.1:{self.port}/{name}"

    def _run(self, *command: str, timeout: float = 120) -> None:
        subprocess.run(
            [*self.as_user, *command],
            check=True,
            cwd=self.workdir,
            timeout=timeout,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
        )

    def _pg_ctl(self, *args: str) -> None:
        self._run(postgres_bin("pg_ctl"), "-D", str(self.data), "-w", *args)

    def start(self) -> PostgresServer:
        if not self.data.exists():
            self._run(
                postgres_bin("initdb"),
                *("-D", str(self.data), "-U", "postgres", "--auth=trust", "-E", "UTF8"),
                *("--locale=C.UTF-8", "--no-sync"),
            )
        options = (
            f"-p {self.port} -c listen_addresses=127.0.0.1 -c unix_socket_directories="
            f"{self.workdir} -c fsync=off -c synchronous_commit=off -c full_page_writes=off"
        )
        self._pg_ctl("-o", options, "-l", str(self.workdir / "server.log"), "start")
        return self

    def restart(self) -> None:
        """A fast restart: every connection is cut, the server is back a moment later."""
        self._pg_ctl("-m", "fast", "restart")

    def stop(self) -> None:
        if (self.data / "postmaster.pid").exists():
            self._pg_ctl("-m", "fast", "stop")

    def destroy(self) -> None:
        self.stop()
        shutil.rmtree(self.workdir, ignore_errors=True)

    def execute(self, sql: str, name: str = "postgres"):
        import psycopg

        with psycopg.connect(self.url(name), autocommit=True) as conn:
            cursor = conn.execute(sql)
            return cursor.fetchall() if cursor.description else None

    def copy_of_tests_database(self, name: str = "club") -> str:
        """The test database, with what the test committed, copied here (schema and rows)."""
        self.execute(f'CREATE DATABASE "{name}"')
        dump = subprocess.Popen(
            [postgres_bin("pg_dump"), "--no-owner", "--no-privileges", database_url_of_tests()],
            stdout=subprocess.PIPE,
        )
        subprocess.run(
            [postgres_bin("psql"), "-q", "-v", "ON_ERROR_STOP=1", self.url(name)],
            stdin=dump.stdout,
            check=True,
            stdout=subprocess.DEVNULL,
            timeout=300,
        )
        dump.stdout.close()
        assert dump.wait(timeout=60) == 0
        return self.url(name)


class DaphneServer:
    """`daphne club.asgi:application` on a free port, reading the test database."""

    def __init__(
        self,
        *,
        redis_url: str,
        port: int | None = None,
        log: Path | None = None,
        database_url: str | None = None,
        env: dict | None = None,
    ):
        self.redis_url, self.port = redis_url, port or free_port()
        self.log = log
        self.database_url = database_url
        self.extra_env = env or {}
        self.process: subprocess.Popen | None = None
        self.starts = 0

    @property
    def host(self) -> str:
        return f"127.0.0.1:{self.port}"

    def environment(self) -> dict:
        env = {
            key: value
            for key, value in os.environ.items()
            # The xdist worker name would move the subprocess to another Redis database.
            if not key.startswith(("PYTEST_", "DJANGO_"))
        }
        env.update(
            DJANGO_SETTINGS_MODULE="club.settings_test",
            DATABASE_URL=self.database_url or database_url_of_tests(),
            REDIS_URL=self.redis_url,
            SECRET_KEY=settings.SECRET_KEY,
            ALLOWED_HOSTS="127.0.0.1,localhost",
            DEBUG="0",
            LOG_LEVEL="WARNING",
            PYTHONPATH=str(BASE_DIR),
        )
        env.update(self.extra_env)
        return env

    def start(self) -> DaphneServer:
        output = open(self.log, "ab") if self.log else subprocess.DEVNULL  # noqa: SIM115
        self.process = subprocess.Popen(
            [str(DAPHNE), "-b", "127.0.0.1", "-p", str(self.port), "club.asgi:application"],
            cwd=BASE_DIR,
            env=self.environment(),
            stdout=output,
            stderr=output,
        )
        self.starts += 1
        _wait_until(self.healthy, f"daphne on port {self.port}")
        return self

    def healthy(self) -> bool:
        if self.process is None or self.process.poll() is not None:
            raise RuntimeError(f"daphne exited with {self.process and self.process.returncode}")
        if not _port_open(self.port):
            return False
        try:
            return request(self, "GET", "/healthz")[0] == 200
        except OSError:
            return False

    def kill(self) -> None:
        """SIGKILL: no graceful shutdown, requests in flight are cut."""
        if self.process is not None and self.process.poll() is None:
            self.process.send_signal(signal.SIGKILL)
            self.process.wait(timeout=20)
        self.process = None

    def stop(self) -> None:
        if self.process is not None and self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait(timeout=20)
        self.process = None


def request(server, method: str, path: str, body: bytes | None = None, headers=None, timeout=30):
    """One HTTP exchange; returns (status, headers, body). Connection errors propagate."""
    conn = http.client.HTTPConnection("127.0.0.1", server.port, timeout=timeout)
    try:
        conn.request(method, path, body=body, headers=headers or {})
        response = conn.getresponse()
        return response.status, dict(response.getheaders()), response.read()
    finally:
        conn.close()


def session_cookie_for(user) -> str:
    """A signed-in session stored in the database, as a browser would hold it."""
    from django.test import Client

    client = Client()
    client.force_login(user)
    return client.cookies[settings.SESSION_COOKIE_NAME].value


class SignedInClient:
    """A member's browser without JavaScript: session and CSRF cookies, plain form posts."""

    def __init__(self, server: DaphneServer, user):
        self.server = server
        self.csrf = "".join(secrets.choice(string.ascii_letters + string.digits) for _ in range(32))
        self.cookie = f"{settings.CSRF_COOKIE_NAME}={self.csrf}"
        if user is not None:  # None: an anonymous visitor
            self.cookie += f"; {settings.SESSION_COOKIE_NAME}={session_cookie_for(user)}"

    def headers(self, **extra) -> dict:
        return {"Cookie": self.cookie, "Host": self.server.host, **extra}

    def get(self, path: str):
        return request(self.server, "GET", path, headers=self.headers())

    def post(self, path: str, data: dict):
        body = urllib.parse.urlencode({**data, "csrfmiddlewaretoken": self.csrf}, doseq=True)
        return request(
            self.server,
            "POST",
            path,
            body=body.encode(),
            headers=self.headers(**{"Content-Type": "application/x-www-form-urlencoded"}),
        )


class LiveReader:
    """A thread page's live script, in Python: connects, catches up by revision on every
    (re)connection and whenever a pong says it is behind, pings, and reconnects after any
    close, as colleges/threads/static/threads/thread.js does."""

    def __init__(self, server: DaphneServer, user, thread_id: int, *, ping_every: float = 1.0):
        self.server, self.thread_id, self.ping_every = server, thread_id, ping_every
        self.cookie = f"{settings.SESSION_COOKIE_NAME}={session_cookie_for(user)}"
        self.revision = 0
        self.seen: set[int] = set()
        self.connections = 0
        self.closes: list[str] = []
        self._stop = False
        self._thread = None

    def start(self) -> LiveReader:
        import threading

        self._thread = threading.Thread(target=self._run, daemon=True)
        self._thread.start()
        return self

    def stop(self) -> None:
        self._stop = True
        if self._thread is not None:
            self._thread.join(timeout=10)

    def wait_for(self, post_ids, seconds: float = 60) -> bool:
        deadline = time.monotonic() + seconds
        while time.monotonic() < deadline:
            if set(post_ids) <= self.seen:
                return True
            time.sleep(0.1)
        return False

    def _run(self) -> None:
        import json

        from websockets.exceptions import ConnectionClosed
        from websockets.sync.client import connect

        url = f"ws://{self.server.host}/ws/fils/{self.thread_id}/"
        while not self._stop:
            try:
                with connect(
                    url,
                    origin=f"http://{self.server.host}",
                    additional_headers={"Cookie": self.cookie},
                    open_timeout=5,
                ) as socket_:
                    self.connections += 1
                    socket_.send(json.dumps({"type": "catch_up", "since": self.revision}))
                    last_ping = time.monotonic()
                    while not self._stop:
                        if time.monotonic() - last_ping >= self.ping_every:
                            socket_.send(json.dumps({"type": "ping"}))
                            last_ping = time.monotonic()
                        try:
                            message = json.loads(socket_.recv(timeout=0.2))
                        except TimeoutError:
                            continue
                        posts = []
                        if message.get("type") == "pong" and message["revision"] > self.revision:
                            socket_.send(json.dumps({"type": "catch_up", "since": self.revision}))
                        if message.get("type") == "post":
                            posts = [message]
                        elif message.get("type") == "catch_up":
                            posts = message["posts"]
                            self.revision = max(self.revision, message["revision"])
                        if message.get("type") == "post" and (
                            message["revision"] > self.revision + 1
                        ):
                            # A push was missed: catch up before moving the revision on.
                            socket_.send(json.dumps({"type": "catch_up", "since": self.revision}))
                            self.seen.add(message["id"])
                            continue
                        for post in posts:
                            self.seen.add(post["id"])
                            self.revision = max(self.revision, post["revision"])
            except (ConnectionClosed, OSError, TimeoutError) as error:
                self.closes.append(type(error).__name__)
            except Exception as error:  # the handshake refused (500) while Redis is down
                self.closes.append(type(error).__name__)
            time.sleep(0.5)

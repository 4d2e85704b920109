"""What every benchmark shares: the environment, manage.py, Daphne processes, sessions."""

import os
import resource
import secrets
import socket
import subprocess
import sys
import time
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

ROOT = Path(__file__).resolve().parent.parent
PYTHON = sys.executable
RESULTS = ROOT / "bench" / "results"
WORKDIR = ROOT / "var" / "bench"


def bench_database_url() -> str | None:
    """BENCH_DATABASE_URL, else DATABASE_URL's server with a `<name>_bench` database: the
    benchmark adds 100,000 members and more, never to a database people work in."""
    if os.environ.get("BENCH_DATABASE_URL"):
        return os.environ["BENCH_DATABASE_URL"]
    url = os.environ.get("DATABASE_URL")
    if not url:
        return None
    parts = urlsplit(url)
    name = parts.path.lstrip("/")
    return urlunsplit(parts._replace(path=f"/{name}_bench"))


def bench_env() -> dict:
    WORKDIR.mkdir(parents=True, exist_ok=True)
    env = dict(os.environ)
    env.update(
        # The product's settings plus the baselines' routes (bench/settings.py).
        DJANGO_SETTINGS_MODULE="bench.settings",
        DEBUG="0",
        SECRET_KEY=env.get("BENCH_SECRET_KEY") or "bench-" + secrets.token_hex(24),
        ALLOWED_HOSTS="127.0.0.1,localhost,testserver",
        SECURE_SSL_REDIRECT="0",
        SESSION_COOKIE_SECURE="0",
        CSRF_COOKIE_SECURE="0",
        SECURE_HSTS_SECONDS="0",
        STATIC_ROOT=str(WORKDIR / "static"),
        MEDIA_ROOT=str(WORKDIR / "media"),
        LOG_LEVEL="WARNING",
        # Seeded people are fictitious: opening a ballot must not mail 20,000 of them.
        EMAIL_BACKEND="django.core.mail.backends.dummy.EmailBackend",
        # PostgreSQL connections come from a pool per process, as in production (docs/deploy.md).
        PYTHONPATH=str(ROOT),
    )
    env["BENCH_SECRET_KEY"] = env["SECRET_KEY"]  # one key for every process of the run
    url = bench_database_url()
    env["DATABASE_URL"] = url or f"sqlite:///{WORKDIR / 'bench.sqlite3'}"
    return env


def ensure_database(url: str, *, fresh: bool = False) -> None:
    """Create the PostgreSQL benchmark database if it is missing; `fresh` starts it empty
    (the query curve needs to start at its smallest size)."""
    import psycopg

    parts = urlsplit(url)
    name = parts.path.lstrip("/")
    admin = urlunsplit(parts._replace(path="/postgres"))
    with psycopg.connect(admin, autocommit=True) as connection:
        if fresh:
            connection.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        exists = connection.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name])
        if not exists.fetchone():
            connection.execute(f'CREATE DATABASE "{name}"')


def manage(env: dict, *args: str, quiet: bool = True) -> str:
    result = subprocess.run(
        ["nice", PYTHON, "manage.py", *args],
        cwd=ROOT,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE if quiet else None,
        text=True,
    )
    if result.returncode != 0:
        raise SystemExit(f"manage.py {' '.join(args)} failed:\n{result.stderr}")
    return result.stdout


def script(env: dict, module: str, *args: str, timeout: float | None = 900) -> str:
    """Run `python -m bench.<module>` with Django set up on the bench database."""
    result = subprocess.run(
        [PYTHON, "-m", f"bench.{module}", *args],
        cwd=ROOT,
        env=env,
        stdout=subprocess.PIPE,
        text=True,
        timeout=timeout,
    )
    if result.returncode != 0:
        raise SystemExit(f"bench.{module} failed")
    return result.stdout


def raise_open_files(limit: int = 16384) -> None:
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    wanted = min(limit, hard) if hard != resource.RLIM_INFINITY else limit
    if soft < wanted:
        resource.setrlimit(resource.RLIMIT_NOFILE, (wanted, hard))


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def wait_for(port: int, timeout: float = 60) -> None:
    deadline = time.time() + timeout
    while time.time() < deadline:
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=1):
                return
        except OSError:
            time.sleep(0.2)
    raise SystemExit(f"the server on port {port} did not start")


class Daphne:
    """One Daphne process, as `make prod-local` runs them."""

    def __init__(self, env: dict, port: int | None = None):
        self.port = port or free_port()
        self.process = subprocess.Popen(
            [PYTHON, "-m", "daphne", "-b", "127.0.0.1", "-p", str(self.port),
             "bench.asgi:application"],
            cwd=ROOT,
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=(WORKDIR / f"daphne-{self.port}.log").open("w"),
            preexec_fn=raise_open_files,
        )  # fmt: skip

    def wait(self) -> "Daphne":
        wait_for(self.port)
        return self

    def rss_kib(self) -> int:
        for line in Path(f"/proc/{self.process.pid}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1])
        return 0

    def stop(self) -> None:
        self.process.terminate()
        try:
            self.process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()


def setup_django() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "bench.settings")
    import django

    django.setup()


def new_sessions(users) -> list[str]:
    """Signed-in sessions for these users, written in one go (DB session backend)."""
    from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
    from django.contrib.sessions.backends.db import SessionStore
    from django.contrib.sessions.models import Session
    from django.utils import timezone

    store = SessionStore()
    rows, keys = [], []
    expiry = timezone.now() + timezone.timedelta(days=1)
    for user in users:
        key = secrets.token_hex(16)
        data = {
            SESSION_KEY: str(user.pk),
            BACKEND_SESSION_KEY: "django.contrib.auth.backends.ModelBackend",
            HASH_SESSION_KEY: user.get_session_auth_hash(),
        }
        rows.append(Session(session_key=key, session_data=store.encode(data), expire_date=expiry))
        keys.append(key)
    Session.objects.bulk_create(rows, batch_size=1000)
    return keys


def percentile(values: list[float], share: float) -> float | None:
    if not values:
        return None
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(share * len(ordered)))]

"""`make bench`: page throughput and latency against a bare-view baseline, in the same run.

Absolute times drift on shared machines, so every figure is printed next to a baseline measured
in the same run and the ratio between them. Uses DATABASE_URL / REDIS_URL when set (PostgreSQL
and Redis), else a throw-away SQLite database. Writes bench/results/latest.json.
"""

import argparse
import json
import os
import secrets
import socket
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.loadgen import run_load  # noqa: E402

PYTHON = sys.executable
RESULTS = ROOT / "bench" / "results"

# (name, path, signed in as a member?) — pages whose URL does not exist yet are skipped.
PAGES = [
    ("accueil", "/", False),
    ("accueil (membre)", "/", True),
    ("collèges", "/colleges/", True),
    ("tableau des demandes", "/demandes/", True),
    ("votes", "/votes/", True),
    ("livres blancs", "/livres-blancs/", False),
    ("recherche (membre)", "/recherche/?q=factures", True),
    ("tableaux de bord", "/tableaux-de-bord/", False),
]


def bench_env(workdir: Path) -> dict:
    env = dict(os.environ)
    env.update(
        DJANGO_SETTINGS_MODULE="club.settings",
        DEBUG="0",
        SECRET_KEY="bench-" + secrets.token_hex(24),
        ALLOWED_HOSTS="127.0.0.1,localhost",
        SECURE_SSL_REDIRECT="0",
        SESSION_COOKIE_SECURE="0",
        CSRF_COOKIE_SECURE="0",
        SECURE_HSTS_SECONDS="0",
        BENCH_BASELINE="1",
        STATIC_ROOT=str(workdir / "static"),
        MEDIA_ROOT=str(workdir / "media"),
        LOG_LEVEL="WARNING",
    )
    env.setdefault("DATABASE_URL", f"sqlite:///{workdir / 'bench.sqlite3'}")
    return env


def manage(env: dict, *args: str) -> str:
    result = subprocess.run(
        [PYTHON, "manage.py", *args], cwd=ROOT, env=env, capture_output=True, text=True
    )
    if result.returncode != 0:
        raise SystemExit(f"manage.py {' '.join(args)} failed:\n{result.stderr}")
    return result.stdout


def member_session(env: dict) -> str:
    code = (
        "from django.contrib.auth import get_user_model; from importlib import import_module; "
        "from django.conf import settings; "
        "user = get_user_model().objects.get(email='lucas.michel@demo.club-chorus-pro.fr'); "
        "store = import_module(settings.SESSION_ENGINE).SessionStore(); "
        "store['_auth_user_id'] = str(user.pk); "
        "store['_auth_user_backend'] = 'django.contrib.auth.backends.ModelBackend'; "
        "store['_auth_user_hash'] = user.get_session_auth_hash(); store.create(); print(store.session_key)"
    )
    return manage(env, "shell", "-c", code).strip().splitlines()[-1]


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def wait_for(port: int, timeout: float = 30) -> None:
    deadline = time.time() + timeout
    while time.time() < deadline:
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=1):
                return
        except OSError:
            time.sleep(0.2)
    raise SystemExit("the server did not start")


def fetch(port: int, path: str, headers: dict) -> tuple[int, int]:
    import http.client

    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    connection.request("GET", path, headers=headers)
    response = connection.getresponse()
    body = response.read()
    return response.status, len(body)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--duration", type=float, default=5.0, help="seconds per measurement")
    parser.add_argument("--connections", type=int, default=8, help="concurrent connections")
    options = parser.parse_args()

    workdir = ROOT / "var" / "bench"
    workdir.mkdir(parents=True, exist_ok=True)
    env = bench_env(workdir)
    print("Préparation : migrations, données de démonstration, fichiers statiques…", flush=True)
    manage(env, "migrate", "--noinput", "-v", "0")
    manage(env, "seed_demo")
    manage(env, "collectstatic", "--noinput", "-v", "0")
    cookie = {"Cookie": f"sessionid={member_session(env)}"}

    port = free_port()
    server = subprocess.Popen(
        [PYTHON, "-m", "daphne", "-b", "127.0.0.1", "-p", str(port), "club.asgi:application"],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    rows = []
    try:
        wait_for(port)
        for name, path, signed_in in PAGES:
            headers = cookie if signed_in else {}
            status, size = fetch(port, path, headers)
            if status != 200:
                print(f"  {name:<24} ignoré (HTTP {status})")
                continue
            baseline = run_load(
                "127.0.0.1",
                port,
                f"/bench/bare/?bytes={size}",
                connections=options.connections,
                duration=options.duration,
            ).summary()
            page = run_load(
                "127.0.0.1",
                port,
                path,
                headers=headers,
                connections=options.connections,
                duration=options.duration,
            ).summary()
            ratio = page["rps"] / baseline["rps"] if baseline["rps"] else 0.0
            rows.append(
                {
                    "name": name,
                    "path": path,
                    "bytes": size,
                    "page": page,
                    "baseline": baseline,
                    "ratio": round(ratio, 3),
                }
            )
            print(
                f"  {name:<24} {page['rps']:>8.1f} req/s  p50 {page['p50_ms']:>7.1f} ms  p99 {page['p99_ms']:>7.1f} ms"
                f"  | témoin {baseline['rps']:>8.1f} req/s  | ratio {ratio:.2f}",
                flush=True,
            )
    finally:
        server.terminate()
        server.wait(timeout=10)
    RESULTS.mkdir(parents=True, exist_ok=True)
    (RESULTS / "latest.json").write_text(json.dumps({"http": rows}, indent=2, ensure_ascii=False))
    print(f"Résultats : {RESULTS / 'latest.json'}")


if __name__ == "__main__":
    main()

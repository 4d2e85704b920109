"""Set-up times: `make run` from a fresh clone until the server answers, and the test suite.

Baselines measured in the same run: creating a virtualenv and installing both locks with their
hashes, as `make setup` does (the floor any Python project pays; pip's cache is used by both),
and collecting the tests without running them.
"""

import argparse
import http.client
import json
import os
import signal
import subprocess
import tempfile
import time
from pathlib import Path

from bench.common import PYTHON, ROOT, free_port


def clean_env() -> dict:
    env = {
        key: value
        for key, value in os.environ.items()
        if key not in {"DATABASE_URL", "REDIS_URL", "VIRTUAL_ENV", "DJANGO_SETTINGS_MODULE"}
        and not key.startswith(("SECRET", "BENCH", "DEBUG", "STATIC", "MEDIA", "PYTHONPATH"))
    }
    return env


def answered(port: int) -> bool:
    try:
        connection = http.client.HTTPConnection("127.0.0.1", port, timeout=2)
        connection.request("GET", "/healthz")
        return connection.getresponse().status == 200
    except OSError:
        return False


def make_run(python: str) -> float:
    with tempfile.TemporaryDirectory(prefix="club-clone-") as tmp:
        clone = Path(tmp) / "club"
        subprocess.run(["git", "clone", "-q", str(ROOT), str(clone)], check=True)
        port = free_port()
        started = time.perf_counter()
        process = subprocess.Popen(
            ["make", "run", f"PORT={port}", f"PYTHON={python}"],
            cwd=clone,
            env=clean_env(),
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            start_new_session=True,
        )
        try:
            while not answered(port):
                if process.poll() is not None:
                    raise SystemExit("make run stopped before the server answered")
                time.sleep(0.5)
            return time.perf_counter() - started
        finally:
            os.killpg(process.pid, signal.SIGTERM)
            process.wait(timeout=30)


def bare_install(python: str) -> float:
    with tempfile.TemporaryDirectory(prefix="club-venv-") as tmp:
        started = time.perf_counter()
        subprocess.run([python, "-m", "venv", f"{tmp}/venv"], check=True)
        subprocess.run(
            [f"{tmp}/venv/bin/python", "-m", "pip", "install", "-q", "--require-hashes",
             "-r", str(ROOT / "requirements.lock"), "-r", str(ROOT / "requirements-dev.lock")],
            check=True,
        )  # fmt: skip
        return time.perf_counter() - started


def test_suite() -> tuple[float, float]:
    env = clean_env()
    started = time.perf_counter()
    subprocess.run([PYTHON, "-m", "pytest", "-q", "--collect-only"], cwd=ROOT, env=env,
                   stdout=subprocess.DEVNULL, check=False)  # fmt: skip
    collect = time.perf_counter() - started
    started = time.perf_counter()
    subprocess.run([PYTHON, "-m", "pytest", "-q", "-n", "2"], cwd=ROOT, env=env,
                   stdout=subprocess.DEVNULL, check=False)  # fmt: skip
    return time.perf_counter() - started, collect


if __name__ == "__main__":
    parser = argparse.ArgumentParser()
    parser.add_argument("--with-tests", action="store_true")
    options = parser.parse_args()
    python = "python3"
    result = {"make_run_s": round(make_run(python), 1), "install_s": round(bare_install(python), 1)}
    if options.with_tests:
        suite, collect = test_suite()
        result.update(tests_s=round(suite, 1), collect_s=round(collect, 1))
    print(json.dumps(result))

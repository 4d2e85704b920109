"""A burst of sign-ins beside page latency (issue 26.8): a plenary signing in at once.

`python -m bench.signins --members 300 --seconds 120` (on the bench database, through
`bench/run.py`) creates that many members with a real password hash (the product's hasher,
computed once and shared), starts two Daphne processes (one per core, as production runs them),
then:

1. baseline: a signed-in member's page under a steady closed-loop load, nothing else going on;
2. burst: the same load while the members sign in through the login form, evenly spread over
   `--seconds`, all from one address (a plenary behind one NAT, as 127.0.0.1 here), taking
   turns between the two processes as nginx's upstream would.

Prints JSON: the page's p50/p95 in both, the ratio of the p95s, and the sign-ins (answered with
the redirect of a success, refused, their p50/p95). Run it with PASSWORD_HASHING_CONCURRENCY=64
to see what unbounded hashing does to the pages.
"""

import argparse
import http.client
import json
import re
import threading
import time
import urllib.parse

from bench.common import Daphne, percentile, setup_django
from bench.loadgen import run_load

DOMAIN = "connexion.bench.example"
PASSWORD = "Une-phrase-de-passe-du-banc-2026"
LOGIN = "/compte/login/"
TOKEN = re.compile(rb'name="csrfmiddlewaretoken" value="([^"]+)"')


def prepare(members: int) -> list[str]:
    from allauth.account.models import EmailAddress
    from django.contrib.auth.hashers import make_password

    from club.core.accounts.models import User

    User.objects.filter(email__endswith=f"@{DOMAIN}").delete()
    encoded = make_password(PASSWORD)  # one real hash, shared: seeding stays fast
    users = User.objects.bulk_create(
        User(email=f"membre.{n}@{DOMAIN}", password=encoded, first_name="Membre", last_name=str(n))
        for n in range(members)
    )
    EmailAddress.objects.bulk_create(
        EmailAddress(user=user, email=user.email, verified=True, primary=True) for user in users
    )
    return [user.email for user in users]


def sign_in(port: int, email: str) -> tuple[int, float]:
    """The login form as a browser sends it; (status of the POST, seconds for GET + POST)."""
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=120)
    started = time.perf_counter()
    try:
        connection.request("GET", LOGIN, headers={"Host": "127.0.0.1"})
        response = connection.getresponse()
        page = response.read()
        cookies = [
            value.split(";", 1)[0]
            for name, value in response.getheaders()
            if name.lower() == "set-cookie"
        ]
        token = TOKEN.search(page)
        if response.status != 200 or token is None:
            return response.status, time.perf_counter() - started
        body = urllib.parse.urlencode(
            {"login": email, "password": PASSWORD, "remember": "on",
             "csrfmiddlewaretoken": token.group(1).decode()}
        )  # fmt: skip
        connection.request(
            "POST",
            LOGIN,
            body=body,
            headers={
                "Host": "127.0.0.1",
                "Cookie": "; ".join(cookies),
                "Content-Type": "application/x-www-form-urlencoded",
            },
        )
        response = connection.getresponse()
        response.read()
        return response.status, time.perf_counter() - started
    except (OSError, http.client.HTTPException):
        return 0, time.perf_counter() - started
    finally:
        connection.close()


def burst(ports: list[int], emails: list[str], seconds: float) -> list[tuple[int, float]]:
    results: list[tuple[int, float]] = []
    lock = threading.Lock()

    def one(n: int, email: str, at: float) -> None:
        time.sleep(max(0.0, at - time.perf_counter()))
        outcome = sign_in(ports[n % len(ports)], email)
        with lock:
            results.append(outcome)

    start = time.perf_counter()
    step = seconds / max(1, len(emails))
    threads = [
        threading.Thread(target=one, args=(n, email, start + n * step))
        for n, email in enumerate(emails)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return results


def summary(load) -> dict:
    data = load.summary()
    return {key: data[key] for key in ("requests", "errors", "rps", "p50_ms", "p95_ms")}


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--members", type=int, default=300)
    parser.add_argument("--seconds", type=float, default=120.0)
    parser.add_argument("--connections", type=int, default=4, help="page load connections")
    options = parser.parse_args()

    setup_django()
    import os

    from bench.pages import member_session, pages

    emails = prepare(options.members)
    name, path = next(iter(pages().items()))
    cookie = {"Cookie": f"sessionid={member_session()}", "Host": "127.0.0.1"}
    servers = [Daphne(dict(os.environ)) for _ in range(2)]
    server = servers[0]
    try:
        for each in servers:
            each.wait()
        load = {"connections": options.connections, "processes": 1}
        run_load("127.0.0.1", server.port, path, headers=cookie, duration=2, **load)  # warm-up
        baseline = run_load(
            "127.0.0.1",
            server.port,
            path,
            headers=cookie,
            duration=min(options.seconds, 20),
            **load,
        )
        during: dict = {}
        loader = threading.Thread(
            target=lambda: during.update(
                result=run_load(
                    "127.0.0.1", server.port, path, headers=cookie, duration=options.seconds,
                    **load,
                )
            )
        )  # fmt: skip
        loader.start()
        began = time.perf_counter()
        outcomes = burst([each.port for each in servers], emails, options.seconds)
        burst_seconds = time.perf_counter() - began
        loader.join()
    finally:
        for each in servers:
            each.stop()
    times = [seconds * 1000 for status, seconds in outcomes if status == 302]
    page, base = summary(during["result"]), summary(baseline)
    print(
        json.dumps(
            {
                "page": {"name": name, "path": path},
                "hashing_concurrency": os.environ.get("PASSWORD_HASHING_CONCURRENCY", "1"),
                "baseline": base,
                "during_burst": page,
                "ratio_p95": round(page["p95_ms"] / base["p95_ms"], 2) if base["p95_ms"] else None,
                "signins": {
                    "asked": len(emails),
                    "seconds": round(burst_seconds, 1),
                    "signed_in": len(times),
                    "refused_429": sum(1 for status, _ in outcomes if status == 429),
                    "other": sum(1 for status, _ in outcomes if status not in (302, 429)),
                    "p50_ms": round(percentile(times, 0.5) or 0, 1),
                    "p95_ms": round(percentile(times, 0.95) or 0, 1),
                },
            }
        )
    )


if __name__ == "__main__":
    main()

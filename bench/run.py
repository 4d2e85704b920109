"""`make bench`: the club at scale, every figure next to a baseline measured in the same run.

Absolute times drift on shared machines, so each figure comes with a baseline and the ratio:
  1. HTTP pages as a signed-in member (throughput, p50/p95/p99) vs a bare view of the same
     size, through the same Daphne server, under load from separate processes;
  2. SQL queries and build time per page at growing numbers of posts (the counts must not grow);
  3. votes per second with 200 concurrent voters through votes.services.cast_vote, with the
     exactly-once check, vs plain ORM inserts of the same rows;
  4. live fan-out to 1,000 WebSocket readers over two Daphne processes on Redis vs a bare
     Channels group_send of the same payload, and memory per connection;
  5. set-up: `make run` from a fresh clone vs a bare install (and the test suite, opt-in);
  6. a burst of sign-ins from one address (a plenary: 300 in two minutes) beside a member's
     page latency, vs the same page without the burst (bench/signins.py).

PostgreSQL and Redis when DATABASE_URL / REDIS_URL are set (the data goes to a separate
`<name>_bench` database, or BENCH_DATABASE_URL); otherwise SQLite and the in-memory layer,
where the vote and fan-out parts are skipped. Writes bench/results/latest.json.
"""

import argparse
import json
import os
import platform
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.common import (
    RESULTS,
    Daphne,
    bench_database_url,
    bench_env,
    ensure_database,
    manage,
    script,
)
from bench.loadgen import run_load

PRESETS = {
    # 100,000 members, posts growing 10k -> 100k -> 1M for the query curve: fits 15 minutes.
    "bench": {"members": 100_000, "sizes": [10_000, 100_000, 1_000_000], "requests": 10_000,
              "votes": 300_000, "signins": 300, "signin_seconds": 120},
    "quick": {"members": 3_000, "sizes": [3_000, 10_000], "requests": 500, "votes": 10_000,
              "signins": 50, "signin_seconds": 20},
}  # fmt: skip


def say(text: str) -> None:
    print(text, flush=True)


def http_section(env, pages, session, duration, connections, processes) -> list[dict]:
    import http.client

    rows = []
    server = Daphne(env).wait()
    cookie = {"Cookie": f"sessionid={session}"}
    try:
        for name, path in pages.items():
            connection = http.client.HTTPConnection("127.0.0.1", server.port, timeout=60)
            connection.request("GET", path, headers=cookie)
            response = connection.getresponse()
            size = len(response.read())
            if response.status != 200:
                say(f"  {name:<22} ignoré (HTTP {response.status})")
                continue
            load = {"connections": connections, "duration": duration, "processes": processes}
            # The same member's cookie: the baseline pays what any signed-in request pays in
            # this server (session, middleware), not the page's own work.
            baseline = run_load(
                "127.0.0.1", server.port, f"/bench/bare/?bytes={size}", headers=cookie, **load
            ).summary()
            page = run_load("127.0.0.1", server.port, path, headers=cookie, **load).summary()
            ratio = page["rps"] / baseline["rps"] if baseline["rps"] else 0.0
            rows.append({"name": name, "path": path, "bytes": size, "page": page,
                         "baseline": baseline, "ratio": round(ratio, 3)})  # fmt: skip
            say(
                f"  {name:<22} {page['rps']:>7.1f} req/s  p50 {page['p50_ms']:>7.1f}  "
                f"p95 {page['p95_ms']:>7.1f}  p99 {page['p99_ms']:>7.1f} ms  | témoin "
                f"{baseline['rps']:>7.1f} req/s p99 {baseline['p99_ms']:>6.1f} ms | ratio {ratio:.2f}"
            )
    finally:
        server.stop()
    return rows


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--preset", choices=sorted(PRESETS), default="bench")
    parser.add_argument("--duration", type=float, default=5.0, help="seconds per HTTP measurement")
    parser.add_argument("--connections", type=int, default=8, help="HTTP connections per process")
    parser.add_argument("--processes", type=int, default=2, help="load generator processes")
    parser.add_argument("--voters", type=int, default=200)
    parser.add_argument("--votes", type=int, default=3000)
    parser.add_argument("--clients", type=int, default=1000, help="WebSocket readers")
    parser.add_argument(
        "--skip", default="", help="sections to skip: http,signins,queries,votes,fanout,setup"
    )
    parser.add_argument(
        "--keep-data",
        action="store_true",
        help="keep the benchmark database (faster; the query curve then starts where it is)",
    )
    parser.add_argument("--with-tests", action="store_true", help="also time the test suite")
    options = parser.parse_args()
    skip = set(filter(None, options.skip.split(",")))
    preset = PRESETS[options.preset]
    started = time.perf_counter()

    env = bench_env()
    postgres = bench_database_url() is not None
    redis = bool(os.environ.get("REDIS_URL"))
    if postgres:
        ensure_database(env["DATABASE_URL"], fresh=not options.keep_data)
    results = {
        "preset": options.preset,
        "machine": {"cpus": os.cpu_count(), "python": platform.python_version()},
        "database": "postgresql" if postgres else "sqlite",
        "redis": redis,
    }
    say(
        f"Base : {results['database']}, Redis : {'oui' if redis else 'non'}, préréglage {options.preset}"
    )
    say("Préparation : migrations, démonstration, fichiers statiques…")
    manage(env, "migrate", "--noinput", "-v", "0")
    manage(env, "seed_demo")
    manage(env, "collectstatic", "--noinput", "-v", "0")

    def seed(posts: int) -> float:
        began = time.perf_counter()
        script(env, "seed_scale", "--preset", "large", "--members", str(preset["members"]),
               "--posts", str(posts), "--requests", str(preset["requests"]),
               "--votes", str(preset["votes"]), "--quiet", timeout=None)  # fmt: skip
        return round(time.perf_counter() - began, 1)

    # 2. Queries and build time per page, at each size.
    curve = []
    for posts in preset["sizes"]:
        seconds = seed(posts)
        say(f"Données : {preset['members']} membres, {posts} messages (ajout en {seconds} s)")
        if "queries" in skip:
            continue
        measured = json.loads(script(env, "pages", "queries", "5"))
        curve.append({"posts": posts, "seed_s": seconds, "pages": measured})
        for name, row in measured.items():
            say(f"  {name:<22} {row['queries']:>3} requêtes  {row['median_ms']:>7.1f} ms")
    results["queries"] = curve
    if curve:
        counts = {
            name: [size["pages"][name]["queries"] for size in curve] for name in curve[0]["pages"]
        }
        results["queries_constant"] = {name: len(set(c)) == 1 for name, c in counts.items()}

    # 1. HTTP throughput at the largest size.
    urls = json.loads(script(env, "pages", "urls"))
    if "http" not in skip:
        say(f"HTTP, membre connecté, {options.processes}×{options.connections} connexions :")
        results["http"] = http_section(env, urls["pages"], urls["session"], options.duration,
                                       options.connections, options.processes)  # fmt: skip

    # 6. A burst of sign-ins beside page latency.
    if "signins" not in skip:
        count, seconds = preset["signins"], preset["signin_seconds"]
        say(f"Connexions : {count} en {seconds} s depuis une adresse, à côté d'une page…")
        signins = json.loads(script(env, "signins", "--members", str(count),
                                    "--seconds", str(seconds)))  # fmt: skip
        results["signins"] = signins
        burst, base, page = signins["signins"], signins["baseline"], signins["during_burst"]
        say(f"  connexions : {burst['signed_in']}/{burst['asked']} réussies, {burst['refused_429']} "
            f"refusées, p50 {burst['p50_ms']} ms p95 {burst['p95_ms']} ms | page "
            f"{signins['page']['name']} p95 {page['p95_ms']} ms pendant, témoin sans vague "
            f"p95 {base['p95_ms']} ms | ratio p95 {signins['ratio_p95']}")  # fmt: skip

    # 3. Votes.
    if "votes" not in skip and postgres:
        say(f"Votes : {options.voters} votants simultanés…")
        votes = json.loads(script(env, "votes", "--voters", str(options.voters),
                                  "--votes", str(options.votes)))  # fmt: skip
        results["votes"] = votes
        say(f"  {votes['votes_per_s']} votes/s | témoin {votes['baseline_per_s']} insertions/s | "
            f"ratio {votes['ratio']} | une seule fois : {votes['exactly_once']['ok']}")  # fmt: skip
    elif "votes" not in skip:
        say("Votes : ignoré (PostgreSQL requis : DATABASE_URL)")

    # 4. Live fan-out.
    if "fanout" not in skip and redis and postgres:
        say(f"Diffusion en direct : {options.clients} lecteurs sur deux processus Daphne…")
        fanout = json.loads(script(env, "fanout", "--clients", str(options.clients)))
        results["fanout"] = fanout
        live, base = fanout["live"], fanout["baseline"]
        say(f"  message : p50 {live['p50_ms']} ms p99 {live['p99_ms']} ms, {live['delivered']}/"
            f"{live['expected']} reçus, {live['kib_per_connection']} Kio/connexion | témoin "
            f"group_send p50 {base['p50_ms']} ms p99 {base['p99_ms']} ms, "
            f"{base['kib_per_connection']} Kio/connexion | ratio p99 {fanout['ratio_p99']}")  # fmt: skip
    elif "fanout" not in skip:
        say("Diffusion en direct : ignorée (Redis et PostgreSQL requis : REDIS_URL, DATABASE_URL)")

    # 5. Set-up.
    if "setup" not in skip:
        say("Installation : make run depuis un clone neuf…")
        args = ["--with-tests"] if options.with_tests else []
        setup = json.loads(script(env, "setup_time", *args, timeout=1800))
        results["setup"] = setup
        line = (f"  make run {setup['make_run_s']} s | témoin venv + pip {setup['install_s']} s | "
                f"ratio {round(setup['install_s'] / setup['make_run_s'], 2)}")  # fmt: skip
        if "tests_s" in setup:
            line += f" ; tests {setup['tests_s']} s (collecte {setup['collect_s']} s)"
        say(line)

    results["total_s"] = round(time.perf_counter() - started, 1)
    RESULTS.mkdir(parents=True, exist_ok=True)
    (RESULTS / "latest.json").write_text(json.dumps(results, indent=2, ensure_ascii=False))
    say(f"Terminé en {results['total_s']} s. Résultats : {RESULTS / 'latest.json'}")


if __name__ == "__main__":
    main()

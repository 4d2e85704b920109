"""A small closed-loop HTTP load generator, run in its own processes.

Each worker process keeps `connections` keep-alive connections busy for `duration` seconds
and records every request's latency. Kept dependency-free so the benchmark needs nothing
beyond the project's virtualenv.
"""

import http.client
import multiprocessing
import statistics
import threading
import time
from dataclasses import dataclass


@dataclass
class LoadResult:
    requests: int
    errors: int
    seconds: float
    latencies_ms: list[float]

    @property
    def throughput(self) -> float:
        return self.requests / self.seconds if self.seconds else 0.0

    def percentile(self, share: float) -> float:
        if not self.latencies_ms:
            return float("nan")
        ordered = sorted(self.latencies_ms)
        return ordered[min(len(ordered) - 1, int(share * len(ordered)))]

    def summary(self) -> dict:
        return {
            "requests": self.requests,
            "errors": self.errors,
            "rps": round(self.throughput, 1),
            "p50_ms": round(self.percentile(0.50), 2),
            "p95_ms": round(self.percentile(0.95), 2),
            "p99_ms": round(self.percentile(0.99), 2),
            "mean_ms": round(statistics.fmean(self.latencies_ms), 2) if self.latencies_ms else None,
        }


def _connection_loop(host, port, path, headers, deadline, latencies, errors):
    connection = http.client.HTTPConnection(host, port, timeout=30)
    while time.perf_counter() < deadline:
        started = time.perf_counter()
        try:
            connection.request("GET", path, headers=headers)
            response = connection.getresponse()
            response.read()
            if response.status != 200:
                errors.append(response.status)
                continue
        except (OSError, http.client.HTTPException):
            errors.append("io")
            connection.close()
            connection = http.client.HTTPConnection(host, port, timeout=30)
            continue
        latencies.append((time.perf_counter() - started) * 1000)
    connection.close()


def _worker(args, queue):
    host, port, path, headers, connections, duration = args
    latencies: list[float] = []
    errors: list = []
    deadline = time.perf_counter() + duration
    threads = [
        threading.Thread(
            target=_connection_loop, args=(host, port, path, headers, deadline, latencies, errors)
        )
        for _ in range(connections)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    queue.put((len(latencies), len(errors), latencies))


def run_load(
    host, port, path, *, headers=None, processes=1, connections=8, duration=5.0
) -> LoadResult:
    """Hammer one URL from separate processes and gather latencies."""
    queue = multiprocessing.Queue()
    args = (host, port, path, headers or {}, connections, duration)
    workers = [
        multiprocessing.Process(target=_worker, args=(args, queue)) for _ in range(processes)
    ]
    started = time.perf_counter()
    for worker in workers:
        worker.start()
    results = [queue.get() for _ in workers]
    for worker in workers:
        worker.join()
    elapsed = time.perf_counter() - started
    latencies = [value for _, _, chunk in results for value in chunk]
    return LoadResult(
        requests=sum(count for count, _, _ in results),
        errors=sum(errors for _, errors, _ in results),
        seconds=min(elapsed, duration + 1) if latencies else elapsed,
        latencies_ms=latencies,
    )

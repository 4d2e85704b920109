"""Password hashing with bounded concurrency: a burst of sign-ins leaves the pages responsive.

Checking a password costs about 0.6 s of CPU (PBKDF2, 1,000,000 iterations), and hashlib
releases the GIL while it works, so forty members signing in together ran forty hashes at once
on two cores: page p95 went from 0.34 s to 1 s and each sign-in took 3 s (issue 26.8). Here the
hashes of a process run in a small pool of its own threads:

- at most `PASSWORD_HASHING_CONCURRENCY` at a time (one per process by default, and production
  runs one Daphne process per core); the others wait their turn in line without using the CPU;
- at a lower scheduling priority (`PASSWORD_HASHING_NICE`, Linux keeps a nice value per
  thread): while pages want the CPU they get it first, and the hashes take what is left.

The same work is done with the same salt and iterations: stored hashes are unchanged (same
algorithm name), only when they run is bounded. Every use goes through `encode`: checking a
password (`verify`), hardening the runtime of a wrong one, setting a new one, and the dummy
hash Django runs for an unknown e-mail.
"""

import contextlib
import os
import threading
from concurrent.futures import ThreadPoolExecutor

from django.conf import settings
from django.contrib.auth.hashers import PBKDF2PasswordHasher

_lock = threading.Lock()
_pool: ThreadPoolExecutor | None = None
_shape: tuple[int, int] | None = None


def _lower_priority(nice: int) -> None:
    if nice > 0 and hasattr(os, "setpriority"):
        # Relative to the process's own (a server already run under `nice` stays below it),
        # and for this thread only (Linux keeps one value per thread).
        thread = threading.get_native_id()
        with contextlib.suppress(OSError):
            os.setpriority(
                os.PRIO_PROCESS, thread, min(19, os.getpriority(os.PRIO_PROCESS, thread) + nice)
            )


def hashing_pool() -> ThreadPoolExecutor:
    """The process's hashing threads, shaped by the settings (made again if they change)."""
    global _pool, _shape
    shape = (
        max(1, int(getattr(settings, "PASSWORD_HASHING_CONCURRENCY", 1))),
        int(getattr(settings, "PASSWORD_HASHING_NICE", 10)),
    )
    if _pool is None or shape != _shape:
        with _lock:
            if _pool is None or shape != _shape:
                if _pool is not None:
                    _pool.shutdown(wait=False)
                _pool = ThreadPoolExecutor(
                    max_workers=shape[0],
                    thread_name_prefix="password-hashing",
                    initializer=_lower_priority,
                    initargs=(shape[1],),
                )
                _shape = shape
    return _pool


class BoundedPBKDF2PasswordHasher(PBKDF2PasswordHasher):
    def encode(self, password, salt, iterations=None):
        # The calling thread (a request's) waits without CPU; exceptions come back as raised.
        return hashing_pool().submit(super().encode, password, salt, iterations).result()
